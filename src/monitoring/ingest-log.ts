// Ingests a proxy log into a school's monitoring aggregates: the same scan and arithmetic as
// `monitor analyse`, then one row per (person, platform, UTC hour) with its minutes as bit masks
// (minute-masks.ts), written with COPY into a staging table and merged by one set-based insert whose
// conflicts OR in only the minutes not already known, so re-ingesting a file or an overlapping log
// never double-counts. Findings (8.6.2, 9.1) are recomputed for the days touched,
// from the stored minutes; a finding already reviewed is left as the reviewer left it. One
// transaction: a failure stores nothing.
import "./audit-events";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, type SQL, sql } from "drizzle-orm";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { isSchoolDay as isCoreSchoolDay } from "../core/calendar/school-days";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { listStaff } from "../core/people/list-staff";
import { findSchoolBySlug } from "../core/people/find-schools";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db, Tx } from "../platform/db";
import type { MinuteClass } from "./classify-minute";
import { wrongFormatHint } from "./guess-log-format";
import { daysFromCivil } from "./local-time";
import {
  allBits,
  bitCount,
  CLASSES,
  HOUR_ROW_COLUMNS,
  HourRows,
  localParts,
  STAGED_MASKS,
} from "./minute-masks";
import type { BellSchedule } from "./parse-bell-schedule";
import type { IpLease } from "./parse-ip-map-csv";
import { keepLeases } from "./kept-leases";
import { keepStaffFileUsernames, loadAttribution } from "./load-attribution";
import type { StaffMember } from "./parse-staff-csv";
import type { TimetableEntry } from "./parse-timetable-csv";
import { defaultPlatformList, type PlatformList } from "./platforms";
import type { LogFormat } from "./scan-log";
import { scanLogSource } from "./scan-log-source";
import { loadSchoolRules, loadThresholds } from "./school-rules";
import { monitoringClassedBasis } from "./schema";
import { type DayTotals, findingsFromDays, summariseMinutes, type Thresholds } from "./summarise-minutes";

