// Ingest on a real PostgreSQL with the planted log: aggregates only, the planted minutes per class,
// re-ingesting the file and an overlapping log changes nothing, reports stay locked until the DPO
// record is complete, and the retention purge is audited.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schools, staff, trusts } from "../core/people/schema";
import { auditEvents } from "../platform/audit/schema";
import { createTestDatabase, type TestDatabase } from "../platform/testing/test-database";
import { buildSchoolReport } from "./build-school-report";
import { monitoringEvidence } from "./control-evidence";
import { ingestLog } from "./ingest-log";
import { parseBellSchedule } from "./parse-bell-schedule";
import { parseIpMapCsv } from "./parse-ip-map-csv";
import { parseStaffCsv } from "./parse-staff-csv";
import { parseTimetableCsv } from "./parse-timetable-csv";
import { purgeMonitoringMinutes } from "./purge-monitoring-minutes";
import { saveDpoRecord } from "./save-dpo-record";
import { personDays } from "./view-person-detail";
import { monitoringFindings } from "./schema";
import {
  bellsJson,
  ipMapCsv,
  plantedRequests,
  squidLine,
  staffCsv,
  storedMinutes,
  timetableCsv,
} from "./test-support";

let database: TestDatabase;
let schoolId: string;
const actor = { id: null, label: "test" };
const dir = mkdtempSync(path.join(tmpdir(), "conduct-ingest-"));

function settings() {
  const bells = parseBellSchedule(bellsJson, "bells.json");
  const tt = parseTimetableCsv(timetableCsv, "tt.csv");
  const map = parseIpMapCsv(ipMapCsv, "map.csv");
  const staffFile = parseStaffCsv(staffCsv, "staff.csv");
  if (!bells.ok || !tt.ok || !map.ok || !staffFile.ok) throw new Error("settings");
  return { bells: bells.schedule, timetables: tt.timetables, leases: map.leases, staffFile: staffFile.staff };
}

function writeLog(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const [trust] = await db.insert(trusts).values({ name: "Summit Trust", slug: "summit" }).returning();
  const [school] = await db
    .insert(schools)
    .values({ trustId: trust!.id, slug: "summit-high", name: "Summit High", phase: "secondary" })
    .returning();
  schoolId = school!.id;
  await db.insert(staff).values(
    ["alice", "bob", "carol", "dave"].map((name, i) => ({
      schoolId,
      externalId: `S${i}`,
      firstName: name,
      lastName: "Test",
      email: `${name}@summit.org`,
      jobTitle: "Teacher",
      employment: "employee" as const,
      startDate: "2020-09-01",
    })),
  );
});

afterAll(async () => {
  await database?.drop();
});

