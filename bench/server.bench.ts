// The server as a school would run it: time from `conduct start` to the first page (a new data
// folder, initdb included, then the same folder again), memory at idle (Node and its PostgreSQL),
// and requests per second of a signed-in page. Each figure is printed beside a baseline measured
// in the same run: a bare Node HTTP server for start-up and memory, bare Hono for requests/s.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { users } from "../src/platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../src/platform/auth/sessions";
import { readConfig } from "../src/platform/config";
import { type Database, openDatabase } from "../src/platform/db";
import { findFreePort } from "../src/platform/embedded-database";
import { createLogger } from "../src/platform/logger";
import { type RunningConduct, startConduct } from "../src/platform/server";
import { loadDemo } from "../src/demo";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CONNECTIONS = 10;
const DURATION_S = 10;
const IDLE_WAIT_MS = 5_000;
const WARM_STARTS = 3;
const START_TIMEOUT_MS = 120_000;
const HEAVY_PAGES = ["/declarations/review", "/declarations/register", "/admin/audit", "/policy"];

// autocannon ships no types; this is the part of its API used here.
type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
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
}) => Promise<AutocannonResult>;

type Spawned = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function spawnProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Milliseconds from `started` until `url` answers 200 (after redirects); polls every 10 ms. */
async function waitForPage(url: string, started: number, proc: Spawned): Promise<number> {
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => {
    exitCode = code;
  });
  while (performance.now() - started < START_TIMEOUT_MS) {
    if (exitCode !== undefined)
      throw new Error(`the server exited (${exitCode}) before serving:\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer 200 within ${START_TIMEOUT_MS / 1000} s:\n${proc.output()}`);
}

async function stopProcess(proc: Spawned, timeoutMs = 30_000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill("SIGTERM");
  const stopped = await Promise.race([
    proc.exited.then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), timeoutMs)),
  ]);
  if (!stopped) {
    proc.child.kill("SIGKILL");
    await proc.exited;
  }
}

function conductEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONDUCT_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL; // the embedded PostgreSQL is what a new user runs
  delete env.BASE_URL;
  return env;
}

/** Spawns `conduct start` and times it to the first 200 page (GET /sign-in, which first run sends to /setup). */
async function timeStart(dataDir: string): Promise<{ proc: Spawned; ms: number; url: string }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const proc = spawnProcess(process.execPath, ["bin/conduct.js", "start"], conductEnv(dataDir, port));
  try {
    const ms = await waitForPage(`${url}/sign-in`, started, proc);
    return { proc, ms, url };
  } catch (error) {
    await stopProcess(proc);
    throw error;
  }
}

const BARE_NODE_SERVER = `require("node:http").createServer((q, s) => s.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");`;

async function timeBareNode(): Promise<{ proc: Spawned; ms: number; url: string }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const proc = spawnProcess(process.execPath, ["-e", BARE_NODE_SERVER], {
    ...process.env,
    PORT: String(port),
  });
  const ms = await waitForPage(`${url}/`, started, proc);
  return { proc, ms, url };
}

// Memory, from /proc ------------------------------------------------------------------------------

function procKb(pid: number, file: "status" | "smaps_rollup", field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text) found.push(...text.split(/\s+/).map(Number));
    } catch {
      // thread gone
    }
  }
  return found;
}

function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]!));
  return all;
}

/** RSS counts pages shared between PostgreSQL's processes once per process; PSS shares them out. */
function memoryOf(pids: number[]): { rssMb: number; pssMb: number; processes: number } {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += procKb(pid, "status", "VmRSS");
    pss += procKb(pid, "smaps_rollup", "Pss");
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024, processes: pids.length };
}

function postmasterPid(dataDir: string): number {
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) throw new Error(`no ${pidFile}: is the embedded PostgreSQL running?`);
  return Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
}

// Requests per second ------------------------------------------------------------------------------

