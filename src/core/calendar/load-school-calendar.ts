// A school's calendar (time zone, terms, closures), for counting deadlines in school days.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { schools } from "../../core/people/schema";
import { defaultTimeZone } from "./calendar-date";
import { schoolClosures, schoolTerms } from "./schema";
import type { SchoolCalendar } from "./school-days";

export async function loadSchoolCalendar(db: DbOrTx, schoolId: string): Promise<SchoolCalendar> {
  const [school] = await db
    .select({ timeZone: schools.timeZone })
    .from(schools)
    .where(eq(schools.id, schoolId));
  const terms = await db
    .select({ name: schoolTerms.name, startsOn: schoolTerms.startsOn, endsOn: schoolTerms.endsOn })
    .from(schoolTerms)
    .where(eq(schoolTerms.schoolId, schoolId))
    .orderBy(asc(schoolTerms.startsOn));
  const closures = await db
    .select({ date: schoolClosures.date, reason: schoolClosures.reason })
    .from(schoolClosures)
    .where(eq(schoolClosures.schoolId, schoolId));
  return { timeZone: school?.timeZone ?? defaultTimeZone, terms, closures };
}
