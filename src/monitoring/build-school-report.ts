// A school's monitoring report: totals and patterns first, no names (minutes by class and platform,
// a heatmap of minutes by weekday and hour against the bell schedule, findings by status). Locked
// until the DPO record has purpose, lawful basis and DPIA.
import { and, count, eq, gte, lt, sql } from "drizzle-orm";
import { findSchoolBySlug } from "../core/people/find-schools";
import type { DbOrTx } from "../platform/db";
import { loadDpoRecord, missingForReports } from "./save-dpo-record";
import { monitoringFindings, monitoringMinutes } from "./schema";

export interface SchoolReport {
  school: string;
  from: string;
  to: string;
  /** Distinct person-minutes in each class. */
  totals: { pupilsPresent: number; directedNoPupils: number; allowed: number };
  byPlatform: Record<string, number>;
  /** heatmap[weekday 0 = Monday][hour 0..23]: distinct person-minutes, school-local. */
  heatmap: number[][];
  findings: { toReview: number; confirmed: number; dismissed: number };
}

export type BuildSchoolReportResult =
  | { ok: true; report: SchoolReport }
  | { ok: false; locked: true; missing: string[] }
  | { ok: false; locked: false; message: string };

export async function buildSchoolReport(options: {
  db: DbOrTx;
  schoolSlug: string;
  from: string;
  to: string;
}): Promise<BuildSchoolReportResult> {
  const { db } = options;
  const school = await findSchoolBySlug(db, options.schoolSlug);
  if (!school) return { ok: false, locked: false, message: `there is no school "${options.schoolSlug}"` };
  const missing = missingForReports(await loadDpoRecord(db, school.id));
  if (missing.length > 0) return { ok: false, locked: true, missing };
  const tz = school.timeZone;
  // [from, to] are school-local dates, to inclusive.
  const start = sql`(${options.from}::date)::timestamp at time zone ${tz}`;
  const end = sql`((${options.to}::date + 1)::timestamp) at time zone ${tz}`;
  const inRange = and(
    eq(monitoringMinutes.schoolId, school.id),
    gte(monitoringMinutes.minute, start),
    lt(monitoringMinutes.minute, end),
  );
  const byClass = await db
    .select({
      cls: monitoringMinutes.minuteClass,
      n: sql<string>`count(distinct (${monitoringMinutes.staffId}, ${monitoringMinutes.minute}))`,
    })
    .from(monitoringMinutes)
    .where(inRange)
    .groupBy(monitoringMinutes.minuteClass);
  const platforms = await db
    .select({ platform: monitoringMinutes.platform, n: count() })
    .from(monitoringMinutes)
    .where(inRange)
    .groupBy(monitoringMinutes.platform);
  const cells = await db
    .select({
      dow: sql<number>`extract(isodow from ${monitoringMinutes.minute} at time zone ${tz})::int`,
      hour: sql<number>`extract(hour from ${monitoringMinutes.minute} at time zone ${tz})::int`,
      n: sql<string>`count(distinct (${monitoringMinutes.staffId}, ${monitoringMinutes.minute}))`,
    })
    .from(monitoringMinutes)
    .where(inRange)
    .groupBy(sql`1`, sql`2`);
  const statuses = await db
    .select({ status: monitoringFindings.status, n: count() })
    .from(monitoringFindings)
    .where(
      and(
        eq(monitoringFindings.schoolId, school.id),
        gte(monitoringFindings.day, options.from),
        sql`${monitoringFindings.day} <= ${options.to}::date`,
      ),
    )
    .groupBy(monitoringFindings.status);
  const totals = { pupilsPresent: 0, directedNoPupils: 0, allowed: 0 };
  for (const row of byClass) totals[row.cls] = Number(row.n);
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const c of cells) heatmap[c.dow - 1]![c.hour] = Number(c.n);
  const findings = { toReview: 0, confirmed: 0, dismissed: 0 };
  for (const s of statuses) {
    if (s.status === "to review") findings.toReview = s.n;
    else findings[s.status] = s.n;
  }
  return {
    ok: true,
    report: {
      school: school.slug,
      from: options.from,
      to: options.to,
      totals,
      byPlatform: Object.fromEntries(platforms.map((p) => [p.platform, p.n])),
      heatmap,
      findings,
    },
  };
}
