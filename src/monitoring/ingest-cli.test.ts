// `conduct monitor ingest` against a real database: the same warnings as `analyse` (a timetable with
// no lessons, the wrong --format) and exit code 4 when no line of the log could be read.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { staff } from "../core/people/schema";
import { createTestApp, type SeededTrust, seedTrust, type TestApp } from "../platform/testing/test-app";
import { registerMonitoringDatabaseCommands } from "./database-cli";
import { bellsJson } from "./test-support";

let t: TestApp;
let seeded: SeededTrust;
let dir: string;
const previous = { DATABASE_URL: process.env.DATABASE_URL, BASE_URL: process.env.BASE_URL };

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedTrust(t);
  await t.database.db.insert(staff).values({
    schoolId: seeded.schoolA.id,
    externalId: "S1",
    firstName: "Alice",
    lastName: "Test",
    email: "alice@summit.org",
    jobTitle: "Teacher",
    employment: "employee" as const,
    startDate: "2020-09-01",
  });
  dir = mkdtempSync(path.join(tmpdir(), "conduct-ingest-cli-"));
  writeFileSync(path.join(dir, "bells.json"), bellsJson);
  writeFileSync(
    path.join(dir, "rota.csv"),
    "staff_email,weekday,start,end,activity\nalice@summit.org,Mon,11:00,11:20,duty\n",
  );
  writeFileSync(
    path.join(dir, "proxy.log"),
    "#Fields: date time c-ip cs-username cs-uri sc-status\n2026-11-16 09:30:00 10.0.0.1 alice@summit.org https://www.facebook.com/ 200\n",
  );
  process.env.DATABASE_URL = t.database.url;
  process.env.BASE_URL = "http://localhost:3000";
});
afterAll(async () => {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await t?.close();
});

async function ingest(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command("conduct").exitOverride();
  registerMonitoringDatabaseCommands(program);
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  const before = process.exitCode;
  process.exitCode = 0;
  let exitCode = 0;
  try {
    await program.parseAsync(["node", "conduct", "monitor", "ingest", ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    exitCode = Number(process.exitCode ?? 0);
    process.exitCode = before;
  }
  return { stdout: out.join(""), stderr: err.join(""), exitCode };
}

describe("conduct monitor ingest", () => {
  it("warns about a timetable with no lessons and the wrong --format, and exits 4 when nothing reads", async () => {
    const wrong = await ingest(
      path.join(dir, "proxy.log"),
      "--format",
      "squid",
      "--school",
      seeded.schoolA.slug,
      "--bells",
      path.join(dir, "bells.json"),
      "--timetable",
      path.join(dir, "rota.csv"),
      "--json",
    );
    expect(wrong.stderr).toContain(
      "timetable for alice@summit.org lists no lessons: every lesson period counts as time without pupils for them",
    );
    expect(wrong.stderr).toContain("this looks like W3C extended: try --format w3c");
    expect(wrong.exitCode).toBe(4);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ lines: 2, malformedLines: 2 });

    const right = await ingest(
      path.join(dir, "proxy.log"),
      "--format",
      "w3c",
      "--school",
      seeded.schoolA.slug,
      "--bells",
      path.join(dir, "bells.json"),
      "--json",
    );
    expect(right.exitCode).toBe(0);
    expect(right.stderr).not.toContain("try --format");
    expect(JSON.parse(right.stdout)).toMatchObject({ lines: 1, malformedLines: 0 });
  });
});