export interface IngestLogOptions {
  db: Db;
  actor: Actor;
  schoolSlug: string;
  source: string;
  format: LogFormat;
  stdin?: Readable;
  /** Without it, the school's bell schedule and timetables kept in Conduct (see school-rules.ts). */
  bells?: BellSchedule;
  timetables?: ReadonlyMap<string, readonly TimetableEntry[]>;
  /** An IP-to-staff map to keep for the school (kept-leases.ts) before the scan, which uses every lease kept. */
  leases?: readonly IpLease[];
  /** The map's file name, for its warnings. */
  leasesFileName?: string;
  /** Network usernames to record for the school's staff (matched by email) before the scan. */
  staffFile?: readonly StaffMember[];
  platforms?: PlatformList;
  /** Without it, the trust's thresholds as set on the thresholds page (else the defaults). */
  thresholds?: Thresholds;
  threads?: number;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

export interface IngestSummary {
  lines: number;
  malformedLines: number;
  malformed: { line: number; reason: string }[];
  attributedRequests: number;
  unattributedRequests: number;
  unattributedMinutes: number;
  /** (person, platform, minute)s new to the database, and those it already had. */
  minutesAdded: number;
  minutesAlreadyKnown: number;
  findingsOpened: number;
  bytes: number;
  /** When most lines were malformed and the log looks like another format: which to try. */
  formatHint?: string;
  /** Worth checking about who traffic was attributed to: overlapping leases, --staff set aside. */
  attributionWarnings: string[];
  /** The leases the school keeps for attribution, after this ingest's map (if any) was kept. */
  leasesKept: number;
}

export type IngestLogResult = { ok: true; summary: IngestSummary } | { ok: false; message: string };

export async function ingestLog(options: IngestLogOptions): Promise<IngestLogResult> {
  const { db } = options;
  const school = await findSchoolBySlug(db, options.schoolSlug);
  if (!school)
    return { ok: false, message: `there is no school "${options.schoolSlug}" (see \`conduct status\`)` };
  // Through core's staff list, never its table.
  const people = await listStaff(db, { schoolIds: [school.id] });
  // The rules come from the files given, else from what the school keeps in Conduct.
  const rules = options.bells ? null : await loadSchoolRules(db, school.id);
  const bells = options.bells ?? rules?.bells;
  if (!bells)
    return {
      ok: false,
      message: `${school.name} keeps no bell schedule: set it at /monitoring/schools/${school.slug}/settings or give --bells`,
    };
  // A map given with the ingest is kept for later ingests too; the scan uses every lease kept.
  const { leases } = options;
  const kept = leases
    ? await db.transaction((tx) =>
        keepLeases(tx, {
          schoolId: school.id,
          people,
          leases,
          fileName: options.leasesFileName ?? "the IP map",
          actor: options.actor,
        }),
      )
    : null;
  if (options.staffFile) await keepStaffFileUsernames(db, school.id, people, options.staffFile);
  const attribution = await loadAttribution(db, school.id, people);
  const { usernames } = attribution;
  const attributionWarnings = [...(kept?.warnings ?? []), ...attribution.warnings];
  const timetables = options.bells ? options.timetables : rules!.timetables;
  const platforms = options.platforms ?? defaultPlatformList;
  const timeZone = bells.timeZone;
  // CONDUCT_MONITOR_TIMINGS=1 prints when each stage ends, for the bench.
  const debug = process.env.CONDUCT_MONITOR_TIMINGS
    ? (what: string) => process.stderr.write(`ingest ${what} at ${performance.now().toFixed(0)} ms\n`)
    : () => {};
  debug("scan start");
  const scanned = await scanLogSource({
    source: options.source,
    setup: { format: options.format, platforms, usernames, leases: attribution.leases, timeZone },
    stdin: options.stdin,
    threads: options.threads,
    onProgress: options.onProgress,
  });

  debug("scanned");
  const calendar = await loadSchoolCalendar(db, school.id);
  const schoolDay = (date: string) => isCoreSchoolDay(calendar, date);
  const emails = people.map((p) => p.email.toLowerCase());
  // Hour rows as small integers until COPY turns them into text a batch at a time, to bound memory.
  const rows = new HourRows();
  let minuteCount = 0;
  const summarised = summariseMinutes({
    keys: scanned.keys,
    staff: emails,
    platforms,
    bells,
    timetables,
    schoolDay,
    onMinute: (person, platform, minute, minuteClass) => {
      minuteCount++;
      rows.add(person, platform, minute, CLASS_INDEX[minuteClass]);
    },
  });
  const rowCount = rows.length;
  // The keys are in the rows now: let them go before COPY.
  scanned.keys.length = 0;
  debug("summarised");
  // COPY sends small integers (person and platform indexes, the epoch hour, the masks in 30-bit
  // halves), not uuids and timestamps as text. The tables below turn them back in the insert.
  function* batches(): Generator<string> {
    for (let i = 0; i < rowCount; i += 20_000) {
      const parts: string[] = [];
      for (let j = i; j < Math.min(rowCount, i + 20_000); j++) parts.push(rows.copyLine(j));
      yield parts.join("");
    }
  }
  const copyRows = async (client: pg.PoolClient, target: string, lines: Iterable<string>) => {
    await pipeline(Readable.from(lines), client.query(copyFrom(`copy ${target} from stdin`)));
  };

  const thresholds = options.thresholds ?? (await loadThresholds(db));
  const summary = await db.transaction(async (tx) => {
    const client = clientOf(tx);
    // One writer of a school's minutes at a time (ingest or re-class), so a re-class never misses rows.
    await client.query("select pg_advisory_xact_lock(hashtext($1))", [`monitoring:${school.id}`]);
    await client.query(
      `create temp table monitoring_ingest_people (person int primary key, staff_id uuid not null) on commit drop;
       create temp table monitoring_ingest_platforms (platform smallint primary key, id text not null) on commit drop;
       create temp table monitoring_minutes_staging (${HOUR_ROW_COLUMNS}) on commit drop;
       create temp table monitoring_ingest_days (staff_id uuid not null, d date not null) on commit drop`,
    );
    await copyRows(client, "monitoring_ingest_people (person, staff_id)", [
      people.map((p, i) => `${i}\t${p.id}\n`).join(""),
    ]);
    await copyRows(client, "monitoring_ingest_platforms (platform, id)", [
      platforms.platforms.map((p, i) => `${i}\t${copyText(p.id)}\n`).join(""),
    ]);
    await copyRows(client, "monitoring_minutes_staging", batches());
    // The (person, school-local day) pairs this log touched, for the findings: from the summary,
    // rather than the local date of every staged minute worked out again in the database.
    const staffIdOf = new Map(people.map((p, i) => [emails[i]!, p.id]));
    await copyRows(client, "monitoring_ingest_days (staff_id, d)", [
      summarised.minutes.map((m) => `${staffIdOf.get(m.staff)}\t${m.date}\n`).join(""),
    ]);
    await client.query("analyze monitoring_minutes_staging");
    // Nothing of the school stored in the weeks touched (a day either side, for any zone's offset):
    // then after the insert their minutes are exactly this summary's, and need not be read back.
    const earlier = await client.query<{ stored: boolean }>(
      `with w as (
         select min(d) - extract(isodow from min(d))::int as lo, max(d) - extract(isodow from max(d))::int + 8 as hi
         from monitoring_ingest_days)
       select exists (
         select 1 from monitoring_minutes m, w
         where m.school_id = $1
           and m.hour >= (w.lo - 1)::timestamp at time zone 'UTC'
           and m.hour < (w.hi + 1)::timestamp at time zone 'UTC') as stored`,
      [school.id],
    );
    const firstForTheseWeeks = !earlier.rows[0]!.stored;
    debug("copied");
    const incoming = `
      select p.staff_id, pl.id as platform, to_timestamp(s.hour::bigint * 3600) as hour,
        ${STAGED_MASKS.pupilsPresent} as pupils_present,
        ${STAGED_MASKS.directedNoPupils} as directed_no_pupils,
        ${STAGED_MASKS.allowed} as allowed
      from monitoring_minutes_staging s
      join monitoring_ingest_people p using (person)
      join monitoring_ingest_platforms pl using (platform)`;
    // Nothing of the school stored for these weeks: no hour row of its staff can be there, so a
    // plain insert (half the cost of one that checks each row for a conflict; a conflict would
    // still fail the transaction, never double-count). Otherwise a merge: a minute already stored
    // keeps its class (as the per-minute rows' "do nothing" did), only the minutes new to a row are
    // ORed in, and a row with nothing new is left alone; the minutes already known are counted
    // from the same snapshot, before the merge.
    const known = firstForTheseWeeks
      ? await client
          .query(
            `insert into monitoring_minutes (staff_id, platform, hour, school_id, pupils_present, directed_no_pupils, allowed)
             select staff_id, platform, hour, $1, pupils_present, directed_no_pupils, allowed from (${incoming}) i`,
            [school.id],
          )
          .then(() => ({ rows: [{ n: "0" }] }))
      : await client.query<{ n: string }>(
          `with incoming as (${incoming}),
           known as (
             select coalesce(sum(bit_count((${allBits("i")} & ${allBits("m")})::bit(64))), 0) as n
             from incoming i join monitoring_minutes m using (staff_id, platform, hour)),
           merged as (
             insert into monitoring_minutes as m (staff_id, platform, hour, school_id, pupils_present, directed_no_pupils, allowed)
             select staff_id, platform, hour, $1, pupils_present, directed_no_pupils, allowed from incoming
             on conflict (staff_id, platform, hour) do update set
               pupils_present = m.pupils_present | (excluded.pupils_present & ~${allBits("m")}),
               directed_no_pupils = m.directed_no_pupils | (excluded.directed_no_pupils & ~${allBits("m")}),
               allowed = m.allowed | (excluded.allowed & ~${allBits("m")})
             where (${allBits("excluded")} & ~${allBits("m")}) <> 0
             returning 1)
           select (select n from known) as n, (select count(*) from merged) as written`,
          [school.id],
        );
    const minutesAlreadyKnown = Number(known.rows[0]!.n);
    const minutesAdded = minuteCount - minutesAlreadyKnown;
    debug("inserted");
    if (options.bells || options.thresholds) {
      // Classed by files rather than the rules kept in Conduct: if the school keeps rules, the
      // re-class job brings these minutes into line with them, so no report mixes the two.
      await tx.delete(monitoringClassedBasis).where(eq(monitoringClassedBasis.schoolId, school.id));
    }
    debug("findings start");
    const { opened: findingsOpened } = await refreshFindings(tx, {
      schoolId: school.id,
      timeZone,
      schoolDay,
      thresholds,
      emails,
      people,
      touched: "staging",
      dayCounts: firstForTheseWeeks
        ? summarised.minutes.map((m) => ({
            staffId: staffIdOf.get(m.staff)!,
            day: m.date,
            pupilsPresent: m.pupilsPresent,
            directedNoPupils: m.directedNoPupils,
            allowed: m.allowed,
          }))
        : undefined,
    });
    debug("findings");
    const result: IngestSummary = {
      lines: scanned.lines,
      malformedLines: scanned.malformedLines,
      malformed: scanned.malformed,
      attributedRequests: scanned.attributedRequests,
      unattributedRequests: scanned.unattributedRequests,
      unattributedMinutes: scanned.unattributedMinutes,
      minutesAdded,
      minutesAlreadyKnown,
      findingsOpened,
      bytes: scanned.bytes,
      formatHint: wrongFormatHint(options.format, scanned.head, scanned.lines, scanned.malformedLines),
      attributionWarnings,
      leasesKept: attribution.leases.reduce((n, [, group]) => n + group.length, 0),
    };
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "monitoring.ingested",
      subjectType: "school",
      subjectId: school.id,
      schoolId: school.id,
      detail: {
        lines: result.lines,
        malformedLines: result.malformedLines,
        minutesAdded,
        minutesAlreadyKnown: result.minutesAlreadyKnown,
        findingsOpened,
        format: options.format,
      },
    });
    return result;
  });
  return { ok: true, summary };
}

