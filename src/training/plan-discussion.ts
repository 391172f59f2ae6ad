// When a termly discussion (3.1.2) falls: the term a day belongs to (or the next one), the term's
// last school day as the day it is due by, and the school day the principal is reminded on. Pure.
import { isSchoolDay, type SchoolCalendar, type SchoolTerm } from "../core/calendar/school-days";

const DAY_MS = 86_400_000;
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The term that holds the day, else the next to start after it; null when none is recorded. */
export function termFor(calendar: SchoolCalendar, day: string): SchoolTerm | null {
  const terms = [...calendar.terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return (
    terms.find((t) => t.startsOn <= day && day <= t.endsOn) ?? terms.find((t) => t.startsOn > day) ?? null
  );
}

export function planDiscussion(
  calendar: SchoolCalendar,
  term: SchoolTerm,
  remindSchoolDaysBefore: number,
): { dueOn: string; remindOn: string } {
  let dueOn = term.endsOn;
  while (dueOn > term.startsOn && !isSchoolDay(calendar, dueOn)) dueOn = shift(dueOn, -1);
  let remindOn = dueOn;
  for (let left = remindSchoolDaysBefore; left > 0 && remindOn > term.startsOn; ) {
    remindOn = shift(remindOn, -1);
    if (isSchoolDay(calendar, remindOn)) left--;
  }
  // Never before the term starts: a short term is reminded on its first school day.
  while (remindOn < dueOn && !isSchoolDay(calendar, remindOn)) remindOn = shift(remindOn, 1);
  return { dueOn, remindOn };
}
