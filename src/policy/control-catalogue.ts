// The controls a clause can be mapped to: those the registered capabilities provide (built), and
// those still planned, whose clauses show as gaps. A default is found in the school's policy by the
// clause's wording (template-clauses.ts), not its number; the trust's actual mapping is data
// (control_mappings) and can change.
import { capabilities } from "../platform/capability";

export type ControlDefinition = {
  key: string;
  name: string;
  /** What the control does, in the school's words. */
  does: string;
  /** False for a control a later release builds: its clauses show as gaps until then. */
  built: boolean;
  /** Where a leader goes to see it working. */
  href?: string;
  /** Template clause numbers; each is found in the school's policy by its wording (template-clauses.ts). */
  defaults: readonly string[];
};

/** Controls no capability provides yet. A capability that builds one uses the same key. */
const PLANNED: ControlDefinition[] = [];

export function controlCatalogue(): ControlDefinition[] {
  const built: ControlDefinition[] = capabilities().flatMap((capability) =>
    (capability.controls ?? []).map((control) => ({
      key: control.key,
      name: control.name,
      does: control.does,
      built: true,
      href: control.href,
      defaults: control.defaults,
    })),
  );
  const keys = new Set(built.map((c) => c.key));
  return [...built, ...PLANNED.filter((p) => !keys.has(p.key))];
}

export function controlByKey(key: string): ControlDefinition | undefined {
  return controlCatalogue().find((c) => c.key === key);
}
