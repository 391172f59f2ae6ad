// A due date in school days that does not fail when a school has not yet entered next term's
// dates: when the recorded terms run out, weekdays that are not bank holidays or closures count.
import { addSchoolDays, type SchoolCalendar } from "../core/calendar/school-days";

export function dueAfterSchoolDays(calendar: SchoolCalendar, from: string, n: number): string {
  try {
    return addSchoolDays(calendar, from, n);
  } catch {
    return addSchoolDays({ ...calendar, terms: [] }, from, n);
  }
}
