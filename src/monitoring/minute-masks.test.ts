// Hour rows read as the per-minute rows were: in a zone a half hour from UTC an hour's minutes fall
// in two local hours (and, near midnight, two local days), and the retention purge cuts an hour row
// at the minute. Rows are written directly, so the expected figures are worked out by hand here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schools, staff, trusts } from "../core/people/schema";
import { createTestDatabase, type TestDatabase } from "../platform/testing/test-database";
import { buildSchoolReport } from "./build-school-report";
import { HOUR_ROW_TABLE_COLUMNS, HourRows, hourRowsAsBinaryCopy } from "./minute-masks";
import { purgeMonitoringMinutes } from "./purge-monitoring-minutes";
import { saveDpoRecord } from "./save-dpo-record";
import { storedMinutes } from "./test-support";
import { personDays } from "./view-person-detail";

let database: TestDatabase;
let schoolId: string;
let staffId: string;
const actor = { id: null, label: "test" };
const EVERY_MINUTE = (1n << 60n) - 1n;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const [trust] = await db.insert(trusts).values({ name: "Delhi Trust", slug: "delhi" }).returning();
  const [school] = await db
    .insert(schools)
    .values({
      trustId: trust!.id,
      slug: "delhi-high",
      name: "Delhi High",
      phase: "secondary",
      timeZone: "Asia/Kolkata",
    })
    .returning();
  schoolId = school!.id;
  const [person] = await db
    .insert(staff)
    .values({
      schoolId,
      externalId: "S1",
      firstName: "Asha",
      lastName: "Test",
      email: "asha@delhi.org",
      jobTitle: "Teacher",
      employment: "employee",
      startDate: "2020-09-01",
    })
    .returning();
  staffId = person!.id;
  // Monday 30 March 2026, 10:00-10:59 UTC (15:30-16:29 in India): every minute, allowed, on two
  // platforms (the same minutes); 18:00-18:59 UTC (23:30 Monday to 00:29 Tuesday): minutes 0-9
  // with pupils present, 50-59 directed.
  await db.execute(sql`
    insert into monitoring_minutes (staff_id, platform, hour, school_id, pupils_present, directed_no_pupils, allowed) values
      (${staffId}, 'facebook', '2026-03-30T10:00:00Z', ${schoolId}, 0, 0, ${EVERY_MINUTE}),
      (${staffId}, 'instagram', '2026-03-30T10:00:00Z', ${schoolId}, 0, 0, ${EVERY_MINUTE}),
      (${staffId}, 'facebook', '2026-03-30T18:00:00Z', ${schoolId}, ${(1n << 10n) - 1n}, ${((1n << 10n) - 1n) << 50n}, 0)`);
  await saveDpoRecord({
    db,
    actor,
    schoolId,
    input: {
      purpose: "8.6.2 and 9.1",
      lawfulBasis: "legitimate interests",
      dpiaReference: "DPIA-1",
      dpiaDate: "2026-01-10",
      retentionDays: 1,
    },
  });
});

afterAll(async () => {
  await database?.drop();
});

describe("hour rows in a zone a half hour from UTC", () => {
  it("split each hour's minutes at the local hour in the heatmap, distinct across platforms", async () => {
    const report = await buildSchoolReport({
      db: database.db,
      schoolSlug: "delhi-high",
      from: "2026-03-30",
      to: "2026-03-31",
    });
    if (!report.ok) throw new Error("locked");
    expect(report.report.heatmap[0]![15]).toBe(30);
    expect(report.report.heatmap[0]![16]).toBe(30);
    expect(report.report.heatmap[0]![23]).toBe(10);
    expect(report.report.heatmap[1]![0]).toBe(10);
    expect(report.report.totals).toEqual({ pupilsPresent: 10, directedNoPupils: 10, allowed: 60 });
    expect(report.report.byPlatform).toEqual({ facebook: 80, instagram: 60 });
  });

  it("count a person's minutes by local day, and a one-day report keeps only that day's minutes", async () => {
    expect(await personDays(database.db, staffId, "Asia/Kolkata")).toEqual([
      { day: "2026-03-30", pupilsPresent: 10, directedNoPupils: 0, allowed: 60 },
      { day: "2026-03-31", pupilsPresent: 0, directedNoPupils: 10, allowed: 0 },
    ]);
    const tuesday = await buildSchoolReport({
      db: database.db,
      schoolSlug: "delhi-high",
      from: "2026-03-31",
      to: "2026-03-31",
    });
    expect(tuesday.ok && tuesday.report.totals).toEqual({
      pupilsPresent: 0,
      directedNoPupils: 10,
      allowed: 0,
    });
  });

  it("are purged to the minute: an hour row the cutoff falls in keeps its later minutes", async () => {
    // Retention 1 day: on 31 March at 10:20 UTC every minute before 30 March 10:20 UTC goes.
    const { deleted } = await purgeMonitoringMinutes({
      db: database.db,
      now: new Date("2026-03-31T10:20:00Z"),
    });
    expect(deleted).toBe(40);
    const left = await storedMinutes(database.db);
    expect(left).toHaveLength(80 + 20);
    expect(left.filter((m) => m.minute < new Date("2026-03-30T10:20:00Z"))).toEqual([]);
  });
});

