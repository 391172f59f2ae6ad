// When a pupil or ex-pupil comes of age. Clause 8.3 protects ex-pupils "until they reach the age of
// 18", so the instant matters to the minute: it is the start of the 18th birthday in the school's
// time zone, not in UTC and not the server's zone.
import {
  calendarDateOrThrow,
  defaultTimeZone,
  isLeapYear,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";

export const ageOfMajority = 18;

export interface EighteenthBirthdayOptions {
  /** "YYYY-MM-DD"; validate at the edge with parseCalendarDate, a malformed date throws here. */
  dateOfBirth: string;
  timeZone?: string;
}

/**
 * The instant the person turns 18: the start of their 18th birthday in the school's time zone.
 * Someone born on 29 February comes of age on 1 March when the 18th year is not a leap year: in
 * English law a person attains an age at the start of the anniversary of their birth, and in a
 * common year the anniversary of 29 February has not passed until 28 February has ended.
 */
export function eighteenthBirthday({
  dateOfBirth,
  timeZone = defaultTimeZone,
}: EighteenthBirthdayOptions): Date {
  const born = calendarDateOrThrow(dateOfBirth);
  const year = born.year + ageOfMajority;
  const leapDayInCommonYear = born.month === 2 && born.day === 29 && !isLeapYear(year);
  const birthday = leapDayInCommonYear
    ? { year, month: 3, day: 1 }
    : { year, month: born.month, day: born.day };
  return startOfCalendarDate(birthday, timeZone);
}

export interface IsAdultAtOptions extends EighteenthBirthdayOptions {
  asOf: Date;
}

export function isAdultAt({ dateOfBirth, asOf, timeZone = defaultTimeZone }: IsAdultAtOptions): boolean {
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is not a valid instant");
  return asOf.getTime() >= eighteenthBirthday({ dateOfBirth, timeZone }).getTime();
}
