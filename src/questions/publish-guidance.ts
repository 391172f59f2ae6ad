// A leader publishes an answered question as guidance under its clause, anonymised and edited:
// the published words are the leader's, never the question as asked (which stays private).
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { canReadQuestion } from "./can-read-question";
import { questionGuidance, questions } from "./schema";

export type PublishResult =
  | { ok: true; guidanceId: string }
  | { ok: false; field: "question" | "answer" | "clause" | "form" | "missing"; message: string };

export async function publishGuidance(options: {
  db: Db;
  leader: SignedInUser;
  questionId: string;
  clauseId: string;
  question: string;
  answer: string;
  asOf?: Date;
}): Promise<PublishResult> {
  const { db, leader } = options;
  const [q] = await db.select().from(questions).where(eq(questions.id, options.questionId));
  if (!q) return { ok: false, field: "missing", message: "There is no such question." };
  if (
    !q.schoolId ||
    !canReadQuestion(leader, q) ||
    !can(leader, "questions.oversee", { schoolId: q.schoolId })
  )
    return { ok: false, field: "form", message: "You cannot publish this question." };
  if (q.status === "open")
    return { ok: false, field: "form", message: "Answer the question before publishing it." };
  const question = options.question.trim();
  const answer = options.answer.trim();
  if (!question || question.length > 1000)
    return {
      ok: false,
      field: "question",
      message: "Write the question as it should be published (up to 1000 characters).",
    };
  if (!answer || answer.length > 4000)
    return {
      ok: false,
      field: "answer",
      message: "Write the answer as it should be published (up to 4000 characters).",
    };
  const version = await loadCurrentPolicy(db);
  if (!version?.parsed.clauses.some((c) => c.id === options.clauseId))
    return {
      ok: false,
      field: "clause",
      message: "Choose a clause of the current policy to publish it under.",
    };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(questionGuidance)
      .values({
        trustId: version.trustId,
        questionId: q.id,
        versionId: version.id,
        clauseId: options.clauseId,
        question,
        answer,
        publishedByUserId: leader.id,
        publishedAt: options.asOf ?? new Date(),
      })
      .returning({ id: questionGuidance.id });
    await recordAuditEvent(tx, {
      actor: { id: leader.id, label: leader.email },
      action: "questions.guidance-published",
      subjectType: "question",
      subjectId: q.id,
      schoolId: q.schoolId,
      detail: { clauseId: options.clauseId },
    });
    return { ok: true as const, guidanceId: row!.id };
  });
}