describe("hour rows by binary COPY", () => {
  it("arrive with every mask bit where it was set, in the primary key's order", async () => {
    // Person 0's id sorts after person 1's, and platform 0's name after platform 1's, so the
    // key order is not the order the rows were added in.
    const staffIds = ["ffffffff-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
    const platformIds = ["x", "facebook"];
    const hour = Date.UTC(2026, 2, 30, 10) / 60_000;
    const rows = new HourRows();
    // Minutes either side of the 30-bit halves and the 32-bit words: 0, 29, 30, 31, 32, 33, 59.
    for (const k of [0, 29, 30, 31, 32, 33, 59]) rows.add(0, 0, hour + k, k % 3);
    rows.add(0, 1, hour + 5, 2);
    rows.add(0, 0, hour + 60, 1);
    rows.add(1, 0, hour + 59, 0);
    expect([...rows.keyOrder(staffIds, platformIds)]).toEqual([3, 1, 0, 2]);

    const client = await database.owner.connect();
    try {
      await client.query("begin");
      await client.query("create temp table copied (like monitoring_minutes) on commit drop");
      await pipeline(
        Readable.from(hourRowsAsBinaryCopy(rows, staffIds, platformIds, schoolId, 2)),
        client.query(copyFrom(`copy copied (${HOUR_ROW_TABLE_COLUMNS}) from stdin with (format binary)`)),
      );
      const copied = await client.query(
        `select staff_id, platform, to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as hour, school_id,
           pupils_present::text as p, directed_no_pupils::text as d, allowed::text as a
         from copied order by ctid`,
      );
      await client.query("rollback");
      const bits = (...ks: number[]) => String(ks.reduce((m, k) => m | (1n << BigInt(k)), 0n));
      expect(copied.rows).toEqual([
        {
          staff_id: staffIds[1],
          platform: "x",
          hour: "2026-03-30 10:00",
          school_id: schoolId,
          p: bits(59),
          d: "0",
          a: "0",
        },
        {
          staff_id: staffIds[0],
          platform: "facebook",
          hour: "2026-03-30 10:00",
          school_id: schoolId,
          p: "0",
          d: "0",
          a: bits(5),
        },
        {
          staff_id: staffIds[0],
          platform: "x",
          hour: "2026-03-30 10:00",
          school_id: schoolId,
          p: bits(0, 30, 33),
          d: bits(31),
          a: bits(29, 32, 59),
        },
        {
          staff_id: staffIds[0],
          platform: "x",
          hour: "2026-03-30 11:00",
          school_id: schoolId,
          p: "0",
          d: bits(0),
          a: "0",
        },
      ]);
    } finally {
      client.release();
    }
  });
});

describe("migration 0027", () => {
  it("carries every per-minute row over into hour rows, each minute in its class", async () => {
    const file = readFileSync(
      path.join(
        path.dirname(fileURLToPath(import.meta.url)),
        "../../drizzle/0027_monitoring_minute_hours.sql",
      ),
      "utf8",
    );
    // The migration runs as the owner on a per-minute table of its own, in a schema of its own,
    // with a half-hour session zone (the hours are UTC's whatever it is).
    const client = await database.owner.connect();
    let got: Record<string, string>[];
    try {
      await client.query("begin");
      await client.query("create schema m27");
      await client.query("set local search_path = m27, public");
      await client.query("set local time zone 'Asia/Kolkata'");
      await client.query(
        `create table m27.monitoring_minutes (staff_id uuid not null, platform text not null,
           minute timestamptz not null, school_id uuid not null, minute_class text not null,
           primary key (staff_id, platform, minute))`,
      );
      await client.query(
        `insert into m27.monitoring_minutes values
           ($1, 'facebook', '2026-03-30T10:00:00Z', $2, 'pupilsPresent'),
           ($1, 'facebook', '2026-03-30T10:59:00Z', $2, 'allowed'),
           ($1, 'facebook', '2026-03-30T11:30:00Z', $2, 'directedNoPupils'),
           ($1, 'tiktok', '2026-03-30T10:31:00Z', $2, 'allowed')`,
        [staffId, schoolId],
      );
      for (const statement of file.split("--> statement-breakpoint")) await client.query(statement);
      const rows = await client.query<Record<string, string>>(
        `select platform, to_char(hour at time zone 'UTC', 'HH24:MI') as hour, pupils_present::text as p,
           directed_no_pupils::text as d, allowed::text as a
         from m27.monitoring_minutes order by 1, 2`,
      );
      got = rows.rows;
    } finally {
      await client.query("rollback");
      client.release();
    }
    expect(got).toEqual([
      { platform: "facebook", hour: "10:00", p: "1", d: "0", a: String(1n << 59n) },
      { platform: "facebook", hour: "11:00", p: "0", d: String(1n << 30n), a: "0" },
      { platform: "tiktok", hour: "10:00", p: "0", d: "0", a: String(1n << 31n) },
    ]);
  });
});