async function load(url: string, headers: Record<string, string> = {}): Promise<AutocannonResult> {
  // The load runs in a worker thread so it does not share an event loop with the server under test.
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    workers: 1,
    headers,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts out of ${result.requests.total}`,
    );
  }
  return result;
}

async function startHelloHono(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono().get("/", (c) => c.text("Hello, world"));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Printing ----------------------------------------------------------------------------------------

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const ms = (n: number) => `${Math.round(n).toLocaleString("en-GB")} ms`;
const mb = (n: number) => `${n.toFixed(1)} MB`;

export default async function run(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-bench-server-"));
  // The embedded PostgreSQL runs as another user when we are root: it must be able to enter the folder.
  await fs.chmod(dataDir, 0o755);
  const running: Spawned[] = [];
  let conduct: RunningConduct | undefined;
  let database: Database | undefined;
  let hello: Awaited<ReturnType<typeof startHelloHono>> | undefined;
  try {
    // (a) start-up --------------------------------------------------------------------------------
    const bare = await timeBareNode();
    running.push(bare.proc);
    const cold = await timeStart(dataDir);
    running.push(cold.proc);
    await stopProcess(cold.proc);
    // Warm starts vary by a few hundred ms from run to run: take the median of three.
    const warmTimes: number[] = [];
    let warm = await timeStart(dataDir);
    running.push(warm.proc);
    warmTimes.push(warm.ms);
    for (let i = 1; i < WARM_STARTS; i++) {
      await stopProcess(warm.proc);
      warm = await timeStart(dataDir);
      running.push(warm.proc);
      warmTimes.push(warm.ms);
    }
    const warmMedian = [...warmTimes].sort((a, b) => a - b)[Math.floor(WARM_STARTS / 2)]!;

    console.log(`Start to first 200 page (GET /sign-in, which first run sends to /setup):\n`);
    console.log(
      table(
        ["", "time"],
        [
          ["conduct start, new data folder (initdb, migrations)", ms(cold.ms)],
          [
            `conduct start, same folder again (warm, median of ${WARM_STARTS}: ${warmTimes.map((t) => Math.round(t)).join(", ")})`,
            ms(warmMedian),
          ],
          ["baseline: bare node:http server", ms(bare.ms)],
        ],
      ),
    );

    // (b) memory at idle ------------------------------------------------------------------------
    for (const p of ["/sign-in", "/setup", "/healthz", "/static/app.css", "/setup"]) {
      await (await fetch(`${warm.url}${p}`)).arrayBuffer();
    }
    for (let i = 0; i < 5; i++) await (await fetch(`${bare.url}/`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
    const nodeMem = memoryOf([warm.proc.child.pid!]);
    const pgMem = memoryOf(processTree(postmasterPid(dataDir)));
    const bareMem = memoryOf([bare.proc.child.pid!]);
    console.log(`\nMemory at idle (${IDLE_WAIT_MS / 1000} s after start and a few requests):\n`);
    console.log(
      table(
        ["", "processes", "RSS", "PSS"],
        [
          ["Conduct (node)", String(nodeMem.processes), mb(nodeMem.rssMb), mb(nodeMem.pssMb)],
          ["embedded PostgreSQL", String(pgMem.processes), mb(pgMem.rssMb), mb(pgMem.pssMb)],
          [
            "total",
            String(nodeMem.processes + pgMem.processes),
            mb(nodeMem.rssMb + pgMem.rssMb),
            mb(nodeMem.pssMb + pgMem.pssMb),
          ],
          [
            "baseline: bare node:http server",
            String(bareMem.processes),
            mb(bareMem.rssMb),
            mb(bareMem.pssMb),
          ],
        ],
      ),
    );
    await stopProcess(warm.proc);
    await stopProcess(bare.proc);

    // (c) requests per second ------------------------------------------------------------------
    // The same data folder, now in this process, with the demo trust and a trust administrator.
    const config = {
      ...readConfig({ PORT: "0", LOG_LEVEL: "silent", CONDUCT_DATA_DIR: dataDir }),
      databaseUrl: undefined,
    };
    const logger = createLogger("silent");
    database = await openDatabase({ config, logger });
    const demo = await loadDemo({ db: database.db, asOf: new Date() });
    const adminEmail = demo.signIns.find((s) => s.role === "Trust administrator")!.email;
    const [admin] = await database.db.select().from(users).where(eq(users.email, adminEmail));
    const cookie = `${SESSION_COOKIE}=${await startSession(database.db, admin!.id, "password")}`;
    conduct = await startConduct({ config, logger, database, jobs: false });
    const check = await fetch(`${conduct.url}/`, { headers: { cookie }, redirect: "manual" });
    const body = await check.text();
    if (check.status !== 200 || !body.includes(demo.trust)) {
      throw new Error(`GET / as the trust administrator answered ${check.status}, not the home page`);
    }
    const conductLoad = await load(`${conduct.url}/`, { cookie });
    // The heavy pages people meet (issue 20): the review queue, the audit trail, the live policy.
    const heavy: [string, AutocannonResult][] = [];
    for (const page of HEAVY_PAGES) {
      const answer = await fetch(`${conduct.url}${page}`, { headers: { cookie }, redirect: "manual" });
      await answer.arrayBuffer();
      if (answer.status !== 200)
        throw new Error(`GET ${page} as the trust administrator answered ${answer.status}`);
      heavy.push([page, await load(`${conduct.url}${page}`, { cookie })]);
    }
    await conduct.close();
    conduct = undefined;
    hello = await startHelloHono();
    const helloLoad = await load(hello.url);
    await hello.close();
    hello = undefined;

    const rps = (r: AutocannonResult) => Math.round(r.requests.average).toLocaleString("en-GB");
    const lat = (n: number) => `${n.toFixed(1)} ms`;
    console.log(
      `\nRequests per second (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s, loopback, load in a worker thread):\n`,
    );
    console.log(
      table(
        ["", "req/s", "p50", "p99", "requests"],
        [
          [
            "GET / signed in as trust administrator (demo trust)",
            rps(conductLoad),
            lat(conductLoad.latency.p50),
            lat(conductLoad.latency.p99),
            conductLoad.requests.total.toLocaleString("en-GB"),
          ],
          ...heavy.map(([page, r]) => [
            `GET ${page} signed in as trust administrator`,
            rps(r),
            lat(r.latency.p50),
            lat(r.latency.p99),
            r.requests.total.toLocaleString("en-GB"),
          ]),
          [
            "baseline: bare Hono hello world",
            rps(helloLoad),
            lat(helloLoad.latency.p50),
            lat(helloLoad.latency.p99),
            helloLoad.requests.total.toLocaleString("en-GB"),
          ],
        ],
      ),
    );
    console.log(
      `\nConduct's home page serves ${(conductLoad.requests.average / helloLoad.requests.average).toFixed(3)} times the bare Hono rate (1 in ${(helloLoad.requests.average / conductLoad.requests.average).toFixed(1)}).`,
    );
  } finally {
    await hello?.close();
    await conduct?.close();
    await database?.close();
    for (const proc of running) await stopProcess(proc);
    // Should a server have been killed, its PostgreSQL would outlive it: stop that too.
    try {
      const pid = postmasterPid(dataDir);
      if (pid > 0) process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && existsSync(path.join(dataDir, "postgres", "postmaster.pid")); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch {
      // No PostgreSQL left running.
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
