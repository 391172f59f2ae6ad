// Classes one active minute of a member of staff against the school's day (clause 8.6.2): pupils
// present (a lesson, registration, or a duty even in a break: a breach), directed time without
// pupils (ppa, meeting, or the directed day outside periods: 8.6.1 reasonable use, advice only), or
// allowed (break, lunch, outside the directed day, or not a school day).
import type { BellSchedule } from "./parse-bell-schedule";
import type { TimetableEntry } from "./parse-timetable-csv";

export type MinuteClass = "pupilsPresent" | "directedNoPupils" | "allowed";

export interface MinuteContext {
  schoolDay: boolean;
  weekday: number;
  week: "A" | "B";
  minuteOfDay: number;
}

export function classifyMinute(
  minute: MinuteContext,
  bells: BellSchedule,
  /** Undefined: this person has no timetable, so lesson and registration periods mean pupils may be present. */
  timetable: readonly TimetableEntry[] | undefined,
): MinuteClass {
  if (!minute.schoolDay) return "allowed";
  const t = minute.minuteOfDay;
  if (timetable) {
    // The person's own timetable says what they were doing, and beats the bell schedule: a duty
    // in a break has pupils present (clause 8.6.2), a lunchtime meeting is directed time.
    let directed = false;
    for (const entry of timetable) {
      if (entry.weekday !== minute.weekday || (entry.week !== undefined && entry.week !== minute.week))
        continue;
      if (t < entry.start || t >= entry.end) continue;
      if (entry.activity === "lesson" || entry.activity === "duty") return "pupilsPresent";
      directed = true;
    }
    if (directed) return "directedNoPupils";
  }
  if (t < bells.directedStart || t >= bells.directedEnd) return "allowed";
  let inBreak = false;
  let inPeriod = false;
  for (const period of bells.periods) {
    if (t < period.start || t >= period.end) continue;
    if (period.kind === "break" || period.kind === "lunch") inBreak = true;
    else inPeriod = true;
  }
  // With a timetable, a lesson period it does not fill is non-contact time: directed, no pupils.
  if (inPeriod && !timetable) return "pupilsPresent";
  if (inBreak) return "allowed";
  return "directedNoPupils";
}
