// Evidence for the monitoring control (3.1.4, 8.6.2, 9.1, 10.1): counts only, never names.
import { and, gte, sql } from "drizzle-orm";
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { allMinutes, bitCount, hoursTouching, minutesWithin } from "./minute-masks";
import { monitoringDpoRecords, monitoringFindings, monitoringMinutes } from "./schema";

const WINDOW_DAYS = 30;

export async function monitoringEvidence(options: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const { db, scope, now } = options;
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  // Person-platform-minutes since then (an hour row straddling `since` counts its later minutes).
  const from = sql`${since.toISOString()}::timestamptz`;
  const within = minutesWithin(sql`monitoring_minutes.hour`, from, null);
  const counted = await db.execute<{ total: number; pupils: number; schools: number }>(sql`
    select coalesce(sum(${bitCount(sql`${allMinutes()} & ${within}`)}), 0)::int as total,
      coalesce(sum(${bitCount(sql`monitoring_minutes.pupils_present & ${within}`)}), 0)::int as pupils,
      (count(distinct monitoring_minutes.school_id) filter (where ${allMinutes()} & ${within} <> 0))::int as schools
    from monitoring_minutes
    where ${hoursTouching(sql`monitoring_minutes.hour`, from, null)}
      and ${inSchoolScope(monitoringMinutes.schoolId, scope) ?? sql`true`}`);
  const minutes = counted.rows[0];
  const [findings] = await db
    .select({
      total: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${monitoringFindings.status} = 'to review')::int`,
      excessive: sql<number>`count(*) filter (where ${monitoringFindings.clause} = '9.1')::int`,
    })
    .from(monitoringFindings)
    .where(and(gte(monitoringFindings.createdAt, since), inSchoolScope(monitoringFindings.schoolId, scope)));
  const [dpo] = await db
    .select({
      complete: sql<number>`count(*) filter (where ${monitoringDpoRecords.purpose} is not null and ${monitoringDpoRecords.lawfulBasis} is not null and ${monitoringDpoRecords.dpiaReference} is not null)::int`,
    })
    .from(monitoringDpoRecords)
    .where(inSchoolScope(monitoringDpoRecords.schoolId, scope));
  if (!minutes?.total) {
    return { headline: `No monitoring data in the last ${WINDOW_DAYS} days`, status: "no-data" };
  }
  const f = findings ?? { total: 0, open: 0, excessive: 0 };
  return {
    headline: `${minutes.total} social media minutes from web filter logs of ${minutes.schools} school(s) in the last ${WINDOW_DAYS} days; ${f.total} findings, ${f.open} to review`,
    status: f.open > 0 || !dpo?.complete ? "attention" : "working",
    byClause: {
      "3.1.4": `Logs of ${minutes.schools} school(s) monitored in the last ${WINDOW_DAYS} days; DPO record complete for ${dpo?.complete ?? 0}`,
      "8.6.2": `${minutes.pupils} of ${minutes.total} minutes in the last ${WINDOW_DAYS} days were when pupils were present`,
      "9.1": `${f.excessive} excessive-use findings in the last ${WINDOW_DAYS} days`,
      "10.1": `${minutes.total} minutes of staff social media use on school equipment monitored, domains and minutes only`,
    },
  };
}
