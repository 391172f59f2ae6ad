// The typed catalogue of audit events. Each capability declares its events (action, a zod
// schema of the detail, and what the event means in words) in an `audit-events.ts` of its own
// folder, and merges them into `AuditEventCatalogue` by declaration merging, so
// `recordAuditEvent` accepts only declared actions with their detail, and the platform imports
// no feature to know them.
import type { z } from "zod";

/** Merged into by every capability's audit-events.ts: action -> detail type. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface AuditEventCatalogue {}

export type AuditAction = keyof AuditEventCatalogue & string;

export type AuditEventDefinition = {
  detail: z.ZodType<Record<string, unknown>>;
  /** What it means, in the words a member of staff reads on "My record" and the audit page. */
  means: string;
  /** What it means to the person whose records it touched ("your records were included in …"). */
  toPerson?: (detail: Record<string, unknown>, at: string) => string;
};

/** The merge helper: `interface AuditEventCatalogue extends AuditDetails<typeof events> {}`. */
export type AuditDetails<T extends Record<string, AuditEventDefinition>> = {
  [A in keyof T]: z.input<T[A]["detail"]>;
};

const registry = new Map<string, AuditEventDefinition & { capability: string }>();

export function declareAuditEvents<const T extends Record<string, AuditEventDefinition>>(
  capability: string,
  events: T,
): T {
  for (const [action, definition] of Object.entries(events)) {
    const known = registry.get(action);
    if (known && known.capability !== capability)
      throw new Error(`audit event "${action}" is declared by both ${known.capability} and ${capability}`);
    registry.set(action, { ...definition, capability });
  }
  return events;
}

/** Checks a detail against its declared schema; an undeclared or malformed event is a bug. */
export function checkAuditDetail(action: string, detail: Record<string, unknown>): Record<string, unknown> {
  const definition = registry.get(action);
  if (!definition) return detail; // declared in a module not loaded here (types still checked it)
  const parsed = definition.detail.safeParse(detail);
  if (!parsed.success)
    throw new Error(
      `audit event "${action}": detail does not match its declaration (${parsed.error.message})`,
    );
  return detail;
}

/** What an event means, in words; the action itself when it is not declared (an old row). */
export function describeAuditEvent(action: string): string {
  return registry.get(action)?.means ?? action;
}

/**
 * What an event means to the person whose records it touched, on their own record: the event's
 * `toPerson` when it has one (it may use the row's detail and time), else its `means`.
 */
export function describeAuditEventToPerson(row: { action: string; detail?: unknown; at: string }): string {
  const declared = registry.get(row.action);
  if (declared?.toPerson && row.detail && typeof row.detail === "object")
    return declared.toPerson(row.detail as Record<string, unknown>, row.at);
  return declared?.means ?? row.action;
}

/** Every declared action, by capability then name: the audit page's filter list. */
export function declaredAuditActions(): { action: string; capability: string; means: string }[] {
  return [...registry.entries()]
    .map(([action, d]) => ({ action, capability: d.capability, means: d.means }))
    .sort((a, b) => a.capability.localeCompare(b.capability) || a.action.localeCompare(b.action));
}