const CLASS_INDEX: Record<MinuteClass, number> = { pupilsPresent: 0, directedNoPupils: 1, allowed: 2 };

/** A value in COPY's text format (a platform id from a trust's list could hold a tab or a backslash). */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** The pg client under a Drizzle transaction, for COPY (Drizzle has no COPY); same connection, same transaction. */
export function clientOf(tx: Tx): pg.PoolClient {
  return (tx as unknown as { session: { client: pg.PoolClient } }).session.client;
}

export interface RefreshFindingsOptions {
  schoolId: string;
  timeZone: string;
  schoolDay: (date: string) => boolean;
  thresholds: Thresholds;
  emails: readonly string[];
  people: readonly { id: string }[];
  /** "staging": the weeks this ingest touched; "school": every stored minute of the school (re-class). */
  touched: "staging" | "school";
  /**
   * The touched days' counts when the caller knows them to be everything stored for the touched
   * weeks (nothing was stored for them before this ingest), so they need not be read back.
   */
  dayCounts?: readonly {
    staffId: string;
    day: string;
    pupilsPresent: number;
    directedNoPupils: number;
    allowed: number;
  }[];
}

/** A finding as recomputed, keyed for matching the stored ones. */
export type RecomputedFinding = { staffId: string; kind: string; day: string; minutes: number };

