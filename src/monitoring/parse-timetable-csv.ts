// Reads staff timetables (staff_email,weekday,start,end,activity): when each member of staff has
// pupils with them (lesson, duty) or directed time without pupils (ppa, meeting). Weekday is Mon..Fri,
// or A-Mon..B-Fri for a two-week timetable.
import { parseClockTime } from "./local-time";
import { type ColumnSpec, readSettingsCsv, type SettingsError } from "./read-settings-csv";

export const TIMETABLE_ACTIVITIES = ["lesson", "duty", "ppa", "meeting"] as const;
export type TimetableActivity = (typeof TIMETABLE_ACTIVITIES)[number];

export interface TimetableEntry {
  /** 1 = Monday ... 5 = Friday. */
  weekday: number;
  /** Undefined: every week. */
  week: "A" | "B" | undefined;
  start: number;
  end: number;
  activity: TimetableActivity;
}

const COLUMNS: ColumnSpec[] = [
  { field: "email", headers: ["staff_email", "email", "Staff"], required: true },
  { field: "weekday", headers: ["weekday", "day"], required: true },
  { field: "start", headers: ["start", "from", "start time"], required: true },
  { field: "end", headers: ["end", "to", "end time"], required: true },
  { field: "activity", headers: ["activity", "kind", "type"], required: true },
];

const WEEKDAY_PATTERN =
  /^(?:([ab])[-\s]?)?(mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday)$/i;

export function parseWeekday(text: string): { weekday: number; week?: "A" | "B" } | null {
  const m = WEEKDAY_PATTERN.exec(text.trim());
  if (!m) return null;
  const weekday = ["mo", "tu", "we", "th", "fr"].indexOf(m[2]!.slice(0, 2).toLowerCase()) + 1;
  return m[1] ? { weekday, week: m[1].toUpperCase() as "A" | "B" } : { weekday };
}

export type ParseTimetableCsvResult =
  | {
      ok: true;
      timetables: Map<string, TimetableEntry[]>;
      /** The first line each email is on, to say where an unknown member of staff is. */
      firstLine: Map<string, number>;
    }
  | { ok: false; errors: SettingsError[] };

export function parseTimetableCsv(text: string, fileName: string): ParseTimetableCsvResult {
  const read = readSettingsCsv(text, fileName, COLUMNS);
  if (!read.ok) return read;
  const errors: SettingsError[] = [];
  const timetables = new Map<string, TimetableEntry[]>();
  const firstLine = new Map<string, number>();
  for (const row of read.rows) {
    const error = (field: string, message: string) =>
      errors.push({ file: fileName, line: row.line, field, message });
    const email = row.get("email").toLowerCase();
    if (!email.includes("@")) {
      error("staff_email", `"${row.get("email")}" is not an email address`);
      continue;
    }
    const day = parseWeekday(row.get("weekday"));
    if (!day) {
      error("weekday", `"${row.get("weekday")}" is not a weekday (Mon..Fri, or A-Mon..B-Fri)`);
      continue;
    }
    const start = parseClockTime(row.get("start"));
    const end = parseClockTime(row.get("end"));
    if (start === null) error("start", `"${row.get("start")}" is not a time HH:MM`);
    if (end === null) error("end", `"${row.get("end")}" is not a time HH:MM`);
    if (start === null || end === null) continue;
    if (end <= start) {
      error("end", `${row.get("end")} is not after the start ${row.get("start")}`);
      continue;
    }
    const activity = row.get("activity").toLowerCase();
    if (!TIMETABLE_ACTIVITIES.includes(activity as TimetableActivity)) {
      error("activity", `"${row.get("activity")}" is not one of ${TIMETABLE_ACTIVITIES.join(", ")}`);
      continue;
    }
    const list = timetables.get(email) ?? [];
    // Every entry has the same fields in the same order (week undefined for every week): one object
    // shape keeps the classifier's loop over a timetable fast.
    list.push({ weekday: day.weekday, week: day.week, start, end, activity: activity as TimetableActivity });
    timetables.set(email, list);
    if (!firstLine.has(email)) firstLine.set(email, row.line);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, timetables, firstLine };
}

/**
 * Who has a timetable that lists no lesson at all (a duty rota or PPA list loaded alone). A timetable
 * is the whole of that person's week, so for them every lesson period it leaves free counts as time
 * without pupils: right for someone who teaches no lessons, silently wrong if the lessons were left out.
 */
export function timetablesWithoutLessons(
  timetables: ReadonlyMap<string, readonly TimetableEntry[]>,
): string[] {
  const emails: string[] = [];
  for (const [email, entries] of timetables)
    if (!entries.some((e) => e.activity === "lesson")) emails.push(email);
  return emails.sort();
}

export function noLessonsWarning(email: string): string {
  return `timetable for ${email} lists no lessons: every lesson period counts as time without pupils for them`;
}
