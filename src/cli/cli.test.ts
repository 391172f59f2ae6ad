// The `conduct` command as a user runs it: arguments and environment in, exit code, stdout and
// stderr out, run in-process (cli.slow.test.ts runs the real binary).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { createTestApp, seedTrust, type SeededTrust, type TestApp } from "../platform/testing/test-app";
import { TEST_AUDIT_KEY } from "../platform/testing/test-database";
import { type Run, runConduct } from "./run-in-process";

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

function conduct(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runConduct(args, {
    LOG_LEVEL: "warn",
    // Never the developer's own ./data: commands that wrongly open a database would show up here.
    CONDUCT_DATA_DIR: path.join(dir, "no-database-here"),
    DATABASE_URL: undefined,
    // The chain written by this test process is keyed with the test key.
    CONDUCT_AUDIT_KEY: TEST_AUDIT_KEY,
    // Vitest sets BASE_URL to "/" for its own use; a user's shell has none.
    BASE_URL: undefined,
    ...env,
  });
}

describe("conduct", () => {
  it("lists its commands with --help, without a database", async () => {
    const run = await conduct(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["start", "demo", "migrate", "status", "people", "roles", "users", "audit"]) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    }
    await expect(fs.access(path.join(dir, "no-database-here"))).rejects.toThrow();
  });

  it("explains people import with --help", async () => {
    const run = await conduct(["people", "import", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: conduct people import");
    for (const option of ["--kind <kind>", "--school <slug>", "--dry-run", "--json"])
      expect(run.stdout).toContain(option);
  });

  it("verifies the audit trail of the database named by DATABASE_URL", async () => {
    for (let i = 0; i < 3; i++) {
      await recordAuditEvent(t.database.db, {
        actor: { id: null, label: "cli test" },
        action: "test",
        subjectType: "test",
      });
    }
    const run = await conduct(["audit", "verify", "--json"], { DATABASE_URL: t.database.url });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; rows: number };
    expect(report).toMatchObject({ ok: true });
    expect(report.rows).toBeGreaterThanOrEqual(3);
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

  it("refuses mistakes in the command itself with exit 2", async () => {
    const unknownRole = await conduct(
      ["roles", "grant", "--email", "someone@school.example.org", "--role", "wizard"],
      {
        DATABASE_URL: t.database.url,
      },
    );
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.stderr).toMatch(/^--role: "wizard" is not a role/m);

    const badKind = await conduct(["people", "import", "--kind", "governors", path.join(dir, "x.csv")]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain("--kind must be staff, pupils or parents");

    const missing = await conduct(["people", "import", "--kind", "staff", path.join(dir, "missing.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing.csv: cannot be read (ENOENT)");
  });

  it("imports a good file, and importing it again changes nothing", async () => {
    const file = path.join(dir, "pupils-good.csv");
    await fs.writeFile(
      file,
      "UPN,Legal Forename,Legal Surname,Year,DOB\nB801200005001,Good,Pupil,Year 7,01/05/2013\n",
    );
    const args = ["people", "import", "--kind", "pupils", file, "--school", trust.schoolA.slug, "--json"];
    const first = await conduct(args, { DATABASE_URL: t.database.url });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 1, created: 1, errors: [] });
    const second = await conduct(args, { DATABASE_URL: t.database.url });
    expect(JSON.parse(second.stdout)).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1 });
    const { rows } = await t.database.pool.query(
      "select actor_label from audit_events where action = 'people.imported'",
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].actor_label).toMatch(/^cli:/);
  });
});