export async function refreshFindings(
  tx: Tx,
  options: RefreshFindingsOptions,
): Promise<{ opened: number; computed: RecomputedFinding[]; coveredDays: Set<string> }> {
  const { schoolId, timeZone, schoolDay, thresholds, emails, people } = options;
  // The days this ingest touched (or all the school's), recounted from everything stored for them
  // (distinct minutes per person and class), so a second, overlapping log adds to a day rather than replacing it.
  // An hour's last minute may be the next local day (a zone a half hour from UTC).
  const touched =
    options.touched === "staging"
      ? sql`select staff_id, d from monitoring_ingest_days`
      : sql`select staff_id, (hour at time zone ${timeZone})::date as d from monitoring_minutes where school_id = ${schoolId}
            union
            select staff_id, ((hour + interval '59 minutes') at time zone ${timeZone})::date from monitoring_minutes where school_id = ${schoolId}`;
  const counted = options.dayCounts
    ? options.dayCounts.flatMap((d) =>
        CLASSES.filter((c) => d[c] > 0).map((c) => ({
          staff_id: d.staffId,
          day: d.day,
          minute_class: c,
          n: String(d[c]),
        })),
      )
    : await countStoredDays(tx, touched, schoolId, timeZone);
  const emailOf = new Map(people.map((p, i) => [p.id, emails[i]!]));

  const idOf = new Map(people.map((p, i) => [emails[i]!, p.id]));
  const totals = new Map<string, DayTotals>();
  const coveredDays = new Set<string>();
  for (const row of counted) {
    const key = `${row.staff_id}|${row.day}`;
    let total = totals.get(key);
    if (!total) {
      const [y, m, d] = row.day.split("-").map(Number) as [number, number, number];
      const dayNumber = daysFromCivil(y, m, d);
      const weekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
      total = {
        staff: emailOf.get(row.staff_id)!,
        date: row.day,
        dayNumber,
        weekday,
        schoolDay: weekday <= 5 && schoolDay(row.day),
        pupilsPresent: 0,
        directedNoPupils: 0,
        allowed: 0,
      };
      totals.set(key, total);
      coveredDays.add(key);
      const monday = new Date((dayNumber - (weekday - 1)) * 86_400_000).toISOString().slice(0, 10);
      coveredDays.add(`${row.staff_id}|${monday}`);
    }
    total[row.minute_class] += Number(row.n);
  }
  const findings = findingsFromDays([...totals.values()], thresholds);
  const computed: RecomputedFinding[] = findings.map((f) => ({
    staffId: idOf.get(f.staff)!,
    kind: f.kind,
    day: f.date,
    minutes: f.minutes,
  }));
  // Set-based, all at once through COPY: new findings are inserted; known ones still "to review"
  // take the new count of minutes; a reviewed finding keeps what was reviewed.
  const client = clientOf(tx);
  await client.query(
    `drop table if exists monitoring_findings_staging;
     create temp table monitoring_findings_staging (staff_id uuid, clause text, kind text, day date,
       minutes int, threshold int, reason text) on commit drop`,
  );
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < findings.length; i += 5000) {
          yield findings
            .slice(i, i + 5000)
            .map(
              (f) =>
                `${idOf.get(f.staff)}\t${f.clause}\t${f.kind}\t${f.date}\t${f.minutes}\t${f.threshold}\t${copyText(f.reason)}\n`,
            )
            .join("");
        }
      })(),
    ),
    client.query(copyFrom("copy monitoring_findings_staging from stdin")),
  );
  const added = await client.query<{ n: string }>(
    `with added as (
       insert into monitoring_findings (school_id, staff_id, clause, kind, day, minutes, threshold, reason)
       select $1, staff_id, clause, kind, day, minutes, threshold, reason from monitoring_findings_staging
       on conflict do nothing
       returning 1)
     select count(*) as n from added`,
    [schoolId],
  );
  const opened = Number(added.rows[0]!.n);
  await client.query(
    `update monitoring_findings f set minutes = v.minutes, threshold = v.threshold, reason = v.reason
     from monitoring_findings_staging v
     where f.staff_id = v.staff_id and f.kind = v.kind and f.day = v.day
       and f.status = 'to review' and (f.minutes <> v.minutes or f.threshold <> v.threshold)`,
  );
  return { opened, computed, coveredDays };
}

