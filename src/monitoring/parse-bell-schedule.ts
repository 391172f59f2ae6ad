// Reads a school's bell schedule: {"timezone","directedDay":["08:30","16:00"],"periods":[{"name",
// "start","end","kind":"lesson|registration|break|lunch"}]}.
import { isValidTimeZone } from "../core/calendar/calendar-date";
import { parseClockTime } from "./local-time";

export const PERIOD_KINDS = ["lesson", "registration", "break", "lunch"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface BellPeriod {
  name: string;
  /** Minutes after local midnight; the period is [start, end). */
  start: number;
  end: number;
  kind: PeriodKind;
}

export interface BellSchedule {
  timeZone: string;
  directedStart: number;
  directedEnd: number;
  periods: BellPeriod[];
}

export type ParseBellScheduleResult = { ok: true; schedule: BellSchedule } | { ok: false; errors: string[] };

export const defaultSchoolTimeZone = "Europe/London";

export function parseBellSchedule(jsonText: string, fileName: string): ParseBellScheduleResult {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (error) {
    return { ok: false, errors: [`${fileName}: not valid JSON: ${(error as Error).message}`] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [`${fileName}: expected a JSON object with directedDay and periods`] };
  }
  const value = raw as { timezone?: unknown; directedDay?: unknown; periods?: unknown };
  const errors: string[] = [];
  const timeZone =
    value.timezone === undefined || value.timezone === "" ? defaultSchoolTimeZone : value.timezone;
  if (typeof timeZone !== "string" || !isValidTimeZone(timeZone)) {
    errors.push(`${fileName}: timezone: "${String(value.timezone)}" is not a time zone (e.g. Europe/London)`);
  }
  let directedStart = 0;
  let directedEnd = 0;
  const day = value.directedDay;
  if (!Array.isArray(day) || day.length !== 2 || typeof day[0] !== "string" || typeof day[1] !== "string") {
    errors.push(`${fileName}: directedDay: expected ["HH:MM","HH:MM"], e.g. ["08:30","16:00"]`);
  } else {
    const s = parseClockTime(day[0]);
    const e = parseClockTime(day[1]);
    if (s === null) errors.push(`${fileName}: directedDay[0]: "${day[0]}" is not a time HH:MM`);
    if (e === null) errors.push(`${fileName}: directedDay[1]: "${day[1]}" is not a time HH:MM`);
    if (s !== null && e !== null && e <= s)
      errors.push(`${fileName}: directedDay: the end is not after the start`);
    directedStart = s ?? 0;
    directedEnd = e ?? 0;
  }
  const periods: BellPeriod[] = [];
  if (!Array.isArray(value.periods)) {
    errors.push(`${fileName}: periods: expected a list of {name,start,end,kind}`);
  } else {
    value.periods.forEach((p: unknown, i: number) => {
      const where = `${fileName}: periods[${i}]`;
      const period = (p ?? {}) as { name?: unknown; start?: unknown; end?: unknown; kind?: unknown };
      const name = typeof period.name === "string" ? period.name : `period ${i + 1}`;
      const start = typeof period.start === "string" ? parseClockTime(period.start) : null;
      const end = typeof period.end === "string" ? parseClockTime(period.end) : null;
      if (start === null) errors.push(`${where}.start: "${String(period.start)}" is not a time HH:MM`);
      if (end === null) errors.push(`${where}.end: "${String(period.end)}" is not a time HH:MM`);
      if (start !== null && end !== null && end <= start)
        errors.push(`${where}: the end is not after the start`);
      if (!PERIOD_KINDS.includes(period.kind as PeriodKind)) {
        errors.push(`${where}.kind: "${String(period.kind)}" is not one of ${PERIOD_KINDS.join(", ")}`);
      }
      if (start !== null && end !== null) periods.push({ name, start, end, kind: period.kind as PeriodKind });
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, schedule: { timeZone: timeZone as string, directedStart, directedEnd, periods } };
}
