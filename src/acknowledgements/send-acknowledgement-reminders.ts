// The daily reminders and escalations for open acknowledgements: each written to the outbox in the
// same transaction as the record that it was sent, so a crash neither loses nor repeats one. The
// emails name nobody: a link to sign in.
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import {
  calendarDateAt,
  defaultTimeZone,
  describeDay,
  startOfCalendarDate,
  calendarDateOrThrow,
} from "../core/calendar/calendar-date";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import type { SchoolCalendar } from "../core/calendar/school-days";
import { findLineManager } from "../core/people/find-line-manager";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { listStaff } from "../core/people/list-staff";
import { loadTrust } from "../core/people/load-trust";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { loadAcknowledgementSettings } from "./acknowledgement-settings";
import { dueReminderSteps, stepsToSend } from "./reminder-steps";
import { acknowledgementAssignments, acknowledgementReminders } from "./schema";

export type ReminderSummary = { reminders: number; escalations: number };

function dayText(date: string) {
  return describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");
}

export async function sendAcknowledgementReminders(options: {
  db: Db;
  baseUrl: string;
  now?: Date;
}): Promise<ReminderSummary> {
  const { db } = options;
  const now = options.now ?? new Date();
  const summary: ReminderSummary = { reminders: 0, escalations: 0 };
  const trust = await loadTrust(db);
  if (!trust) return summary;
  const schedule = await loadAcknowledgementSettings(db, trust.id);
  const open = await db
    .select()
    .from(acknowledgementAssignments)
    .where(and(eq(acknowledgementAssignments.status, "open"), isNotNull(acknowledgementAssignments.dueOn)));
  if (open.length === 0) return summary;
  const sentRows = await db
    .select()
    .from(acknowledgementReminders)
    .where(
      inArray(
        acknowledgementReminders.assignmentId,
        open.map((a) => a.id),
      ),
    );
  const sent = new Map<string, Set<string>>();
  for (const r of sentRows) sent.set(r.assignmentId, (sent.get(r.assignmentId) ?? new Set()).add(r.step));
  const people = new Map(
    (
      await listStaff(db, { staffIds: open.map((a) => a.staffId).filter((id): id is string => id !== null) })
    ).map((s) => [s.id, s]),
  );
  const accounts = new Map(
    (await db.select({ id: users.id, email: users.email, active: users.active }).from(users)).map((u) => [
      u.id,
      u,
    ]),
  );
  const calendars = new Map<string, SchoolCalendar>();
  const link = `${options.baseUrl}/acknowledgement`;

  for (const a of open) {
    const key = a.schoolId ?? "";
    let calendar = calendars.get(key);
    if (!calendar) {
      calendar = a.schoolId
        ? await loadSchoolCalendar(db, a.schoolId)
        : { timeZone: defaultTimeZone, terms: [], closures: [] };
      calendars.set(key, calendar);
    }
    const today = calendarDateAt(now, calendar.timeZone);
    const due = dueReminderSteps(schedule, calendar, { assignedOn: a.assignedOn, dueOn: a.dueOn! }, today);
    const { send, markSent } = stepsToSend(due, sent.get(a.id) ?? new Set());
    if (markSent.length === 0) continue;
    const member = a.staffId ? people.get(a.staffId) : undefined;
    const userId = member?.userId ?? a.userId;
    const account = userId ? accounts.get(userId) : undefined;
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(acknowledgementReminders)
        .values(markSent.map((step) => ({ assignmentId: a.id, step, sentOn: today })))
        .onConflictDoNothing()
        .returning({ step: acknowledgementReminders.step });
      const fresh = new Set(inserted.map((r) => r.step));
      for (const step of send) {
        if (!fresh.has(step.step)) continue; // another run sent it
        if (step.kind === "reminder") {
          const to = account?.active ? account.email : (member?.email ?? account?.email ?? "");
          const overdue = today > a.dueOn!;
          await notify(tx, {
            userId: account?.active ? account.id : null,
            kind: "acknowledgement.reminder",
            to,
            subject: overdue
              ? "Your acknowledgement of the social media policy is overdue"
              : "Please read and acknowledge the staff social media policy",
            text: `Please read and acknowledge the staff social media policy by ${dayText(a.dueOn!)}.\n\nSign in to Conduct to read it: ${link}\n`,
            link: "/acknowledgement",
          });
          summary.reminders++;
          continue;
        }
        // Escalation: the line manager (or the principal when there is none), then the principal.
        const manager =
          step.kind === "line-manager" && a.staffId ? await findLineManager(tx, a.staffId) : null;
        const recipients = manager
          ? [{ id: manager.userId, email: manager.email }]
          : a.schoolId
            ? await findSchoolLeaders({ db: tx, schoolId: a.schoolId, roles: ["principal"] })
            : [];
        for (const r of recipients) {
          await notify(tx, {
            userId: r.id,
            kind: "acknowledgement.escalation",
            to: r.email,
            subject: "An acknowledgement of the social media policy is overdue",
            text: `Someone ${manager ? "you line-manage" : "at your school"} has not acknowledged the staff social media policy, which was due by ${dayText(a.dueOn!)}.\n\nSign in to Conduct to see who: ${options.baseUrl}/acknowledgement/completion\n`,
            link: "/acknowledgement/completion",
          });
          summary.escalations++;
        }
      }
    });
  }
  return summary;
}
