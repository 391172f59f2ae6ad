// The questions capability's part of a subject access record: questions asked, with their thread.
import { asc, eq, inArray } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { questionMessages, questions } from "./schema";

export async function questionSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  const asked = await db
    .select()
    .from(questions)
    .where(eq(questions.askerUserId, person.userId))
    .orderBy(asc(questions.askedAt));
  const messages = asked.length
    ? await db
        .select()
        .from(questionMessages)
        .where(
          inArray(
            questionMessages.questionId,
            asked.map((q) => q.id),
          ),
        )
        .orderBy(asc(questionMessages.at))
    : [];
  // Answers others wrote to the person are part of their question; whom it was routed to is not named.
  return [
    {
      key: "questions",
      title: "Questions you asked about the policy",
      records: asked.map((q) => ({
        id: q.id,
        clause: q.clauseId,
        question: q.body,
        private: q.private,
        status: q.status,
        askedAt: iso(q.askedAt),
        dueOn: q.dueOn,
        thread: messages
          .filter((m) => m.questionId === q.id)
          .map((m) => `${iso(m.at)} ${m.authorUserId === person.userId ? "you" : "answer"}: ${m.body}`),
      })),
    },
  ];
}
