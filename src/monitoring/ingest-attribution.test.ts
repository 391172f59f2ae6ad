// Who ingest attributes traffic to, with planted truth: the network username from the people import
// (the school's MIS/AD export) matches the log's login; the people record wins over `--staff`; an
// IP-to-staff map given once is kept, so a later ingest with no map still attributes through it,
// loading it again doubles nothing, an overlap with a kept lease is told, and the retention purge
// deletes leases that ended and keeps one still held.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPeopleCsv } from "../core/people/import-people";
import { listStaff } from "../core/people/list-staff";
import { schools, trusts } from "../core/people/schema";
import { createTestDatabase, type TestDatabase } from "../platform/testing/test-database";
import { ingestLog } from "./ingest-log";
import { keepLeases, loadKeptLeases } from "./kept-leases";
import { parseBellSchedule } from "./parse-bell-schedule";
import { type IpLease, parseIpMapCsv } from "./parse-ip-map-csv";
import { parseStaffCsv } from "./parse-staff-csv";
import { purgeMonitoringMinutes } from "./purge-monitoring-minutes";
import { bellsJson, type PlantedRequest, squidLine, storedMinutes } from "./test-support";

let database: TestDatabase;
let schoolId = "";
const actor = { id: null, label: "test" };
const dir = mkdtempSync(path.join(tmpdir(), "conduct-attribution-"));
const bells = (() => {
  const parsed = parseBellSchedule(bellsJson, "bells.json");
  if (!parsed.ok) throw new Error("bells");
  return parsed.schedule;
})();
const staffIds = new Map<string, string>();

// The people import, as the school's MIS/AD export gives it: Alice and Bob have logins that are
// not their email's first part; Carol and Dave have none on record.
const peopleCsv = [
  "Staff ID,Forename,Surname,Work Email,Start Date,AD Username",
  "S1,Alice,Archer,alice@summit.org,01/09/2020,SUMMIT\\AArcher",
  "S2,Bob,Baker,bob@summit.org,01/09/2020,bbaker",
  "S3,Carol,Cook,carol@summit.org,01/09/2020,",
  "S4,Dave,Dyer,dave@summit.org,01/09/2020,",
].join("\n");

// 10.0.0.5 is Carol's until 12:30 on Monday 30 March (BST), then Dave's until 17:00; 10.0.0.6 is
// Carol's from Tuesday morning, still held.
const mapCsv = [
  "ip,staff_email,from,to",
  "10.0.0.5,carol@summit.org,2026-03-30T08:00:00+01:00,2026-03-30T12:30:00+01:00",
  "10.0.0.5,dave@summit.org,2026-03-30T12:30:00+01:00,2026-03-30T17:00:00+01:00",
  "10.0.0.6,carol@summit.org,2026-03-31T08:00:00+01:00,",
].join("\n");

function leases(csv = mapCsv, name = "map.csv"): IpLease[] {
  const parsed = parseIpMapCsv(csv, name);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.leases;
}

/** Two requests in each of `minutes` minutes from a school-local start. */
function minutes(day: string, start: string, n: number, ip: string, user: string, host: string) {
  const out: PlantedRequest[] = [];
  const [h, m] = start.split(":").map(Number) as [number, number];
  for (let k = 0; k < n; k++) {
    const at = h * 60 + m + k;
    const hhmm = `${String(Math.floor(at / 60)).padStart(2, "0")}:${String(at % 60).padStart(2, "0")}`;
    for (const s of ["10", "40"]) out.push({ local: `${day} ${hhmm}:${s}`, ip, user, host });
  }
  return out;
}

