// The home pages and the committee report at a large trust's size: the demo trust at 100 schools
// (~15,000 staff) under 50 concurrent users (autocannon), beside bare Hono measured in the same run.
// BENCH_DATABASE_URL: an existing database to use (it loads the 100-school demo there if empty);
// otherwise a new embedded PostgreSQL in a temporary folder.
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { loadDemo } from "../src/demo";
import { users } from "../src/platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../src/platform/auth/sessions";
import { readConfig } from "../src/platform/config";
import { type Database, openDatabase } from "../src/platform/db";
import { createLogger } from "../src/platform/logger";
import { type RunningConduct, startConduct } from "../src/platform/server";

const SCHOOLS = 100;
const CONNECTIONS = 50;
const DURATION_S = 10;

type Result = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  workers?: number;
  headers?: Record<string, string>;
}) => Promise<Result>;

async function load(url: string, headers: Record<string, string> = {}): Promise<Result> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, workers: 1, headers });
  if (r.non2xx || r.errors || r.timeouts)
    throw new Error(
      `${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total}`,
    );
  return r;
}

export default async function run(): Promise<void> {
  const external = process.env.BENCH_DATABASE_URL;
  const dataDir = external ? undefined : await fs.mkdtemp(path.join(os.tmpdir(), "conduct-bench-homes-"));
  if (dataDir) await fs.chmod(dataDir, 0o755);
  const config = {
    ...readConfig({ PORT: "0", LOG_LEVEL: "silent", ...(dataDir ? { CONDUCT_DATA_DIR: dataDir } : {}) }),
    databaseUrl: external,
  };
  const logger = createLogger("silent");
  let database: Database | undefined;
  let conduct: RunningConduct | undefined;
  try {
    database = await openDatabase({ config, logger });
    const started = performance.now();
    const demo = await loadDemo({ db: database.db, asOf: new Date(), schools: SCHOOLS });
    const loadedIn = (performance.now() - started) / 1000;
    const cookieOf = async (role: string) => {
      const email = demo.signIns.find((s) => s.role === role)!.email;
      const [u] = await database!.db.select().from(users).where(eq(users.email, email));
      return `${SESSION_COOKIE}=${await startSession(database!.db, u!.id, "password")}`;
    };
    const cases = [
      ["GET / as a principal (Summit High)", "/", await cookieOf("Principal (Summit High)")],
      ["GET / as the DSL", "/", await cookieOf("Designated safeguarding lead")],
      ["GET / as a trustee", "/", await cookieOf("Trustee")],
      ["GET /report as a principal (their school)", "/report", await cookieOf("Principal (Summit High)")],
      ["GET /report as a trustee (the whole trust)", "/report", await cookieOf("Trustee")],
    ] as const;
    conduct = await startConduct({ config, logger, database, jobs: false });
    const rows: string[][] = [];
    const loadBefore = os.loadavg();
    const timed = async (pathname: string, cookie: string) => {
      const started = performance.now();
      const res = await fetch(`${conduct!.url}${pathname}`, { headers: { cookie }, redirect: "manual" });
      await res.text();
      if (res.status !== 200) throw new Error(`${pathname} answered ${res.status}`);
      return performance.now() - started;
    };
    for (const [label, pathname, cookie] of cases) {
      const firstMs = await timed(pathname, cookie);
      // A view after a change (what a person sees first after anything changed through the server:
      // the kept home page and session are asked for again), one at a time, median of 20.
      const cold: number[] = [];
      for (let i = 0; i < 20; i++) {
        await database.db.execute(sql`update trusts set name = name`);
        cold.push(await timed(pathname, cookie));
      }
      cold.sort((a, b) => a - b);
      const r = await load(`${conduct.url}${pathname}`, { cookie });
      rows.push([
        label,
        fmt(r),
        `${Math.round(firstMs)} ms first, ${cold[10]!.toFixed(1)} ms after a change`,
      ]);
    }
    {
      // The worst case for what is kept: a change through the server every 20 ms, so nearly every
      // view asks the database again (as at 9 o'clock, when many people act at once).
      const cookie = cases[0][2];
      let changing = true;
      const changes = (async () => {
        while (changing) {
          await database.db.execute(sql`update trusts set name = name`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const r = await load(`${conduct.url}/`, { cookie });
      changing = false;
      await changes;
      rows.push(["GET / as a principal, a change every 20 ms", fmt(r), ""]);
    }
    await conduct.close();
    conduct = undefined;
    const app = new Hono().get("/", (c) => c.text("Hello, world"));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const hello = await load(`http://127.0.0.1:${port}/`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rows.push(["baseline: bare Hono hello world", fmt(hello), ""]);
    const loadAfter = os.loadavg();
    console.log(
      `Demo trust: ${demo.counts.schools} schools, ${demo.counts.staff} staff (${demo.loaded ? `loaded in ${loadedIn.toFixed(0)} s` : "already loaded"}).`,
    );
    console.log(
      `autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each, loopback, load in a worker thread;` +
        ` load average ${loadBefore.map((n) => n.toFixed(1)).join(" ")} before, ${loadAfter.map((n) => n.toFixed(1)).join(" ")} after (${os.cpus().length} cores):\n`,
    );
    const header = ["", "req/s", "p50", "p99", "requests", ""];
    const all = [header, ...rows.map((r) => [r[0]!, ...r[1]!.split("|"), r[2]!])];
    const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
    for (const r of all)
      console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  } finally {
    await conduct?.close();
    await database?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function fmt(r: Result): string {
  return [
    Math.round(r.requests.average).toLocaleString("en-GB"),
    `${r.latency.p50.toFixed(1)} ms`,
    `${r.latency.p99.toFixed(1)} ms`,
    r.requests.total.toLocaleString("en-GB"),
  ].join("|");
}
