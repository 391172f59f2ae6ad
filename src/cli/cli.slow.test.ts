// Smoke test of the real `conduct` binary in a child process: its start, exit codes and streams.
// The rest of the CLI is tested in-process (cli.test.ts).
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, seedTrust, type SeededTrust, type TestApp } from "../platform/testing/test-app";
import { TEST_AUDIT_KEY } from "../platform/testing/test-database";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/conduct.js");

let t: TestApp;
let trust: SeededTrust;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-cli-"));
});
afterAll(async () => {
  await t?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

type Run = { code: number; stdout: string; stderr: string };

function conduct(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? os.tmpdir(),
          LOG_LEVEL: "warn",
          // The chain written by this test process is keyed with the test key.
          CONDUCT_AUDIT_KEY: TEST_AUDIT_KEY,
          // Never the developer's own ./data: commands that wrongly open a database would show up here.
          CONDUCT_DATA_DIR: path.join(dir, "no-database-here"),
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the conduct binary (a child process)", () => {
  it("lists its commands with --help, without a database", async () => {
    const run = await conduct(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["start", "demo", "migrate", "status", "people", "roles", "users", "audit"]) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    }
    await expect(fs.access(path.join(dir, "no-database-here"))).rejects.toThrow();
  });

  it("refuses a bad pupils file with exit 2, naming file, line and field", async () => {
    const file = path.join(dir, "pupils-bad.csv");
    await fs.writeFile(
      file,
      "UPN,Legal Forename,Legal Surname,Year,DOB\nB801200005001,Good,Pupil,Year 7,01/05/2013\nNOT-A-UPN,Bad,Pupil,Year 7,01/05/2013\n",
    );
    const before = await t.database.pool.query("select count(*)::int as n from pupils");
    const run = await conduct(
      ["people", "import", "--kind", "pupils", file, "--school", trust.schoolA.slug],
      {
        DATABASE_URL: t.database.url,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pupils-bad\.csv:3: UPN: /m);
    expect(run.stderr).toContain("nothing was imported");
    const after = await t.database.pool.query("select count(*)::int as n from pupils");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
