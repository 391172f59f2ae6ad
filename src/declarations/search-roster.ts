// Finds pupils, ex-pupils and parents of one school by name, so a member of staff picks the
// contact they mean from the roster (with the year group shown) instead of typing a name.
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { parents, pupils } from "../core/people/schema";
import type { DbOrTx } from "../platform/db";
import { describeDay, startOfCalendarDate, calendarDateOrThrow } from "../core/calendar/calendar-date";

export type RosterMatch = {
  kind: "pupil" | "ex-pupil" | "parent";
  id: string;
  name: string;
  /** "Year 9", "Left on 19 July 2024 (Year 11)", "Parent of Ann Smith (Year 9)". */
  detail: string;
};

export interface SearchRosterOptions {
  db: DbOrTx;
  schoolId: string;
  query: string;
  /** Instead of a name: the entries already chosen, so a form shown again keeps the choice. */
  ids?: readonly string[];
  include: readonly ("pupils" | "parents")[];
  /** "YYYY-MM-DD" in the school's zone: a pupil whose leaving day is before it has left. */
  today: string;
  timeZone: string;
  limit?: number;
}

export const MIN_QUERY_LENGTH = 2;

export function pupilDisplayName(p: {
  firstName: string;
  lastName: string;
  preferredName: string | null;
}): string {
  return `${p.preferredName?.trim() || p.firstName} ${p.lastName}`;
}

export async function searchRoster({
  db,
  schoolId,
  query,
  ids,
  include,
  today,
  timeZone,
  limit = 20,
}: SearchRosterOptions): Promise<RosterMatch[]> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  if (ids ? ids.length === 0 : words.join(" ").length < MIN_QUERY_LENGTH) return [];
  // Every word must appear in some part of the name, so "ann smi" finds Ann Smith.
  const pattern = (w: string) => `%${w.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const matches: RosterMatch[] = [];

  if (include.includes("pupils")) {
    const byName = ids
      ? [inArray(pupils.id, [...ids])]
      : words.map(
          (w) =>
            or(
              ilike(pupils.firstName, pattern(w)),
              ilike(pupils.lastName, pattern(w)),
              ilike(pupils.preferredName, pattern(w)),
            ) as SQL,
        );
    const rows = await db
      .select({
        id: pupils.id,
        firstName: pupils.firstName,
        lastName: pupils.lastName,
        preferredName: pupils.preferredName,
        yearGroup: pupils.yearGroup,
        leftOn: pupils.leftOn,
      })
      .from(pupils)
      .where(and(eq(pupils.schoolId, schoolId), ...byName))
      .orderBy(asc(pupils.lastName), asc(pupils.firstName))
      .limit(limit);
    for (const p of rows) {
      const left = p.leftOn !== null && p.leftOn < today;
      matches.push({
        kind: left ? "ex-pupil" : "pupil",
        id: p.id,
        name: pupilDisplayName(p),
        detail: left
          ? `Left on ${describeDay(startOfCalendarDate(calendarDateOrThrow(p.leftOn!), timeZone), timeZone)} (${p.yearGroup})`
          : p.yearGroup,
      });
    }
  }

  if (include.includes("parents")) {
    const byName = ids
      ? [inArray(parents.id, [...ids])]
      : words.map(
          (w) => or(ilike(parents.firstName, pattern(w)), ilike(parents.lastName, pattern(w))) as SQL,
        );
    const rows = await db
      .select({
        id: parents.id,
        firstName: parents.firstName,
        lastName: parents.lastName,
        children: sql<string | null>`(
          select string_agg(coalesce(nullif(trim(p.preferred_name), ''), p.first_name) || ' ' || p.last_name || ' (' || p.year_group || ')', ', ' order by p.last_name, p.first_name)
          from parent_pupils pp join pupils p on p.id = pp.pupil_id
          where pp.parent_id = "parents"."id")`,
      })
      .from(parents)
      .where(and(eq(parents.schoolId, schoolId), ...byName))
      .orderBy(asc(parents.lastName), asc(parents.firstName))
      .limit(limit);
    for (const p of rows) {
      matches.push({
        kind: "parent",
        id: p.id,
        name: `${p.firstName} ${p.lastName}`,
        detail: p.children ? `Parent of ${p.children}` : "Parent or carer",
      });
    }
  }
  return matches;
}
