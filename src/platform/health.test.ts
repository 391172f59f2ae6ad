// The health check, and the embedded PostgreSQL that a new user runs without installing anything:
// it keeps its data across restarts and takes back a data folder left running by a crash.
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "./embedded-database";
import { createTestApp, type TestApp } from "./testing/test-app";

describe("GET /healthz", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it("answers with the database and migration, without signing in, even before set-up", async () => {
    const res = await t.request("/healthz");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      database: { kind: string; serverVersion: string };
      migration: { applied: number; latest: string };
    };
    expect(body.status).toBe("ok");
    expect(body.database.kind).toBe(t.database.kind);
    expect(body.database.serverVersion).toMatch(/^\d+(\.\d+)?/);
    const { rows } = await t.database.pool.query<{ server_version: string }>("show server_version");
    expect(body.database.serverVersion).toBe(rows[0]!.server_version);
    expect(body.migration.applied).toBeGreaterThanOrEqual(2);
    expect(body.migration.latest).toMatch(/^\d{4}_[a-z0-9_]+$/);
    const journal = JSON.parse(
      await fs.readFile(new URL("../../drizzle/meta/_journal.json", import.meta.url), "utf8"),
    ) as { entries: { tag: string }[] };
    expect(body.migration.latest).toBe(journal.entries.at(-1)!.tag);
    expect(body.migration.applied).toBe(journal.entries.length);
  });
});

describe("the embedded PostgreSQL", () => {
  const dirs: string[] = [];
  async function tempDir(): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-embedded-"));
    await fs.chmod(dir, 0o755); // as root, PostgreSQL runs as a user of its own that must reach it
    dirs.push(dir);
    return dir;
  }
  afterAll(async () => {
    for (const dir of dirs) {
      await stopLeftover(dir);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  it("reuses its cluster and data on the second start", { timeout: 90_000 }, async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedDatabase({ dataDir });
    expect(first.url).toMatch(/^postgres:\/\/conduct:[^@]+@127\.0\.0\.1:\d+\/conduct$/);
    await query(first.url, "create table kept (note text); insert into kept values ('still here')");
    await first.stop();
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    const settings = JSON.parse(await fs.readFile(path.join(dataDir, "conduct-cluster.json"), "utf8")) as {
      password: string;
    };

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await query<{ note: string }>(second.url, "select note from kept")).toEqual([
        { note: "still here" },
      ]);
      expect(second.url).toContain(encodeURIComponent(settings.password)); // same cluster, same credentials
    } finally {
      await second.stop();
    }
  });

  it("shuts down a server left running by a crashed Conduct and starts again", {
    timeout: 90_000,
  }, async () => {
    const dataDir = await tempDir();
    const crashed = await startEmbeddedDatabase({ dataDir });
    await query(crashed.url, "create table before_crash (n int); insert into before_crash values (1)");
    const orphanPid = await postmasterPid(dataDir);
    expect(orphanPid).not.toBeNull();
    expect(isAlive(orphanPid!)).toBe(true);
    // No stop(): the handle is dropped, as when the process holding it is killed.

    const recovered = await startEmbeddedDatabase({ dataDir });
    try {
      expect(isAlive(orphanPid!)).toBe(false);
      const newPid = await postmasterPid(dataDir);
      expect(newPid).not.toBe(orphanPid);
      expect(await query<{ n: number }>(recovered.url, "select n from before_crash")).toEqual([{ n: 1 }]);
    } finally {
      await recovered.stop();
    }
    expect(await postmasterPid(dataDir)).toBeNull();

    // A pid file whose process is long gone (a power cut) is left for PostgreSQL, which starts anyway.
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    await fs.writeFile(pidFile, `${deadPid()}\n${path.join(dataDir, "postgres")}\n0\n5432\n\n127.0.0.1\n`);
    const afterPowerCut = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await query<{ n: number }>(afterPowerCut.url, "select n from before_crash")).toEqual([{ n: 1 }]);
    } finally {
      await afterPowerCut.stop();
    }
  });
});

async function postmasterPid(dataDir: string): Promise<number | null> {
  try {
    const text = await fs.readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8");
    return Number.parseInt(text.split("\n")[0]!, 10);
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

/** A pid no process has now. */
function deadPid(): number {
  for (let pid = 3_999_999; ; pid--) if (!isAlive(pid)) return pid;
}

/** Never leave a PostgreSQL running after the test, whatever failed. */
async function stopLeftover(dataDir: string): Promise<void> {
  const pid = await postmasterPid(dataDir);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}
