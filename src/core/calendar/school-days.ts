// School days: the days a school is open, from its term dates and closures (INSET days, snow days)
// and England and Wales's bank holidays. Every deadline in school days (acknowledgements, questions,
// case milestones, monitoring) counts through here. Pure: dates are "YYYY-MM-DD" in the school's zone.

export type SchoolTerm = { name: string; startsOn: string; endsOn: string };
export type SchoolClosure = { date: string; reason: string };

export type SchoolCalendar = {
  timeZone: string;
  /** When none are recorded, every weekday that is not a bank holiday or closure counts. */
  terms: readonly SchoolTerm[];
  closures: readonly SchoolClosure[];
};

const DAY_MS = 86_400_000;

function toDay(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a calendar date: ${date}`);
  return t / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Easter Sunday (Gregorian; the anonymous algorithm). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay(); // 0 Sunday .. 6 Saturday
}

/** The first given weekday (1 Monday) on or after a day; the last on or before. */
function firstWeekdayFrom(day: number, wd: number): number {
  return day + ((wd - weekday(day) + 7) % 7);
}
function lastWeekdayUpTo(day: number, wd: number): number {
  return day - ((weekday(day) - wd + 7) % 7);
}

/** A fixed holiday on a weekend moves to the next weekday not already taken (substitute day). */
function substitute(day: number, taken: Set<number>): number {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6 || taken.has(d)) d++;
  return d;
}

/**
 * England and Wales's bank holidays in a year, by the usual rules (one-off holidays such as a
 * coronation are not predictable: a school records them as closures).
 */
export function bankHolidays(year: number): string[] {
  const y = (m: number, d: number) =>
    toDay(`${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  const easter = toDay(easterSunday(year));
  const days = new Set<number>();
  days.add(substitute(y(1, 1), days));
  days.add(easter - 2); // Good Friday
  days.add(easter + 1); // Easter Monday
  days.add(firstWeekdayFrom(y(5, 1), 1)); // Early May
  days.add(lastWeekdayUpTo(y(5, 31), 1)); // Spring
  days.add(lastWeekdayUpTo(y(8, 31), 1)); // Summer
  const christmas = substitute(y(12, 25), days);
  days.add(christmas);
  days.add(substitute(y(12, 26), days));
  return [...days].sort((a, b) => a - b).map(fromDay);
}

const holidayCache = new Map<number, Set<string>>();
function isBankHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(bankHolidays(year));
    holidayCache.set(year, set);
  }
  return set.has(date);
}

/** Is the school open on this day? */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  const day = toDay(date);
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  if (isBankHoliday(date)) return false;
  if (calendar.closures.some((c) => c.date === date)) return false;
  if (calendar.terms.length === 0) return true;
  return calendar.terms.some((t) => t.startsOn <= date && date <= t.endsOn);
}

/**
 * The day n school days after `from` (n >= 0; 0 gives `from` itself when it is a school day, else
 * the next one). "Due in 10 school days" from a Friday before half-term skips the holiday.
 */
export function addSchoolDays(calendar: SchoolCalendar, from: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`School days must be a whole number, not ${n}`);
  let day = toDay(from);
  let left = n;
  // A calendar with no school days at all in a long stretch is a data error, not an endless loop.
  for (let guard = 0; guard < 3_660; guard++) {
    const date = fromDay(day);
    if (isSchoolDay(calendar, date)) {
      if (left === 0) return date;
      left--;
    }
    day++;
  }
  throw new Error(`No school day within ten years of ${from}: check the term dates`);
}

/** School days after `from`, up to and including `to` (0 when `to` is not after `from`). */
export function schoolDaysBetween(calendar: SchoolCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = toDay(from) + 1, end = toDay(to); day <= end; day++)
    if (isSchoolDay(calendar, fromDay(day))) count++;
  return count;
}
