// The calendar date of an instant in the zone of the row's school, as SQL: deadlines are days in the
// school's zone (questions' dueOn, concerns' startBy), so "answered by the deadline" must be counted
// there too. The zones come from the caller (listSchools, a report's schools), so a capability's
// query needs no join to core's schools table.
import { inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";

/**
 * `(instant at time zone <the school's zone>)::date`, the zone picked by `schoolId` from `schools`;
 * a row of a school not listed, or of no school, is dated in `otherwise` (the trust's zone).
 */
export function schoolDateSql(
  instant: SQLWrapper,
  schoolId: SQLWrapper,
  schools: readonly { id: string; timeZone: string }[],
  otherwise: string,
): SQL<string> {
  const idsByZone = new Map<string, string[]>();
  for (const s of schools)
    if (s.timeZone !== otherwise) idsByZone.set(s.timeZone, [...(idsByZone.get(s.timeZone) ?? []), s.id]);
  if (idsByZone.size === 0) return sql<string>`(${instant} at time zone ${otherwise}::text)::date`;
  const branches = [...idsByZone].map(
    ([zone, ids]) => sql`when ${inArray(schoolId, ids)} then ${zone}::text`,
  );
  return sql<string>`(${instant} at time zone case ${sql.join(branches, sql` `)} else ${otherwise}::text end)::date`;
}
