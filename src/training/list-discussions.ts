// Reading termly discussions (3.1.2): those of the schools a reader may see, and when each school
// last held one, for the policy page's evidence and the committee report. No names.
import { asc, desc, eq, isNotNull, and, sql } from "drizzle-orm";
import { schools } from "../core/people/schema";
import type { SchoolScope } from "../platform/capability";
import type { DbOrTx } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { termlyDiscussions } from "./schema";

export async function listDiscussions(db: DbOrTx, scope: SchoolScope) {
  return db
    .select({
      discussion: termlyDiscussions,
      schoolName: schools.name,
      schoolSlug: schools.slug,
    })
    .from(termlyDiscussions)
    .innerJoin(schools, eq(schools.id, termlyDiscussions.schoolId))
    .where(inSchoolScope(termlyDiscussions.schoolId, scope))
    .orderBy(desc(termlyDiscussions.termStartsOn), asc(schools.name));
}

/** Every school in scope, with the day it last held a discussion (null: never). */
export async function lastDiscussedBySchool(db: DbOrTx, scope: SchoolScope) {
  const held = await db
    .select({
      schoolId: termlyDiscussions.schoolId,
      last: sql<string>`max(${termlyDiscussions.heldOn})::text`,
    })
    .from(termlyDiscussions)
    .where(and(isNotNull(termlyDiscussions.heldOn), inSchoolScope(termlyDiscussions.schoolId, scope)))
    .groupBy(termlyDiscussions.schoolId);
  const last = new Map(held.map((h) => [h.schoolId, h.last]));
  const list = await db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(inSchoolScope(schools.id, scope))
    .orderBy(asc(schools.name));
  return list.map((s) => ({ ...s, lastHeldOn: last.get(s.id) ?? null }));
}
