// Head counts by school (staff in post, pupils on roll): no names, so everyone may see them.
// One grouped pass over each table rather than a subquery per school, and kept for a short while:
// the home page asks on every view, and a count a minute old is as good for a head count.
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db";

export type SchoolHeadCount = {
  id: string;
  slug: string;
  name: string;
  phase: string;
  staff: number;
  pupils: number;
};

const KEEP_MS = 60_000;
const cache = new WeakMap<Db, { at: number; rows: Promise<SchoolHeadCount[]> }>();

export function countPeopleBySchool(db: Db, now = Date.now()): Promise<SchoolHeadCount[]> {
  const held = cache.get(db);
  if (held && now - held.at < KEEP_MS) return held.rows;
  const rows = db
    .execute<SchoolHeadCount>(sql`
      select s.id, s.slug, s.name, s.phase,
             coalesce(st.n, 0)::int as staff, coalesce(pu.n, 0)::int as pupils
        from schools s
        left join (select school_id, count(*) as n from staff
                    where leave_date is null or leave_date > current_date group by school_id) st
               on st.school_id = s.id
        left join (select school_id, count(*) as n from pupils where left_on is null group by school_id) pu
               on pu.school_id = s.id
       order by s.name`)
    .then((r) => r.rows);
  cache.set(db, { at: now, rows });
  rows.catch(() => cache.delete(db));
  return rows;
}

/** After an import the counts have changed: forget what was kept. */
export function forgetHeadCounts(db: Db): void {
  cache.delete(db);
}
