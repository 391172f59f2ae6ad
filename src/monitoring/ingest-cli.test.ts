// `conduct monitor ingest` against a real database: the same warnings as `analyse` (a timetable with
// no lessons, the wrong --format) and exit code 4 when no line of the log could be read.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runConduct } from "../cli/run-in-process";
import { addStaffRecord } from "../core/people/test-support";
import { TEST_AUDIT_KEY } from "../platform/testing/test-database";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { bellsJson } from "./test-support";

const ctx = useTestTrust();
let dir: string;

beforeAll(async () => {
  await addStaffRecord(ctx.t.database.db, "alice", ctx.trust.schoolA.id, { email: "alice@summit.org" });
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
});

async function ingest(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return monitor("ingest", ...args);
}

async function monitor(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const run = await runConduct(["monitor", ...args], {
    LOG_LEVEL: "warn",
    DATABASE_URL: ctx.t.database.url,
    CONDUCT_AUDIT_KEY: TEST_AUDIT_KEY,
    BASE_URL: undefined,
  });
  return { stdout: run.stdout, stderr: run.stderr, exitCode: run.code };
}

describe("conduct monitor ingest", () => {
  it("warns about a timetable with no lessons and the wrong --format, and exits 4 when nothing reads", async () => {
    const wrong = await ingest(
      path.join(dir, "proxy.log"),
      "--format",
      "squid",
      "--school",
      ctx.trust.schoolA.slug,
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
      ctx.trust.schoolA.slug,
      "--bells",
      path.join(dir, "bells.json"),
      "--json",
    );
    expect(right.exitCode).toBe(0);
    expect(right.stderr).not.toContain("try --format");
    expect(JSON.parse(right.stdout)).toMatchObject({ lines: 1, malformedLines: 0 });
  });

  it("keeps an IP map with `monitor leases`, once however often it is loaded, and ingests attribute by it", async () => {
    writeFileSync(
      path.join(dir, "leases.csv"),
      "ip,staff_email,from,to\n10.0.0.7,alice@summit.org,2026-11-17T08:00:00Z,2026-11-17T16:00:00Z\n10.0.0.8,nobody@summit.org,2026-11-17T08:00:00Z,\n",
    );
    const leases = (...extra: string[]) =>
      monitor("leases", path.join(dir, "leases.csv"), "--school", ctx.trust.schoolA.slug, ...extra);
    const first = await leases();
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("Kept 2 new lease(s) for School A (0 already kept); it keeps 2");
    expect(first.stderr).toContain(
      "1 email(s) in the map are on no staff record at this school (nobody@summit.org)",
    );
    const again = await leases("--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, alreadyKept: 2, kept: 2 });
    writeFileSync(
      path.join(dir, "tuesday.log"),
      "#Fields: date time c-ip cs-username cs-uri sc-status\n2026-11-17 09:30:00 10.0.0.7 - https://www.facebook.com/ 200\n",
    );
    const run = await ingest(
      path.join(dir, "tuesday.log"),
      "--format",
      "w3c",
      "--school",
      ctx.trust.schoolA.slug,
      "--bells",
      path.join(dir, "bells.json"),
      "--json",
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      attributedRequests: 1,
      unattributedRequests: 0,
      leasesKept: 2,
    });
  });
});
