// Live, aggregate evidence for every built control, asked of the capability that provides it:
// counts only, never names, so trustees may see it.
import { capabilities, type ControlEvidence, type SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";

export type Evidence = ControlEvidence;

export async function controlEvidence(
  db: Db,
  scope: SchoolScope,
  now = new Date(),
): Promise<Record<string, Evidence>> {
  const controls = capabilities().flatMap((c) => c.controls ?? []);
  const results = await Promise.all(controls.map((control) => control.evidence({ db, scope, now })));
  return Object.fromEntries(controls.map((control, i) => [control.key, results[i]!]));
}
