// Background jobs on pg-boss in the test database: a queued job outlives the process that queued
// it, and two app instances working one queue run each job exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Jobs, startJobs } from "./jobs";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

let database: TestDatabase;
const running: Jobs[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const jobs of running.splice(0)) await jobs.stop().catch(() => undefined);
  await database?.drop();
});

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function start(options: Parameters<typeof startJobs>[0]): Promise<Jobs> {
  const jobs = await startJobs(options);
  running.push(jobs);
  return jobs;
}

async function stop(jobs: Jobs): Promise<void> {
  await jobs.stop();
  running.splice(running.indexOf(jobs), 1);
}

describe("jobs", () => {
  it("runs a job sent before a restart once the next instance starts working", async () => {
    const seen: { note: string }[] = [];
    const definitions = [
      {
        name: "test.restart",
        handler: async (data: { note: string }) => {
          seen.push(data);
        },
      },
    ];
    const before = await start({ url: database.url, definitions, work: false });
    const id = await before.send("test.restart", { note: "sent before the restart" });
    expect(id).toBeTruthy();
    await stop(before);
    expect(seen).toHaveLength(0);

    const { rows } = await database.owner.query("select state from pgboss.job where id = $1", [id]);
    expect(rows[0]?.state).toBe("created"); // kept in PostgreSQL, not in the stopped process

    const after = await start({ url: database.url, definitions });
    await until(() => seen.length > 0, 15_000);
    expect(seen).toEqual([{ note: "sent before the restart" }]);
    await stop(after);
    const done = await database.owner.query("select state from pgboss.job where id = $1", [id]);
    expect(done.rows[0]?.state).toBe("completed");
    expect(seen).toHaveLength(1);
  });

  it("runs each of 20 jobs exactly once with two instances working the same queue", {
    timeout: 60_000,
  }, async () => {
    const runs = new Map<number, string[]>();
    const definitionsFor = (instance: string) => [
      {
        name: "test.shared",
        handler: async (data: { n: number }) => {
          runs.set(data.n, [...(runs.get(data.n) ?? []), instance]);
          await new Promise((r) => setTimeout(r, 20));
        },
      },
    ];
    const a = await start({ url: database.url, definitions: definitionsFor("a"), work: true });
    const b = await start({ url: database.url, definitions: definitionsFor("b"), work: true });
    for (let n = 0; n < 20; n++) await a.send("test.shared", { n });
    const total = () => [...runs.values()].reduce((sum, who) => sum + who.length, 0);
    await until(() => total() >= 20, 45_000);
    // A little longer, so a second run of any job (the bug this test is for) would be seen.
    await new Promise((r) => setTimeout(r, 2_500));
    await Promise.all([stop(a), stop(b)]);
    expect(total()).toBe(20);
    expect([...runs.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    for (const [n, who] of runs) expect(who, `job ${n}`).toHaveLength(1);
    const { rows } = await database.owner.query<{ state: string; n: number }>(
      "select state, count(*)::int as n from pgboss.job where name = 'test.shared' group by state",
    );
    expect(rows).toEqual([{ state: "completed", n: 20 }]);
  });
});
