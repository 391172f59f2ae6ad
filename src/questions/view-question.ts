// One question and its thread, for someone allowed to read it; a read by anyone but the asker is
// in the audit trail (a question can say a lot about the person who asked it).
import { asc, eq, inArray } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { users } from "../platform/auth/schema";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { canAnswerQuestion, canReadQuestion } from "./can-read-question";
import { questionMessages, questions } from "./schema";

export type Question = typeof questions.$inferSelect;

export async function viewQuestion(db: Db, user: SignedInUser, questionId: string) {
  const [q] = await db.select().from(questions).where(eq(questions.id, questionId));
  if (!q) return { ok: false as const, reason: "not-found" as const };
  if (!canReadQuestion(user, q)) return { ok: false as const, reason: "forbidden" as const };
  const messages = await db
    .select()
    .from(questionMessages)
    .where(eq(questionMessages.questionId, q.id))
    .orderBy(asc(questionMessages.at));
  const people = [
    ...new Set([
      q.askerUserId,
      q.routedToUserId,
      q.escalatedToUserId,
      ...messages.map((m) => m.authorUserId),
    ]),
  ].filter((id): id is string => id !== null);
  const names = new Map(
    (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people))).map(
      (u) => [u.id, u.name],
    ),
  );
  if (user.id !== q.askerUserId)
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "questions.read",
      subjectType: "question",
      subjectId: q.id,
      schoolId: q.schoolId,
    });
  return { ok: true as const, question: q, messages, names, canAnswer: canAnswerQuestion(user, q) };
}
