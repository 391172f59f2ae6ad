// A version became current: guidance published under a clause whose wording did not change is
// carried to the new version (under the clause's new number if it moved); guidance under a
// changed or removed clause stays with the old version for a leader to republish.
import { eq } from "drizzle-orm";
import type { PolicyVersionCurrentEvent } from "../platform/capability";
import type { Tx } from "../platform/db";
import { diffPolicyVersions } from "../policy/diff-policy-versions";
import { loadPolicyVersion } from "../policy/load-current-policy";
import { questionGuidance } from "./schema";

export async function carryGuidance(tx: Tx, event: PolicyVersionCurrentEvent): Promise<number> {
  if (!event.previousVersionId) return 0;
  const [version, previous] = await Promise.all([
    loadPolicyVersion(tx, event.versionId),
    loadPolicyVersion(tx, event.previousVersionId),
  ]);
  if (!version || !previous) return 0;
  const old = await tx.select().from(questionGuidance).where(eq(questionGuidance.versionId, previous.id));
  if (old.length === 0) return 0;
  const unchanged = new Map<string, string>();
  for (const change of diffPolicyVersions({ from: previous.parsed, to: version.parsed }))
    if ((change.kind === "unchanged" || change.kind === "renumbered") && change.fromId && change.toId)
      unchanged.set(change.fromId, change.toId);
  const carried = old
    .filter((g) => unchanged.has(g.clauseId))
    .map((g) => ({
      trustId: g.trustId,
      questionId: g.questionId,
      versionId: version.id,
      clauseId: unchanged.get(g.clauseId)!,
      question: g.question,
      answer: g.answer,
      carriedFromId: g.id,
      publishedByUserId: g.publishedByUserId,
      publishedAt: g.publishedAt,
    }));
  if (carried.length) await tx.insert(questionGuidance).values(carried);
  return carried.length;
}