function writeLog(name: string, requests: PlantedRequest[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${requests.map(squidLine).join("\n")}\n`);
  return file;
}

// Monday: Alice by her AD login in Period 1 (10 minutes), Bob by his in Period 1 (5), Carol through
// the map in Period 3 (5), Dave through it at lunch after the handover (5), and a login no one has (3).
const monday = () => [
  ...minutes("2026-03-30", "09:10", 10, "10.0.0.1", "SUMMIT%5Caarcher", "www.facebook.com"),
  ...minutes("2026-03-30", "09:30", 5, "10.0.0.2", "BBaker", "www.instagram.com"),
  ...minutes("2026-03-30", "12:00", 5, "10.0.0.5", "-", "www.tiktok.com"),
  ...minutes("2026-03-30", "12:40", 5, "10.0.0.5", "-", "www.tiktok.com"),
  ...minutes("2026-03-30", "10:10", 3, "10.0.0.9", "pupil123", "www.facebook.com"),
];

async function minutesOf(): Promise<Record<string, Record<string, number>>> {
  const nameOf = new Map([...staffIds].map(([name, id]) => [id, name]));
  const out: Record<string, Record<string, number>> = {};
  for (const m of await storedMinutes(database.db)) {
    const who = nameOf.get(m.staffId)!;
    out[who] ??= {};
    out[who][m.minuteClass] = (out[who][m.minuteClass] ?? 0) + 1;
  }
  return out;
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
  const imported = await importPeopleCsv({
    db,
    actor,
    kind: "staff",
    csvText: peopleCsv,
    fileName: "ad-export.csv",
    defaultSchoolSlug: "summit-high",
  });
  if (imported.errors.length) throw new Error(JSON.stringify(imported.errors));
  for (const p of await listStaff(db, { schoolIds: [schoolId] })) staffIds.set(p.email.split("@")[0]!, p.id);
});

afterAll(async () => {
  await database?.drop();
});

describe("attributing traffic at ingest", () => {
  it("matches the log's login to the people import's network username, and keeps the map given", async () => {
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("monday.log", monday()),
      format: "squid",
      bells,
      leases: leases(),
      leasesFileName: "map.csv",
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.summary).toMatchObject({
      attributedRequests: 50,
      unattributedRequests: 6,
      unattributedMinutes: 3,
      minutesAdded: 25,
      leasesKept: 3,
      attributionWarnings: [],
    });
    expect(await minutesOf()).toEqual({
      alice: { pupilsPresent: 10 },
      bob: { pupilsPresent: 5 },
      carol: { pupilsPresent: 5 },
      dave: { allowed: 5 },
    });
    expect(await loadKeptLeases(database.db, schoolId)).toHaveLength(3);
  });

  it("attributes a later log with no map through the leases kept, and loading the map again adds nothing", async () => {
    // Tuesday: Carol on 10.0.0.6 in Period 1 (4 minutes); no map given.
    const tuesday = minutes("2026-03-31", "09:05", 4, "10.0.0.6", "-", "www.snapchat.com");
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("tuesday.log", tuesday),
      format: "squid",
      bells,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.summary).toMatchObject({ attributedRequests: 8, unattributedRequests: 0, minutesAdded: 4 });
    expect((await minutesOf()).carol).toEqual({ pupilsPresent: 9 });

    // Monday again, with no map: every minute is found where the first ingest put it.
    const again = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("monday.log", monday()),
      format: "squid",
      bells,
    });
    if (!again.ok) throw new Error(again.message);
    expect(again.summary).toMatchObject({ minutesAdded: 0, minutesAlreadyKnown: 25, unattributedMinutes: 3 });

    const people = await listStaff(database.db, { schoolIds: [schoolId] });
    const reloaded = await keepLeases(database.db, {
      schoolId,
      people,
      leases: leases(),
      fileName: "map.csv",
      actor,
    });
    expect(reloaded).toMatchObject({ added: 0, alreadyKept: 3, kept: 3, warnings: [] });
    expect(await loadKeptLeases(database.db, schoolId)).toHaveLength(3);
  });

  it("tells of a new lease that overlaps another person's kept one, and leaves that traffic unattributed", async () => {
    const overlap = leases(
      "ip,staff_email,from,to\n10.0.0.5,bob@summit.org,2026-03-30T12:00:00+01:00,2026-03-30T12:10:00+01:00\n",
      "extra.csv",
    );
    const people = await listStaff(database.db, { schoolIds: [schoolId] });
    const kept = await keepLeases(database.db, {
      schoolId,
      people,
      leases: overlap,
      fileName: "extra.csv",
      actor,
    });
    expect(kept.added).toBe(1);
    expect(kept.warnings).toEqual([
      expect.stringMatching(
        /^extra\.csv: 10\.0\.0\.5: carol@summit\.org and line 2 \(bob@summit\.org\) both hold it from 2026-03-30T11:00:00Z to 2026-03-30T11:10:00Z/,
      ),
    ]);
    // Carol's 12:00 to 12:04 on Monday, read again in a fresh database view: unattributed now.
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("noon.log", minutes("2026-03-30", "12:00", 5, "10.0.0.5", "-", "www.tiktok.com")),
      format: "squid",
      bells,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.summary).toMatchObject({ attributedRequests: 0, unattributedMinutes: 5 });
  });

  it("prefers the people record to --staff, and uses --staff for someone the record has no username for", async () => {
    // --staff gives Alice's login to Dave (the record says otherwise: set aside) and Carol one.
    const staffFile = parseStaffCsv(
      "email,network_username\ndave@summit.org,aarcher\ncarol@summit.org,ccook\n",
      "staff.csv",
    );
    if (!staffFile.ok) throw new Error("staff");
    const before = await minutesOf();
    const result = await ingestLog({
      db: database.db,
      actor,
      schoolSlug: "summit-high",
      source: writeLog("thursday.log", [
        ...minutes("2026-04-02", "09:10", 3, "10.0.0.1", "aarcher", "www.facebook.com"),
        ...minutes("2026-04-02", "09:20", 2, "10.0.0.3", "SUMMIT\\ccook", "www.facebook.com"),
      ]),
      format: "squid",
      bells,
      staffFile: staffFile.staff,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.summary.attributionWarnings).toEqual([
      expect.stringContaining("1 network username(s) from --staff differ from the people record"),
    ]);
    const after = await minutesOf();
    expect(after.alice!.pupilsPresent).toBe(before.alice!.pupilsPresent! + 3);
    expect(after.carol!.pupilsPresent).toBe(before.carol!.pupilsPresent! + 2);
    expect(after.dave).toEqual(before.dave);
  });

  it("purges leases that ended before the retention period with the minutes, and keeps one still held", async () => {
    const purged = await purgeMonitoringMinutes({
      db: database.db,
      now: new Date("2026-08-01T00:00:00Z"),
      actor,
    });
    // Monday's three leases ended on 30 March, 90 days before 1 August is 3 May; Carol's on 10.0.0.6 is open.
    expect(purged.leasesDeleted).toBe(3);
    const left = await loadKeptLeases(database.db, schoolId);
    expect(left.map((l) => [l.ip, l.email, l.to])).toEqual([["10.0.0.6", "carol@summit.org", Infinity]]);
  });
});
