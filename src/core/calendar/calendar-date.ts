// Calendar dates ("YYYY-MM-DD", as the MIS and the database hold them) and the instants at which
// they begin in a school's time zone. Birthdays and leaving dates are days in the school's zone,
// not in UTC, so every conversion goes through here.
import { TZDate } from "@date-fns/tz";

export const defaultTimeZone = "Europe/London";

export interface CalendarDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

export type ParseCalendarDateResult = { ok: true; date: CalendarDate } | { ok: false; message: string };

const calendarDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Reads "YYYY-MM-DD"; says what is wrong (for the user) rather than throwing. */
export function parseCalendarDate(text: string): ParseCalendarDateResult {
  const match = calendarDatePattern.exec(text);
  if (!match) return { ok: false, message: `"${text}" is not a date in the form YYYY-MM-DD` };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12) return { ok: false, message: `"${text}" has no month ${month}` };
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `"${text}" is not a real date (day ${day} of month ${month})` };
  }
  return { ok: true, date: { year, month, day } };
}

/** For callers whose dates were validated at the edge: a bad date here is a bug, so it throws. */
export function calendarDateOrThrow(text: string): CalendarDate {
  const parsed = parseCalendarDate(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.date;
}

// Building an Intl formatter to test a zone costs ~40µs, and a batch judges thousands of lines in
// one zone, so remember the zones already seen to be valid.
const knownTimeZones = new Set<string>();

export function isValidTimeZone(timeZone: string): boolean {
  if (knownTimeZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
  } catch {
    return false;
  }
  knownTimeZones.add(timeZone);
  return true;
}

export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone "${timeZone}"`);
}

/**
 * The first instant of a calendar day in a time zone. Usually local midnight; where daylight saving
 * starts at midnight (e.g. America/Santiago) midnight does not exist and the day starts at 01:00,
 * which TZDate gives us by moving forward through the gap.
 */
export function startOfCalendarDate(date: CalendarDate, timeZone: string): Date {
  assertTimeZone(timeZone);
  return new Date(new TZDate(date.year, date.month - 1, date.day, timeZone).getTime());
}

// Formatters are costly to build and cheap to use; judging a batch reuses one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    assertTimeZone(timeZone);
    cached = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, cached);
  }
  return cached;
}

/** The calendar date an instant falls on in a time zone, as "YYYY-MM-DD". */
export function calendarDateAt(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError("invalid instant");
  const parts = formatter("en-GB", timeZone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/** The next calendar day (handles month and year ends; pure calendar arithmetic, no zone). */
export function nextCalendarDate(date: CalendarDate): CalendarDate {
  if (date.day < daysInMonth(date.year, date.month)) return { ...date, day: date.day + 1 };
  if (date.month < 12) return { year: date.year, month: date.month + 1, day: 1 };
  return { year: date.year + 1, month: 1, day: 1 };
}

export function formatCalendarDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** "1 March 2026": how a date is written for staff in reasons and actions. */
export function describeDay(instant: Date, timeZone: string): string {
  return formatter("en-GB", timeZone, { day: "numeric", month: "long", year: "numeric" }).format(instant);
}
