// A school's monitoring report: totals and patterns first, no names (minutes by class and platform,
// a heatmap of minutes by weekday and hour against the bell schedule, findings by status). Locked
// until the DPO record has purpose, lawful basis and DPIA.
import { and, count, eq, gte, sql } from "drizzle-orm";
import { findSchoolBySlug } from "../core/people/find-schools";
import type { DbOrTx } from "../platform/db";
import { loadDpoRecord, missingForReports } from "./save-dpo-record";
import { allMinutes, bitCount, hoursTouching, localParts, minutesWithin } from "./minute-masks";
import { monitoringFindings } from "./schema";

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
  // [from, to] are school-local dates, to inclusive; the minutes of an hour row outside them are
  // masked off (only a zone a half hour from UTC has such a row).
  const start = sql`(${options.from}::date)::timestamp at time zone ${tz}`;
  const end = sql`((${options.to}::date + 1)::timestamp) at time zone ${tz}`;
  const within = minutesWithin(sql`m.hour`, start, end);
  const inRange = sql`m.school_id = ${school.id} and ${hoursTouching(sql`m.hour`, start, end)}`;
  // Distinct person-minutes: each person's hour ORed across platforms first.
  const personHours = sql`
    select m.staff_id, m.hour,
      bit_or(m.pupils_present & ${within}) as p, bit_or(m.directed_no_pupils & ${within}) as d, bit_or(m.allowed & ${within}) as a
    from monitoring_minutes m where ${inRange} group by 1, 2`;
  const byClass = await db.execute<{ p: string | null; d: string | null; a: string | null }>(sql`
    select sum(${bitCount(sql`h.p`)}) as p, sum(${bitCount(sql`h.d`)}) as d, sum(${bitCount(sql`h.a`)}) as a
    from (${personHours}) h`);
  const platforms = await db.execute<{ platform: string; n: string }>(sql`
    select m.platform, sum(${bitCount(sql`${allMinutes("m")} & ${within}`)}) as n
    from monitoring_minutes m where ${inRange} group by 1`);
  const cells = await db.execute<{ dow: number; hour: number; n: string }>(sql`
    select extract(isodow from part.local)::int as dow, extract(hour from part.local)::int as hour,
      sum(${bitCount(sql`(h.p | h.d | h.a) & part.bits`)}) as n
    from (${personHours}) h cross join lateral ${localParts(sql`h.hour`, tz)} as part(local, bits)
    where (h.p | h.d | h.a) & part.bits <> 0
    group by 1, 2`);
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
  const counted = byClass.rows[0];
  const totals = {
    pupilsPresent: Number(counted?.p ?? 0),
    directedNoPupils: Number(counted?.d ?? 0),
    allowed: Number(counted?.a ?? 0),
  };
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const c of cells.rows) heatmap[c.dow - 1]![c.hour] = Number(c.n);
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
      byPlatform: Object.fromEntries(
        platforms.rows.filter((p) => Number(p.n) > 0).map((p) => [p.platform, Number(p.n)]),
      ),
      heatmap,
      findings,
    },
  };
}
