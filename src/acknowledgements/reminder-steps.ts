// Which reminders and escalations are due for an open acknowledgement on a day, in school days
// (the trust's schedule): pure. Nothing is sent on a day the school is closed.
import { isSchoolDay, type SchoolCalendar, schoolDaysBetween } from "../core/calendar/school-days";
import type { AcknowledgementSchedule } from "./acknowledgement-settings";

export type ReminderStep = { step: string; kind: "reminder" | "line-manager" | "principal" };

export function dueReminderSteps(
  schedule: Pick<
    AcknowledgementSchedule,
    "remindBefore" | "remindAfter" | "escalateLineManagerAfter" | "escalatePrincipalAfter"
  >,
  calendar: SchoolCalendar,
  assignment: { assignedOn: string; dueOn: string },
  today: string,
): ReminderStep[] {
  if (!isSchoolDay(calendar, today) || today < assignment.assignedOn) return [];
  const steps: ReminderStep[] = [{ step: "assigned", kind: "reminder" }];
  if (today < assignment.dueOn) {
    const left = schoolDaysBetween(calendar, today, assignment.dueOn);
    for (const n of [...schedule.remindBefore].sort((a, b) => b - a))
      if (left <= n) steps.push({ step: `before-${n}`, kind: "reminder" });
    return steps;
  }
  for (const n of schedule.remindBefore) steps.push({ step: `before-${n}`, kind: "reminder" });
  const late = schoolDaysBetween(calendar, assignment.dueOn, today);
  for (const n of [...schedule.remindAfter].sort((a, b) => a - b))
    if (late >= n) steps.push({ step: `after-${n}`, kind: "reminder" });
  if (late >= schedule.escalateLineManagerAfter) steps.push({ step: "line-manager", kind: "line-manager" });
  if (late >= schedule.escalatePrincipalAfter) steps.push({ step: "principal", kind: "principal" });
  return steps;
}

/** Of the steps not yet sent: the newest reminder only (one email, not a backlog), and each escalation. */
export function stepsToSend(
  due: readonly ReminderStep[],
  sent: ReadonlySet<string>,
): { send: ReminderStep[]; markSent: string[] } {
  const unsent = due.filter((s) => !sent.has(s.step));
  const reminders = unsent.filter((s) => s.kind === "reminder");
  const send = [...reminders.slice(-1), ...unsent.filter((s) => s.kind !== "reminder")];
  return { send, markSent: unsent.map((s) => s.step) };
}
