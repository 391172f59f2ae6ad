// A member of staff acknowledges what they were asked to read (3.2.1): bound to the version and
// clauses, with their check answers and the time spent reading. A failed check records nothing and
// shows the clauses to read again.
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadPolicyVersion } from "../policy/load-current-policy";
import { loadAcknowledgementSettings } from "./acknowledgement-settings";
import { type CheckQuestion, gradeCheck, loadCheckQuestions, questionsForClauses } from "./check-questions";
import { acknowledgementAssignments, acknowledgements } from "./schema";

export type Assignment = typeof acknowledgementAssignments.$inferSelect;

export function ownsAssignment(user: Pick<SignedInUser, "id" | "staffId">, a: Assignment): boolean {
  return (a.staffId !== null && a.staffId === user.staffId) || (a.staffId === null && a.userId === user.id);
}

/** The reading time counted: from opening the policy to acknowledging, at most a working day. */
export function secondsReading(startedAt: Date | null, at: Date): number | null {
  if (!startedAt) return null;
  return Math.max(0, Math.min(8 * 3600, Math.round((at.getTime() - startedAt.getTime()) / 1000)));
}

export async function checkFor(db: Db, assignment: Assignment, trustId: string) {
  const version = await loadPolicyVersion(db, assignment.versionId);
  if (!version) return { questions: [] as CheckQuestion[], passMark: 0, enabled: false };
  const schedule = await loadAcknowledgementSettings(db, trustId);
  const questions = schedule.checkEnabled
    ? questionsForClauses(await loadCheckQuestions(db, trustId, version.parsed), assignment.clauseIds)
    : [];
  return { questions, passMark: schedule.passMark, enabled: schedule.checkEnabled };
}

export type RecordResult =
  | { ok: true }
  | { ok: false; reason: "not-yours" | "not-open" | "not-confirmed" }
  | { ok: false; reason: "failed-check"; score: number; passMark: number; wrong: CheckQuestion[] };

export async function recordAcknowledgement(options: {
  db: Db;
  user: SignedInUser;
  assignmentId: string;
  trustId: string;
  confirmed: boolean;
  chosen: Record<string, number | undefined>;
  asOf?: Date;
}): Promise<RecordResult> {
  const { db, user } = options;
  const at = options.asOf ?? new Date();
  const [assignment] = await db
    .select()
    .from(acknowledgementAssignments)
    .where(eq(acknowledgementAssignments.id, options.assignmentId));
  if (!assignment || !ownsAssignment(user, assignment)) return { ok: false, reason: "not-yours" };
  if (assignment.status !== "open" || assignment.scope === "pending")
    return { ok: false, reason: "not-open" };
  if (!options.confirmed) return { ok: false, reason: "not-confirmed" };
  const check = await checkFor(db, assignment, options.trustId);
  const graded = gradeCheck(check.questions, options.chosen, check.passMark);
  if (!graded.passed)
    return {
      ok: false,
      reason: "failed-check",
      score: graded.score,
      passMark: check.passMark,
      wrong: graded.wrong,
    };
  await db.transaction(async (tx) => {
    await tx.insert(acknowledgements).values({
      assignmentId: assignment.id,
      versionId: assignment.versionId,
      clauseIds: assignment.clauseIds,
      answers: graded.answers,
      score: check.questions.length ? graded.score : null,
      secondsReading: secondsReading(assignment.startedAt, at),
      acknowledgedAt: at,
    });
    await tx
      .update(acknowledgementAssignments)
      .set({ status: "done", completedAt: at })
      .where(eq(acknowledgementAssignments.id, assignment.id));
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "acknowledgement.recorded",
      subjectType: "acknowledgement-assignment",
      subjectId: assignment.id,
      schoolId: assignment.schoolId,
      detail: { clauses: assignment.clauseIds.length, score: graded.score },
    });
  });
  return { ok: true };
}
