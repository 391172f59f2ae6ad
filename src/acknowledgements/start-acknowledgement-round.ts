// A version became current (called inside the approval's transaction): open its round, close the
// previous version's unfinished assignments, and assign everyone in post. When wording changed, the
// round waits for a leader to mark which changes are material before asking returning staff.
import { and, eq } from "drizzle-orm";
import type { PolicyVersionCurrentEvent } from "../platform/capability";
import type { Tx } from "../platform/db";
import { diffPolicyVersions } from "../policy/diff-policy-versions";
import { loadPolicyVersion } from "../policy/load-current-policy";
import { changesToJudge } from "./plan-assignment";
import { acknowledgementAssignments, acknowledgementRounds } from "./schema";
import { syncAssignments } from "./sync-assignments";

export async function startAcknowledgementRound(tx: Tx, event: PolicyVersionCurrentEvent): Promise<void> {
  const version = await loadPolicyVersion(tx, event.versionId);
  if (!version) return;
  const previous = event.previousVersionId ? await loadPolicyVersion(tx, event.previousVersionId) : null;
  const toJudge = previous
    ? changesToJudge(diffPolicyVersions({ from: previous.parsed, to: version.parsed }))
    : [];
  await tx
    .insert(acknowledgementRounds)
    .values({
      versionId: version.id,
      trustId: event.trustId,
      previousVersionId: previous?.id ?? null,
      materiality: toJudge.length > 0 ? "pending" : "decided",
    })
    .onConflictDoNothing();
  if (previous)
    await tx
      .update(acknowledgementAssignments)
      .set({ status: "superseded" })
      .where(
        and(
          eq(acknowledgementAssignments.versionId, previous.id),
          eq(acknowledgementAssignments.status, "open"),
        ),
      );
  await syncAssignments(tx, event.asOf);
}
