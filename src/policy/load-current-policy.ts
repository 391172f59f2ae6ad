// The current (approved) version of the trust's policy: the one read function every capability
// uses to cite and link clauses, instead of reading policy_versions itself.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import type { PolicyClause } from "./parsed-policy";
import { policyVersions } from "./schema";

export type PolicyVersion = typeof policyVersions.$inferSelect;

export async function loadCurrentPolicy(db: DbOrTx): Promise<PolicyVersion | null> {
  const [current] = await db
    .select()
    .from(policyVersions)
    .where(eq(policyVersions.status, "current"))
    .limit(1);
  return current ?? null;
}

/** A clause of the current policy by its stable id ("8.3.2"), or null. */
export async function loadCurrentClause(
  db: DbOrTx,
  clauseId: string,
): Promise<{ version: PolicyVersion; clause: PolicyClause } | null> {
  const version = await loadCurrentPolicy(db);
  const clause = version?.parsed.clauses.find((c) => c.id === clauseId);
  return version && clause ? { version, clause } : null;
}

/** One version by id (current, superseded or draft), e.g. the one a past acknowledgement covered. */
export async function loadPolicyVersion(db: DbOrTx, versionId: string): Promise<PolicyVersion | null> {
  const [version] = await db.select().from(policyVersions).where(eq(policyVersions.id, versionId)).limit(1);
  return version ?? null;
}
