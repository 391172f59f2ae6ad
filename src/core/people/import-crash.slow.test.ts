// kill -9 in the middle of a large import, on the embedded PostgreSQL: the next command takes the
// database back from the server the dead process left running, nothing is half-written, and the
// import then runs to completion exactly once.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { findFreePort } from "../../platform/embedded-database";
import { DEMO_PASSWORD } from "./load-demo-trust";
import { parsePeopleCsv, upnCheckLetter } from "./parse-people-csv";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.join(ROOT, "bin/conduct.js");
const PUPILS = 40_000;
const SCHOOL = "summit-high"; // one of the demo trust's schools

let dataDir: string;

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // The embedded path: no DATABASE_URL, even when the rest of the suite runs against one; and none
  // of the test runner's variables (Vitest sets BASE_URL to "/").
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    CONDUCT_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** Runs `conduct …`; `onStderr` may kill it. */
function conduct(
  args: string[],
  options: { env?: Record<string, string>; onStderr?: (text: string, kill: () => void) => void } = {},
) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    options.onStderr?.(stderr, () => child.kill("SIGKILL"));
  });
  return new Promise<Exit>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

async function status(): Promise<{ pupils: number; database: string; stderr: string }> {
  const run = await conduct(["status", "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return { ...(JSON.parse(run.stdout) as { pupils: number; database: string }), stderr: run.stderr };
}

function pupilsCsv(prefix = "9990"): string {
  const lines = ["UPN,Legal Forename,Legal Surname,Year,DOB"];
  for (let i = 0; i < PUPILS; i++) {
    const body = `${prefix}${String(i).padStart(8, "0")}`;
    const upn = `${upnCheckLetter(`A${body}`)}${body}`;
    lines.push(
      `${upn},Pupil${i},Bulk${i % 97},Year ${7 + (i % 5)},${String(1 + (i % 28)).padStart(2, "0")}/0${1 + (i % 9)}/2012`,
    );
  }
  return `${lines.join("\n")}\n`;
}

async function postmasterPid(): Promise<number | null> {
  try {
    return Number.parseInt(
      (await fs.readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]!,
      10,
    );
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-crash-"));
  await fs.chmod(dataDir, 0o755); // as root, PostgreSQL runs as a user of its own that must reach it
});

afterAll(async () => {
  if (!dataDir) return;
  // Whatever happened, leave no PostgreSQL running and no files behind.
  const pid = await postmasterPid();
  if (pid && isAlive(pid)) {
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("an import killed with SIGKILL", () => {
  it("leaves nothing half-written, and re-running it completes exactly once", {
    timeout: 120_000,
  }, async () => {
    const demo = await conduct(["demo", "--no-start", "--json"]);
    expect(demo.code, demo.stderr).toBe(0);
    const before = (JSON.parse(demo.stdout) as { counts: { pupils: number } }).counts.pupils;
    expect(before).toBeGreaterThan(0);

    const file = path.join(dataDir, "pupils-40000.csv");
    const csv = pupilsCsv();
    await fs.writeFile(file, csv);
    // The file itself is clean, so any difference below comes from the crash and not from the data.
    const parsed = parsePeopleCsv({
      kind: "pupils",
      csvText: csv,
      fileName: "pupils-40000.csv",
      defaultSchoolSlug: SCHOOL,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.rows).toHaveLength(PUPILS);

    let killedAt: string | null = null;
    const killed = await conduct(["people", "import", "--kind", "pupils", file, "--school", SCHOOL], {
      env: { CONDUCT_PROGRESS_LOG: "1" },
      onStderr: (text, kill) => {
        const progress = /progress (\d+)\/(\d+)/.exec(text);
        if (progress && !killedAt) {
          killedAt = progress[0];
          kill();
        }
      },
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(killedAt).toMatch(new RegExp(`^progress \\d+/${PUPILS}$`));
    // Its PostgreSQL outlived it, as after a real crash.
    const orphan = await postmasterPid();
    expect(orphan).not.toBeNull();
    expect(isAlive(orphan!)).toBe(true);

    const afterCrash = await status();
    expect(afterCrash.database).toBe("embedded-postgres");
    expect(afterCrash.pupils).toBe(before);
    expect(afterCrash.stderr).toContain("found a PostgreSQL left running by a Conduct that has stopped");
    expect(isAlive(orphan!)).toBe(false);

    const completed = await conduct([
      "people",
      "import",
      "--kind",
      "pupils",
      file,
      "--school",
      SCHOOL,
      "--json",
    ]);
    expect(completed.code, completed.stderr).toBe(0);
    expect(JSON.parse(completed.stdout)).toMatchObject({
      rows: PUPILS,
      created: PUPILS,
      updated: 0,
      errors: [],
    });
    const afterImport = await status();
    expect(afterImport.pupils).toBe(before + PUPILS);
    expect(afterImport.stderr).toBe(""); // a clean stop last time: nothing to recover

    const again = await conduct(["people", "import", "--kind", "pupils", file, "--school", SCHOOL, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rows: PUPILS,
      created: 0,
      updated: 0,
      unchanged: PUPILS,
    });
  });
});

describe("the server killed with SIGKILL during an upload's import", () => {
  it("comes back with nothing half-written, and the same file then imports exactly once", {
    timeout: 120_000,
  }, async () => {
    // Runs after the test above, on the same data folder (the demo trust is loaded there).
    const before = (await status()).pupils;
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, [BIN, "start"], {
      cwd: ROOT,
      env: childEnv({ PORT: String(port), BASE_URL: base }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let serverErr = "";
    server.stderr.on("data", (d: Buffer) => {
      serverErr += d.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      server.on("close", (_c, signal) => resolve(signal)),
    );
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const signIn = await fetch(`${base}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "admin@summit.example.org", password: DEMO_PASSWORD }),
    });
    expect(signIn.status, serverErr).toBe(303);
    const cookie = signIn.headers.getSetCookie()[0]!.split(";")[0]!;

    // Watch the database for the upload's import transaction, then kill the server inside it.
    const settings = JSON.parse(await fs.readFile(path.join(dataDir, "conduct-cluster.json"), "utf8")) as {
      port: number;
      user: string;
      password: string;
    };
    const watcher = new pg.Client({
      host: "127.0.0.1",
      port: settings.port,
      user: settings.user,
      password: settings.password,
      database: "conduct",
    });
    await watcher.connect();
    const form = new FormData();
    form.append("kind", "pupils");
    form.append("school", SCHOOL);
    form.append("file", new Blob([pupilsCsv("9991")], { type: "text/csv" }), "pupils-upload.csv");
    const upload = fetch(`${base}/people/import`, {
      method: "POST",
      headers: { origin: base, cookie },
      body: form,
    }).catch(
      () => null, // the server dies mid-request
    );
    let seen = false;
    for (let i = 0; i < 2000 && !seen; i++) {
      const { rows } = await watcher.query(
        `select 1 from pg_stat_activity where pid <> pg_backend_pid() and backend_xid is not null and query ilike 'insert into "pupils"%'`,
      );
      seen = rows.length > 0;
      if (!seen) await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen, "the import's transaction was never seen").toBe(true);
    server.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await upload;
    await watcher.end().catch(() => undefined);

    const afterCrash = await status();
    expect(afterCrash.pupils).toBe(before);
    expect(afterCrash.stderr).toContain("found a PostgreSQL left running by a Conduct that has stopped");

    const file = path.join(dataDir, "pupils-upload.csv");
    await fs.writeFile(file, pupilsCsv("9991"));
    const completed = await conduct([
      "people",
      "import",
      "--kind",
      "pupils",
      file,
      "--school",
      SCHOOL,
      "--json",
    ]);
    expect(completed.code, completed.stderr).toBe(0);
    expect(JSON.parse(completed.stdout)).toMatchObject({ rows: PUPILS, created: PUPILS, updated: 0 });
    expect((await status()).pupils).toBe(before + PUPILS);
  });
});
