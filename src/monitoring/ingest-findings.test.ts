// A first ingest of some weeks takes its findings from the summary; any later one reads the stored
// minutes back. Both must give the same findings, daily and weekly ones included.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { schools, staff, trusts } from "../core/people/schema";
import { createTestDatabase, type TestDatabase } from "../platform/testing/test-database";
import { ingestLog } from "./ingest-log";
import { parseBellSchedule } from "./parse-bell-schedule";
import { parseIpMapCsv } from "./parse-ip-map-csv";
import { parseStaffCsv } from "./parse-staff-csv";
import { parseTimetableCsv } from "./parse-timetable-csv";
import { monitoringFindings } from "./schema";
import { bellsJson, ipMapCsv, plantedRequests, squidLine, staffCsv, timetableCsv } from "./test-support";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const [trust] = await database.db
    .insert(trusts)
    .values({ name: "Summit Trust", slug: "summit" })
    .returning();
  const [school] = await database.db
    .insert(schools)
    .values({ trustId: trust!.id, slug: "summit-high", name: "Summit High", phase: "secondary" })
    .returning();
  await database.db.insert(staff).values(
    ["alice", "bob", "carol", "dave"].map((name, i) => ({
      schoolId: school!.id,
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

it("gives the same findings from the summary (first ingest) as from the stored minutes", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "conduct-ingest-findings-"));
  const file = path.join(dir, "access.log");
  writeFileSync(file, `${plantedRequests().map(squidLine).join("\n")}\n`);
  const bells = parseBellSchedule(bellsJson, "bells.json");
  const tt = parseTimetableCsv(timetableCsv, "tt.csv");
  const map = parseIpMapCsv(ipMapCsv, "map.csv");
  const people = parseStaffCsv(staffCsv, "staff.csv");
  if (!bells.ok || !tt.ok || !map.ok || !people.ok) throw new Error("settings");
  const ingest = () =>
    ingestLog({
      db: database.db,
      actor: { id: null, label: "test" },
      schoolSlug: "summit-high",
      source: file,
      format: "squid",
      bells: bells.schedule,
      timetables: tt.timetables,
      leases: map.leases,
      staffFile: people.staff,
      // Low thresholds, so daily and weekly findings are opened as well as 8.6.2 ones.
      thresholds: { pupilsPresentMinutesPerDay: 0, dailyMinutesOutsideBreaks: 5, weeklyMinutes: 20 },
    });
  const read = async () =>
    (await database.db.select().from(monitoringFindings))
      .map((f) => `${f.staffId} ${f.kind} ${f.day} ${f.minutes} ${f.threshold} ${f.reason}`)
      .sort();
  const first = await ingest();
  if (!first.ok) throw new Error(first.message);
  expect(first.summary.minutesAlreadyKnown).toBe(0);
  const fromSummary = await read();
  expect(new Set(fromSummary.map((f) => f.split(" ")[1]))).toEqual(
    new Set(["pupils-present", "daily-excessive", "weekly-excessive"]),
  );
  await database.db.delete(monitoringFindings);
  const again = await ingest();
  if (!again.ok) throw new Error(again.message);
  expect(again.summary.minutesAdded).toBe(0);
  expect(await read()).toEqual(fromSummary);
});