/** Distinct stored minutes per person, school-local day and class, for every day of the weeks touched. */
async function countStoredDays(
  tx: Tx,
  touched: SQL,
  schoolId: string,
  timeZone: string,
): Promise<{ staff_id: string; day: string; minute_class: MinuteClass; n: string }[]> {
  const days = await tx.execute<{ staff_id: string; day: string; minute_class: MinuteClass; n: string }>(sql`
    with touched as (${touched}),
    week_days as (
      select distinct staff_id, d - extract(isodow from d)::int + g as day from touched, generate_series(1, 7) as g),
    -- Distinct minutes across platforms: the masks of a person's hour ORed together.
    hours as (
      select m.staff_id, m.hour, bit_or(m.pupils_present) as p, bit_or(m.directed_no_pupils) as d, bit_or(m.allowed) as a
      from monitoring_minutes m
      where m.school_id = ${schoolId}
        -- Only the touched weeks' hours, by the (school_id, hour) index: a day either side of the
        -- local dates covers any zone's offset.
        and m.hour >= (select (min(day) - 1)::timestamp at time zone 'UTC' from week_days)
        and m.hour < (select (max(day) + 2)::timestamp at time zone 'UTC' from week_days)
      group by 1, 2),
    parts as (
      select h.staff_id, part.local::date as day, h.p & part.bits as p, h.d & part.bits as d, h.a & part.bits as a
      from hours h cross join lateral ${localParts(sql`h.hour`, timeZone)} as part(local, bits)),
    counted as (
      select p.staff_id, p.day, sum(${bitCount(sql`p.p`)}) as p, sum(${bitCount(sql`p.d`)}) as d, sum(${bitCount(sql`p.a`)}) as a
      from parts p join week_days w on w.staff_id = p.staff_id and p.day = w.day
      group by 1, 2)
    select c.staff_id, to_char(c.day, 'YYYY-MM-DD') as day, v.minute_class, v.n
    from counted c
    cross join lateral (values ('pupilsPresent', c.p), ('directedNoPupils', c.d), ('allowed', c.a)) as v(minute_class, n)
    where v.n > 0`);
  return days.rows;
}
