// The period a report covers: two calendar dates (Europe/London), checked, with a message naming
// the field when one is wrong. Pure.
import {
  calendarDateAt,
  defaultTimeZone,
  formatCalendarDate,
  nextCalendarDate,
  parseCalendarDate,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";

export type ReportPeriod = { from: Date; to: Date; days: { first: string; last: string } };

/** Longer periods make a report no committee reads; the bound also keeps the queries bounded. */
export const MAX_PERIOD_DAYS = 5 * 366;

export type PeriodResult =
  | { ok: true; period: ReportPeriod }
  | { ok: false; field: "from" | "to"; message: string };

/** The academic year so far (from 1 September), the default of the report and the dashboard. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const today = calendarDateAt(now, defaultTimeZone);
  const [y, m] = today.split("-").map(Number) as [number, number];
  return { from: `${m >= 9 ? y : y - 1}-09-01`, to: today };
}

export function readPeriod(fromText: string, toText: string): PeriodResult {
  const from = parseCalendarDate(fromText.trim());
  if (!from.ok) return { ok: false, field: "from", message: `The first day ("from"): ${from.message}.` };
  const to = parseCalendarDate(toText.trim());
  if (!to.ok) return { ok: false, field: "to", message: `The last day ("to"): ${to.message}.` };
  const start = startOfCalendarDate(from.date, defaultTimeZone);
  const end = startOfCalendarDate(nextCalendarDate(to.date), defaultTimeZone);
  if (end <= start)
    return {
      ok: false,
      field: "to",
      message: 'The last day ("to") must be on or after the first day ("from").',
    };
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * 86_400_000)
    return {
      ok: false,
      field: "to",
      message: "A report covers at most five years: choose a shorter period.",
    };
  return {
    ok: true,
    period: {
      from: start,
      to: end,
      days: { first: formatCalendarDate(from.date), last: formatCalendarDate(to.date) },
    },
  };
}
