// Reads a school's term dates and closures (JSON {"terms":[{"start","end"}],"closures":["YYYY-MM-DD"],
// "weekA":"YYYY-MM-DD"}): a school day is a Monday to Friday inside a term and not a closure.
// Kept here until core publishes a school calendar.
import { parseCalendarDate } from "../core/calendar/calendar-date";
import { daysFromCivil } from "./local-time";

export interface TermDates {
  /** Inclusive ranges of local day numbers (days since 1970-01-01). */
  terms: { start: number; end: number }[];
  closures: Set<number>;
  /** Day number of a Monday in a week A, if the school runs a two-week timetable. */
  weekA?: number;
}

export type ParseTermDatesResult = { ok: true; termDates: TermDates } | { ok: false; errors: string[] };

export function dayNumberOf(text: string): number | null {
  const parsed = parseCalendarDate(text);
  if (!parsed.ok) return null;
  return daysFromCivil(parsed.date.year, parsed.date.month, parsed.date.day);
}

export function parseTermDates(jsonText: string, fileName: string): ParseTermDatesResult {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (error) {
    return { ok: false, errors: [`${fileName}: not valid JSON: ${(error as Error).message}`] };
  }
  const value = (raw ?? {}) as { terms?: unknown; closures?: unknown; weekA?: unknown };
  const errors: string[] = [];
  const terms: TermDates["terms"] = [];
  if (value.terms !== undefined && !Array.isArray(value.terms))
    errors.push(`${fileName}: terms: expected a list`);
  (Array.isArray(value.terms) ? value.terms : []).forEach((t: unknown, i: number) => {
    const term = (t ?? {}) as { start?: unknown; end?: unknown };
    const start = typeof term.start === "string" ? dayNumberOf(term.start) : null;
    const end = typeof term.end === "string" ? dayNumberOf(term.end) : null;
    if (start === null)
      errors.push(`${fileName}: terms[${i}].start: "${String(term.start)}" is not a date YYYY-MM-DD`);
    if (end === null)
      errors.push(`${fileName}: terms[${i}].end: "${String(term.end)}" is not a date YYYY-MM-DD`);
    if (start !== null && end !== null) {
      if (end < start) errors.push(`${fileName}: terms[${i}]: the end is before the start`);
      else terms.push({ start, end });
    }
  });
  const closures = new Set<number>();
  if (value.closures !== undefined && !Array.isArray(value.closures)) {
    errors.push(`${fileName}: closures: expected a list of dates`);
  }
  (Array.isArray(value.closures) ? value.closures : []).forEach((c: unknown, i: number) => {
    const day = typeof c === "string" ? dayNumberOf(c) : null;
    if (day === null) errors.push(`${fileName}: closures[${i}]: "${String(c)}" is not a date YYYY-MM-DD`);
    else closures.add(day);
  });
  let weekA: number | undefined;
  if (value.weekA !== undefined) {
    const day = typeof value.weekA === "string" ? dayNumberOf(value.weekA) : null;
    if (day === null) errors.push(`${fileName}: weekA: "${String(value.weekA)}" is not a date YYYY-MM-DD`);
    else weekA = day;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, termDates: { terms, closures, weekA } };
}

/** Monday to Friday, inside a term when terms are known, and not a closure day. */
export function isSchoolDay(dayNumber: number, weekday: number, termDates: TermDates | undefined): boolean {
  if (weekday > 5) return false;
  if (!termDates) return true;
  if (termDates.closures.has(dayNumber)) return false;
  if (termDates.terms.length === 0) return true;
  return termDates.terms.some((t) => dayNumber >= t.start && dayNumber <= t.end);
}

/**
 * "A" or "B" for a two-week timetable. With a known week-A Monday, weeks alternate from it; without
 * one, odd ISO weeks are A (documented, so a school can give weekA instead).
 */
export function weekOf(dayNumber: number, weekday: number, weekA: number | undefined): "A" | "B" {
  const monday = dayNumber - (weekday - 1);
  if (weekA !== undefined) {
    const weeks = Math.round((monday - (weekA - ((((weekA + 3) % 7) + 7) % 7))) / 7);
    return ((weeks % 2) + 2) % 2 === 0 ? "A" : "B";
  }
  return isoWeekNumber(monday) % 2 === 1 ? "A" : "B";
}

/** ISO 8601 week number of the week starting on a Monday (given as a day number). */
export function isoWeekNumber(monday: number): number {
  const thursday = monday + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const jan1 = daysFromCivil(year, 1, 1);
  return Math.floor((thursday - jan1) / 7) + 1;
}
