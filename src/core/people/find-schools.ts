// A school by its slug (the name in a URL or on the command line), or the schools with these ids,
// for capabilities that name a school without reading core's table themselves.
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { schools } from "./schema";

export type SchoolSummary = { id: string; trustId: string; slug: string; name: string; timeZone: string };

const columns = {
  id: schools.id,
  trustId: schools.trustId,
  slug: schools.slug,
  name: schools.name,
  timeZone: schools.timeZone,
};

export async function findSchoolBySlug(db: DbOrTx, slug: string): Promise<SchoolSummary | null> {
  const [school] = await db.select(columns).from(schools).where(eq(schools.slug, slug)).limit(1);
  return school ?? null;
}

/** The schools with these ids (every school without ids), by name. */
export async function listSchools(
  db: DbOrTx,
  options: { schoolIds?: readonly string[] } = {},
): Promise<SchoolSummary[]> {
  if (options.schoolIds?.length === 0) return [];
  return db
    .select(columns)
    .from(schools)
    .where(options.schoolIds ? inArray(schools.id, [...options.schoolIds]) : undefined)
    .orderBy(asc(schools.name));
}
