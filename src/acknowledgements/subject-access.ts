// The acknowledgement capability's part of a subject access record: each assignment and what was done.
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { acknowledgementAssignments, acknowledgements } from "./schema";

export async function acknowledgementSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  const rows = await db
    .select({ a: acknowledgementAssignments, ack: acknowledgements })
    .from(acknowledgementAssignments)
    .leftJoin(acknowledgements, eq(acknowledgements.assignmentId, acknowledgementAssignments.id))
    .where(
      or(
        person.staffId ? eq(acknowledgementAssignments.staffId, person.staffId) : undefined,
        and(isNull(acknowledgementAssignments.staffId), eq(acknowledgementAssignments.userId, person.userId)),
      ),
    )
    .orderBy(asc(acknowledgementAssignments.assignedOn));
  return [
    {
      key: "acknowledgements",
      title: "Acknowledgements of the policy",
      records: rows.map(({ a, ack }) => ({
        id: a.id,
        policyVersion: a.versionId,
        scope: a.scope,
        clauses: a.clauseIds,
        assignedOn: a.assignedOn,
        dueOn: a.dueOn,
        status: a.status,
        acknowledgedAt: iso(ack?.acknowledgedAt),
        checkScore: ack?.score ?? null,
        secondsReading: ack?.secondsReading ?? null,
        recordedOnYourBehalf: ack ? ack.onBehalfByUserId !== null : false,
        onBehalfReason: ack?.onBehalfReason ?? null,
      })),
    },
  ];
}
