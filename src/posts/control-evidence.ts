// Evidence for the post check's clauses: how many posts were checked, and how often each clause
// was cited, in the last 30 days (counts only).
import { and, gte, sql } from "drizzle-orm";
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { postChecks } from "./schema";

const WINDOW_DAYS = 30;

export async function postCheckEvidence(options: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const { db, scope, now } = options;
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const where = and(gte(postChecks.checkedAt, since), inSchoolScope(postChecks.schoolId, scope));
  const [totals] = await db
    .select({
      total: sql<number>`count(*)::int`,
      blocked: sql<number>`count(*) filter (where ${postChecks.verdict} = 'block')::int`,
      review: sql<number>`count(*) filter (where ${postChecks.verdict} = 'review')::int`,
    })
    .from(postChecks)
    .where(where);
  if (!totals?.total)
    return { headline: `No posts checked in the last ${WINDOW_DAYS} days`, status: "no-data" };
  const cited = await db
    .select({ clause: sql<string>`c`, posts: sql<number>`count(*)::int` })
    .from(sql`${postChecks}, unnest(${postChecks.clauses}) as c`)
    .where(where)
    .groupBy(sql`c`);
  const headline = `${totals.total} posts checked in the last ${WINDOW_DAYS} days: ${totals.blocked} blocked, ${totals.review} for review`;
  return {
    headline,
    status: "working",
    byClause: Object.fromEntries(
      cited.map((row) => [
        row.clause,
        `${row.posts} of ${totals.total} posts checked in the last ${WINDOW_DAYS} days had a finding under this clause`,
      ]),
    ),
  };
}
