// Keeps the control-to-clause mapping in step with the current policy. Mappings are anchored by
// wording: when a new version renumbers a clause, its controls follow it; a clause no control
// covers is a gap, shown as such.
import { and, eq } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { DbOrTx } from "../platform/db";
import { controlCatalogue } from "./control-catalogue";
import { findTemplateClause } from "./template-clauses";
import { clauseAnchor, locateClauses } from "./locate-clause";
import type { ParsedPolicy, PolicyClause } from "./parsed-policy";
import { controlMappings } from "./schema";

export type ClauseCoverage = {
  clauseId: string;
  controls: { key: string; confidence: number; by: "content" | "number" }[];
};

/**
 * On approval: re-anchor the trust's mappings to the new version's clauses, and seed the
 * catalogue's defaults the first time (or for controls the trust has never mapped).
 */
export async function relocateControlMappings(
  tx: DbOrTx,
  trustId: string,
  policy: ParsedPolicy,
  actor: Actor,
): Promise<{ moved: number; seeded: number; lost: string[] }> {
  const existing = await tx.select().from(controlMappings).where(eq(controlMappings.trustId, trustId));
  let moved = 0;
  let seeded = 0;
  const lost: string[] = [];
  // All at once, exact wording first, so a removed clause is not pinned on a near-identical neighbour.
  const located = locateClauses({ anchors: existing.map((m) => m.anchor), policy });
  for (const [i, m] of existing.entries()) {
    const found = located[i];
    if (found?.by !== "content") {
      // A number alone is no evidence that the clause is still the one the control covers.
      lost.push(`${m.controlKey}:${m.clauseId}`);
      await tx.delete(controlMappings).where(eq(controlMappings.id, m.id));
      continue;
    }
    if (found.clauseId !== m.clauseId) {
      const clause = policy.clauses.find((c) => c.id === found.clauseId)!;
      await tx.delete(controlMappings).where(eq(controlMappings.id, m.id));
      await tx
        .insert(controlMappings)
        .values({
          trustId,
          controlKey: m.controlKey,
          clauseId: found.clauseId,
          anchor: clauseAnchor(clause),
          createdBy: m.createdBy,
        })
        .onConflictDoNothing();
      moved++;
    } else {
      // Same number, perhaps reworded: follow the new wording from now on.
      const anchor = clauseAnchor(policy.clauses.find((c) => c.id === found.clauseId)!);
      if (anchor.fingerprint !== m.anchor.fingerprint)
        await tx.update(controlMappings).set({ anchor }).where(eq(controlMappings.id, m.id));
    }
  }
  const mappedControls = new Set(existing.map((m) => m.controlKey));
  for (const control of controlCatalogue()) {
    if (mappedControls.has(control.key)) continue;
    for (const number of control.defaults) {
      const clause = findTemplateClause(policy, number);
      if (!clause) continue;
      const inserted = await tx
        .insert(controlMappings)
        .values({
          trustId,
          controlKey: control.key,
          clauseId: clause.id,
          anchor: clauseAnchor(clause),
          createdBy: "catalogue default",
        })
        .onConflictDoNothing()
        .returning();
      seeded += inserted.length;
    }
  }
  if (moved || seeded || lost.length) {
    await recordAuditEvent(tx, {
      actor,
      action: "controls.remapped",
      subjectType: "control-mappings",
      detail: { moved, seeded, lost },
    });
  }
  return { moved, seeded, lost };
}

/** Maps one more clause to a control (a trust admin's choice on the policy page). */
export async function mapControl(
  tx: DbOrTx,
  trustId: string,
  controlKey: string,
  clause: PolicyClause,
  actor: Actor,
): Promise<void> {
  await tx
    .insert(controlMappings)
    .values({
      trustId,
      controlKey,
      clauseId: clause.id,
      anchor: clauseAnchor(clause),
      createdBy: actor.label,
    })
    .onConflictDoNothing();
  await recordAuditEvent(tx, {
    actor,
    action: "controls.mapped",
    subjectType: "control-mappings",
    detail: { controlKey, clauseId: clause.id },
  });
}

export async function unmapControl(
  tx: DbOrTx,
  trustId: string,
  controlKey: string,
  clauseId: string,
  actor: Actor,
): Promise<void> {
  await tx
    .delete(controlMappings)
    .where(
      and(
        eq(controlMappings.trustId, trustId),
        eq(controlMappings.controlKey, controlKey),
        eq(controlMappings.clauseId, clauseId),
      ),
    );
  await recordAuditEvent(tx, {
    actor,
    action: "controls.unmapped",
    subjectType: "control-mappings",
    detail: { controlKey, clauseId },
  });
}

/** Coverage of each clause of the current version, by the stored mappings. */
export function coverage(
  policy: ParsedPolicy,
  mappings: { controlKey: string; clauseId: string }[],
): Map<string, string[]> {
  const byClause = new Map<string, string[]>();
  for (const c of policy.clauses) byClause.set(c.id, []);
  for (const m of mappings) byClause.get(m.clauseId)?.push(m.controlKey);
  return byClause;
}