describe("monitor ingest", () => {
  const allLines = plantedRequests().map(squidLine);

  it("stores one row per person, platform and minute, classed as planted, and opens findings to review", async () => {
    const file = writeLog("day.log", [...allLines, "garbage line"]);
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: file,
      format: "squid",
      ...settings(),
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.summary).toMatchObject({
      lines: allLines.length + 1,
      malformedLines: 1,
      minutesAdded: 104,
      minutesAlreadyKnown: 0,
      unattributedMinutes: 6,
    });
    const byClass: Record<string, number> = {};
    for (const key of new Set(
      (await storedMinutes(database.db)).map((m) => `${m.minuteClass}|${m.staffId}|${m.minute.getTime()}`),
    )) {
      const cls = key.split("|")[0]!;
      byClass[cls] = (byClass[cls] ?? 0) + 1;
    }
    expect(byClass).toEqual({
      allowed: 42,
      directedNoPupils: 25,
      pupilsPresent: 36,
    });
    const findings = await database.db.select().from(monitoringFindings);
    expect(findings).toHaveLength(5);
    expect(findings.every((f) => f.status === "to review" && f.clause === "8.6.2")).toBe(true);
    // No raw line, URL or path is stored anywhere: the table has only these columns.
    const columns = await database.db.execute<{ column_name: string }>(
      sql`select column_name from information_schema.columns where table_name = 'monitoring_minutes' order by 1`,
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      "allowed",
      "directed_no_pupils",
      "hour",
      "platform",
      "pupils_present",
      "school_id",
      "staff_id",
    ]);
  });

  it("re-ingesting the same file, or an overlapping one, never double-counts", async () => {
    const again = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("day.log", allLines),
      format: "squid",
      ...settings(),
    });
    expect(again.ok && again.summary).toMatchObject({ minutesAdded: 0, minutesAlreadyKnown: 104 });
    // The stored rows themselves are untouched, masks and all, by the same file and by its second half.
    const stored = await database.db.execute(
      sql`select * from monitoring_minutes order by staff_id, platform, hour`,
    );
    const half = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("half.log", allLines.slice(allLines.length / 2)),
      format: "squid",
      ...settings(),
    });
    expect(half.ok && half.summary.minutesAdded).toBe(0);
    expect(half.ok && half.summary.minutesAlreadyKnown).toBeGreaterThan(0);
    expect(
      (await database.db.execute(sql`select * from monitoring_minutes order by staff_id, platform, hour`))
        .rows,
    ).toEqual(stored.rows);
    // The second half of the day again, plus one new minute of Bob on Reddit at 15:30 BST.
    const extra = `${Date.parse("2026-03-30T14:30:10Z") / 1000}.000 10 10.0.0.2 TCP_MISS/200 1 GET http://www.reddit.com/ bob HIER_DIRECT/1.1.1.1 text/html`;
    const overlap = writeLog("overlap.log", [...allLines.slice(allLines.length / 2), extra]);
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: overlap,
      format: "squid",
      ...settings(),
    });
    expect(result.ok && result.summary).toMatchObject({ minutesAdded: 1 });
    expect(await storedMinutes(database.db)).toHaveLength(105);
    expect(await database.db.select().from(monitoringFindings)).toHaveLength(5);
    const ingests = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.ingested"));
    expect(ingests).toHaveLength(4);
  });

  it("keeps reports locked until purpose, lawful basis and the DPIA are recorded", async () => {
    const locked = await buildSchoolReport({
      db: database.db,
      schoolSlug: "summit-high",
      from: "2026-03-23",
      to: "2026-04-05",
    });
    expect(locked).toEqual({
      ok: false,
      locked: true,
      missing: ["the purpose of monitoring", "the lawful basis", "the DPIA's reference", "the DPIA's date"],
    });
    await saveDpoRecord({
      db: database.db,
      actor,
      schoolId,
      input: {
        purpose: "8.6.2 and 9.1",
        lawfulBasis: "legitimate interests",
        dpiaReference: "DPIA-7",
        dpiaDate: "2026-01-10",
      },
    });
    const open = await buildSchoolReport({
      db: database.db,
      schoolSlug: "summit-high",
      from: "2026-03-23",
      to: "2026-04-05",
    });
    if (!open.ok) throw new Error("still locked");
    // Bob's extra Reddit minute is in free Period 5 (no timetable entry): directed.
    expect(open.report.totals).toEqual({ pupilsPresent: 36, directedNoPupils: 26, allowed: 42 });
    // Monday 09:xx BST: Alice's 5 Instagram minutes, Bob's 1 (09:10) and Alice's other… all in the 09 column.
    expect(open.report.heatmap[0]![9]).toBe(6);
    expect(open.report.heatmap[5]![10]).toBe(4);
    expect(open.report.findings).toEqual({ toReview: 5, confirmed: 0, dismissed: 0 });
  });

  it("reports what per-minute arithmetic over the stored minutes gives: heatmap, totals, platforms, days", async () => {
    const minutes = await storedMinutes(database.db);
    const local = (d: Date) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat("en-GB", {
          timeZone: "Europe/London",
          hourCycle: "h23",
          weekday: "short",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
        })
          .formatToParts(d)
          .map((p) => [p.type, p.value]),
      );
      const dow = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday!);
      return { dow, hour: Number(parts.hour), day: `${parts.year}-${parts.month}-${parts.day}` };
    };
    const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    const totals = { pupilsPresent: 0, directedNoPupils: 0, allowed: 0 };
    const byPlatform: Record<string, number> = {};
    const days = new Map<string, Record<string, number>>();
    const seen = new Set<string>();
    const seenClass = new Set<string>();
    for (const m of minutes) {
      const at = local(m.minute);
      byPlatform[m.platform] = (byPlatform[m.platform] ?? 0) + 1;
      if (!seen.has(`${m.staffId}|${m.minute.getTime()}`)) {
        seen.add(`${m.staffId}|${m.minute.getTime()}`);
        heatmap[at.dow]![at.hour]!++;
      }
      if (!seenClass.has(`${m.staffId}|${m.minute.getTime()}|${m.minuteClass}`)) {
        seenClass.add(`${m.staffId}|${m.minute.getTime()}|${m.minuteClass}`);
        totals[m.minuteClass]++;
        const key = `${m.staffId}|${at.day}`;
        const day = days.get(key) ?? { pupilsPresent: 0, directedNoPupils: 0, allowed: 0 };
        day[m.minuteClass]!++;
        days.set(key, day);
      }
    }
    const report = await buildSchoolReport({
      db: database.db,
      schoolSlug: "summit-high",
      from: "2026-03-23",
      to: "2026-04-05",
    });
    if (!report.ok) throw new Error("locked");
    expect(report.report.heatmap).toEqual(heatmap);
    expect(report.report.totals).toEqual(totals);
    expect(report.report.byPlatform).toEqual(byPlatform);
    for (const staffId of new Set(minutes.map((m) => m.staffId))) {
      const stored = await personDays(database.db, staffId, "Europe/London");
      expect(Object.fromEntries(stored.map(({ day, ...counts }) => [`${staffId}|${day}`, counts]))).toEqual(
        Object.fromEntries([...days].filter(([k]) => k.startsWith(staffId))),
      );
    }
  });

  it("gives the policy page counts for 3.1.4, 8.6.2, 9.1 and 10.1, never names", async () => {
    const evidence = await monitoringEvidence({
      db: database.db,
      scope: "all",
      now: new Date("2026-04-05T12:00:00Z"),
    });
    expect(evidence.status).toBe("attention");
    expect(evidence.byClause?.["8.6.2"]).toBe(
      "37 of 105 minutes in the last 30 days were when pupils were present",
    );
    expect(evidence.byClause?.["3.1.4"]).toContain("DPO record complete for 1");
    expect(Object.keys(evidence.byClause ?? {})).toEqual(["3.1.4", "8.6.2", "9.1", "10.1"]);
    expect(JSON.stringify(evidence)).not.toContain("summit.org");
  });

  it("purges minutes past the retention period and audits the run", async () => {
    await saveDpoRecord({ db: database.db, actor, schoolId, input: { retentionDays: 5 } });
    const { deleted } = await purgeMonitoringMinutes({
      db: database.db,
      now: new Date("2026-04-03T12:00:00Z"),
    });
    // Friday 27 March's 10 minutes are more than 5 days old on 3 April at noon.
    expect(deleted).toBe(10);
    const runs = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.purged"));
    expect(runs.map((r) => (r.detail as { deleted: number }).deleted)).toEqual([10]);
  });

  it("leaves a minute unattributed where a colleague's lease overlaps one to someone not in the staff list", async () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    // Alice holds 10.9.9.9 all day; a lease to someone Conduct does not know overlaps it from 12:00 UTC.
    const leases = [
      {
        ip: "10.9.9.9",
        email: "alice@summit.org",
        from: at("2026-04-02T07:00:00Z"),
        to: at("2026-04-02T17:00:00Z"),
      },
      {
        ip: "10.9.9.9",
        email: "visitor@elsewhere.org",
        from: at("2026-04-02T12:00:00Z"),
        to: at("2026-04-02T13:00:00Z"),
      },
    ];
    const request = (local: string) =>
      squidLine({ local, ip: "10.9.9.9", user: "-", host: "www.facebook.com" });
    // 12:10 London (11:10 UTC): Alice's alone; 13:29 London (12:29 UTC): both leases.
    const file = writeLog("overlap.log", [request("2026-04-02 12:10:05"), request("2026-04-02 13:29:05")]);
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: file,
      format: "squid",
      ...settings(),
      leases,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.summary).toMatchObject({ lines: 2, minutesAdded: 1, unattributedMinutes: 1 });
  });
});
