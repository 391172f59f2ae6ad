// The signed-in person's assignment for the current version (their staff record's, or as a
// trustee their account's), and marking when they first opened it (for the time spent reading).
import { and, eq, isNull, isNotNull } from "drizzle-orm";
import type { SignedInUser } from "../platform/auth/sessions";
import type { DbOrTx } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { acknowledgementAssignments, acknowledgements } from "./schema";

export async function loadMyAssignment(db: DbOrTx, user: Pick<SignedInUser, "id" | "staffId">) {
  const version = await loadCurrentPolicy(db);
  if (!version) return null;
  const [row] = await db
    .select({ a: acknowledgementAssignments, ack: acknowledgements })
    .from(acknowledgementAssignments)
    .leftJoin(acknowledgements, eq(acknowledgements.assignmentId, acknowledgementAssignments.id))
    .where(
      and(
        eq(acknowledgementAssignments.versionId, version.id),
        user.staffId
          ? eq(acknowledgementAssignments.staffId, user.staffId)
          : and(isNull(acknowledgementAssignments.staffId), eq(acknowledgementAssignments.userId, user.id)),
      ),
    );
  return row
    ? { version, assignment: row.a, acknowledgement: row.ack }
    : { version, assignment: null, acknowledgement: null };
}

export async function markStartedReading(db: DbOrTx, assignmentId: string, at: Date): Promise<void> {
  await db
    .update(acknowledgementAssignments)
    .set({ startedAt: at })
    .where(
      and(eq(acknowledgementAssignments.id, assignmentId), isNull(acknowledgementAssignments.startedAt)),
    );
}

/** How many acknowledgements this person has made (My record). */
export async function countMyAcknowledgements(
  db: DbOrTx,
  person: { userId: string; staffId: string | null },
) {
  const rows = await db
    .select({ id: acknowledgements.id })
    .from(acknowledgements)
    .innerJoin(acknowledgementAssignments, eq(acknowledgementAssignments.id, acknowledgements.assignmentId))
    .where(
      person.staffId
        ? eq(acknowledgementAssignments.staffId, person.staffId)
        : and(
            isNull(acknowledgementAssignments.staffId),
            eq(acknowledgementAssignments.userId, person.userId),
            isNotNull(acknowledgementAssignments.userId),
          ),
    );
  return rows.length;
}
