// Questions not answered by their deadline go to the principal (3.1.2 "resolved swiftly"): once
// each, written to the outbox with the escalation. Run daily; the email names nothing.
import { and, eq, isNull, lt } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { schools } from "../core/people/schema";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { questions } from "./schema";

export async function escalateOverdueQuestions(options: {
  db: Db;
  baseUrl: string;
  now?: Date;
}): Promise<number> {
  const { db } = options;
  const now = options.now ?? new Date();
  // The earliest date anywhere: a question is overdue once its school's day has passed its due date.
  const candidates = await db
    .select({ q: questions, timeZone: schools.timeZone })
    .from(questions)
    .leftJoin(schools, eq(schools.id, questions.schoolId))
    .where(
      and(
        eq(questions.status, "open"),
        isNull(questions.escalatedAt),
        lt(questions.dueOn, calendarDateAt(now, "Pacific/Kiritimati")),
      ),
    );
  let escalated = 0;
  for (const { q, timeZone } of candidates) {
    if (!q.schoolId || q.dueOn >= calendarDateAt(now, timeZone ?? defaultTimeZone)) continue;
    const principals = (await findSchoolLeaders({ db, schoolId: q.schoolId, roles: ["principal"] })).filter(
      (p) => p.id !== q.askerUserId,
    );
    const principal = principals.find((p) => p.id !== q.routedToUserId) ?? principals[0];
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(questions)
        .set({ escalatedAt: now, escalatedToUserId: principal?.id ?? null })
        .where(and(eq(questions.id, q.id), isNull(questions.escalatedAt)))
        .returning({ id: questions.id });
      if (!claimed) return;
      if (principal)
        await notify(tx, {
          userId: principal.id,
          kind: "questions.escalated",
          to: principal.email,
          subject: "A question about the social media policy is overdue",
          text: `A question from a member of staff at your school has not been answered by its deadline.\n\nSign in to read and answer it: ${options.baseUrl}/questions/${q.id}\n`,
          link: `/questions/${q.id}`,
        });
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "questions.escalated",
        subjectType: "question",
        subjectId: q.id,
        schoolId: q.schoolId,
        detail: { dueOn: q.dueOn, to: principal ? "principal" : "nobody" },
      });
      escalated++;
    });
  }
  return escalated;
}
