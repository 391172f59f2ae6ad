// An answer (or a follow-up from the asker) on a question's thread. The first answer marks it
// answered and stops the clock; the other side is told by email, without the question's text.
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { users } from "../platform/auth/schema";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { canAnswerQuestion, canReadQuestion } from "./can-read-question";
import { questionMessages, questions } from "./schema";

export const MAX_ANSWER_LENGTH = 4000;

export type ReplyResult =
  | { ok: true }
  | { ok: false; reason: "not-found" | "forbidden" | "empty" | "too-long" };

export async function replyToQuestion(options: {
  db: Db;
  user: SignedInUser;
  questionId: string;
  body: string;
  baseUrl: string;
  asOf?: Date;
}): Promise<ReplyResult> {
  const { db, user } = options;
  const at = options.asOf ?? new Date();
  const body = options.body.trim();
  const [q] = await db.select().from(questions).where(eq(questions.id, options.questionId));
  if (!q) return { ok: false, reason: "not-found" };
  if (!canReadQuestion(user, q)) return { ok: false, reason: "forbidden" };
  if (!body) return { ok: false, reason: "empty" };
  if (body.length > MAX_ANSWER_LENGTH) return { ok: false, reason: "too-long" };
  const answering = canAnswerQuestion(user, q);
  const tellId = answering ? q.askerUserId : (q.escalatedToUserId ?? q.routedToUserId);
  const [tell] = tellId
    ? await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, tellId))
    : [];
  await db.transaction(async (tx) => {
    await tx.insert(questionMessages).values({ questionId: q.id, authorUserId: user.id, body, at });
    if (answering)
      await tx
        .update(questions)
        .set({ status: "answered", firstAnsweredAt: q.firstAnsweredAt ?? at })
        .where(eq(questions.id, q.id));
    if (tell)
      await notify(tx, {
        userId: tell.id,
        kind: answering ? "questions.answered" : "questions.follow-up",
        to: tell.email,
        subject: answering
          ? "Your question about the social media policy has an answer"
          : "A question you are answering has a follow-up",
        text: `Sign in to Conduct to read it: ${options.baseUrl}/questions/${q.id}\n`,
        link: `/questions/${q.id}`,
      });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: answering ? "questions.answered" : "questions.follow-up",
      subjectType: "question",
      subjectId: q.id,
      schoolId: q.schoolId,
    });
  });
  return { ok: true };
}
