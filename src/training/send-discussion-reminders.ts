// The daily job's reminder to each principal whose school's termly discussion (3.1.2) falls due:
// written to the outbox in the same transaction as the mark that it was sent, so a crash neither
// loses nor repeats one. The email names nobody and says nothing of the school's records.
import { and, eq, isNull } from "drizzle-orm";
import {
  calendarDateAt,
  calendarDateOrThrow,
  describeDay,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { schools } from "../core/people/schema";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { termlyDiscussions } from "./schema";

const dayText = (date: string) => describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");

export async function sendDiscussionReminders(options: {
  db: Db;
  baseUrl: string;
  now?: Date;
}): Promise<{ reminders: number }> {
  const { db } = options;
  const now = options.now ?? new Date();
  let reminders = 0;
  const waiting = await db
    .select({ discussion: termlyDiscussions, timeZone: schools.timeZone, slug: schools.slug })
    .from(termlyDiscussions)
    .innerJoin(schools, eq(schools.id, termlyDiscussions.schoolId))
    .where(and(isNull(termlyDiscussions.reminderSentOn), isNull(termlyDiscussions.heldOn)));
  for (const { discussion: d, timeZone } of waiting) {
    const today = calendarDateAt(now, timeZone);
    if (today < d.remindOn) continue;
    await db.transaction(async (tx) => {
      const [marked] = await tx
        .update(termlyDiscussions)
        .set({ reminderSentOn: today })
        .where(and(eq(termlyDiscussions.id, d.id), isNull(termlyDiscussions.reminderSentOn)))
        .returning({ id: termlyDiscussions.id });
      if (!marked) return; // another run sent it
      for (const p of await findSchoolLeaders({ db: tx, schoolId: d.schoolId, roles: ["principal"] })) {
        await notify(tx, {
          userId: p.id,
          kind: "training.discussion-reminder",
          to: p.email,
          subject: "This term's discussion of the social media policy",
          text: `The trust has asked each school to give staff an opportunity to discuss the social media policy this term (${d.termName}), by ${dayText(d.dueOn)}.\n\nWhen it has happened, record it in Conduct: ${options.baseUrl}/training/discussions\n`,
          link: "/training/discussions",
        });
        reminders++;
      }
    });
  }
  return { reminders };
}
