// `monitor analyse` and `monitor ingest` on a generated 10 million line Squid log (2,000 staff, 5
// school days), each in its own process as a user runs it (`bin/conduct.js`, compiled first with
// `npm run build` so neither runs through tsx), beside `wc -l` and GoAccess on the same file in the
// same run: lines/s, MB/s, CPU seconds and peak RSS for each. Targets: analyse at 3M lines/s or more
// on 2 cores, ingest at 1M lines/s or more, both under 300 MB. On a shared machine the wall clock
// says more about the other work than about the code, so lines per CPU second are printed too.
//   MONITOR_BENCH_LINES   lines to generate (default 10,000,000)
//   MONITOR_BENCH_DIR     where the log is kept between runs (default $TMPDIR/conduct-bench-monitoring)
//   MONITOR_BENCH_GOACCESS_LINES  lines GoAccess reads from the start of the file (default 1,000,000;
//                         "all" for the whole file: GoAccess takes minutes on 10M lines)
//   MONITOR_BENCH_INGEST=0  skip ingest; MONITOR_BENCH_ANALYSE=0 skip analyse
//   MONITOR_BENCH_DATABASE_URL  also ingest into a database made (and dropped after) on this
//                         PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/, as DATABASE_URL does
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { generateProxyLog } from "../scripts/generate-proxy-log";
import { schools, staff, trusts } from "../src/core/people/schema";
import { readConfig } from "../src/platform/config";
import { openDatabase } from "../src/platform/db";
import { createLogger } from "../src/platform/logger";

const here = path.dirname(fileURLToPath(import.meta.url));

interface Measured {
  name: string;
  lines: number;
  bytes: number;
  seconds: number;
  /** User and system CPU seconds of the process and all its threads. */
  cpu: number;
  rssMb: number;
  note?: string;
}

const TIME_FORMAT = "__TIME__ %e %M %U %S";
const TIME_PATTERN = /__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/;

function parseTime(stderr: string): { seconds: number; rssMb: number; cpu: number } | null {
  const match = TIME_PATTERN.exec(stderr);
  if (!match) return null;
  return {
    seconds: Number(match[1]),
    rssMb: Number(match[2]) / 1024,
    cpu: Number(match[3]) + Number(match[4]),
  };
}

function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** Runs a command under /usr/bin/time for its wall time, CPU time and peak RSS (the whole process, all threads). */
function timed(
  command: string,
  args: string[],
  stdoutFile?: string,
  env?: NodeJS.ProcessEnv,
): { seconds: number; rssMb: number; cpu: number; stderr: string } {
  const shellArgs = [
    "-c",
    `/usr/bin/time -f '${TIME_FORMAT}' "$@"${stdoutFile ? ` > '${stdoutFile}'` : " > /dev/null"}`,
    "sh",
    command,
    ...args,
  ];
  const result = spawnSync("sh", shellArgs, { encoding: "utf8", maxBuffer: 64 << 20, env });
  const time = parseTime(result.stderr);
  if (result.status !== 0 || !time) throw new Error(`${command} failed: ${result.stderr.slice(-2000)}`);
  return { ...time, stderr: result.stderr };
}

function print(rows: Measured[]): void {
  console.log(
    "tool                           lines       MB   seconds     lines/s    MB/s  CPU s  lines/CPU s  peak RSS",
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(28)} ${String(r.lines).padStart(9)} ${(r.bytes / 1e6).toFixed(0).padStart(8)} ${r.seconds.toFixed(2).padStart(9)} ${Math.round(
        r.lines / r.seconds,
      )
        .toLocaleString("en-GB")
        .padStart(
          11,
        )} ${(r.bytes / 1e6 / r.seconds).toFixed(0).padStart(7)} ${r.cpu.toFixed(2).padStart(6)} ${Math.round(
        r.lines / Math.max(r.cpu, 0.01),
      )
        .toLocaleString("en-GB")
        .padStart(12)} ${r.rssMb.toFixed(0).padStart(6)} MB${r.note ? `  (${r.note})` : ""}`,
    );
  }
}

/** `npm run build`, so `bin/conduct.js` runs the compiled CLI and scanner thread, as an install does. */
function build(): void {
  const result = spawnSync(process.execPath, [path.join(here, "..", "scripts", "build.mjs")], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`npm run build failed: ${result.stderr}`);
  const entry = spawnSync(process.execPath, [path.join(here, "..", "bin", "conduct.js"), "--version"], {
    encoding: "utf8",
    env: { ...process.env, CONDUCT_SAY_ENTRY: "1" },
  });
  console.log(
    `conduct runs from ${entry.stderr.includes("entry: dist") ? "dist (compiled)" : "sources (tsx)"}`,
  );
}

export default async function run(): Promise<void> {
  const lines = Number(process.env.MONITOR_BENCH_LINES ?? 10_000_000);
  const dir = process.env.MONITOR_BENCH_DIR ?? path.join(tmpdir(), "conduct-bench-monitoring");
  const marker = path.join(dir, "generated.json");
  const wanted = JSON.stringify({ lines, staff: 2000, days: 5, seed: 1, version: 1 });
  if (!existsSync(marker) || readFileSync(marker, "utf8") !== wanted) {
    const started = performance.now();
    generateProxyLog({ outDir: dir, lines, staff: 2000, days: 5, seed: 1 });
    writeFileSync(marker, wanted);
    console.log(
      `generated ${lines} lines in ${((performance.now() - started) / 1000).toFixed(1)} s into ${dir}`,
    );
  }
  const log = path.join(dir, "access.log");
  const bytes = statSync(log).size;
  build();
  const loadBefore = loadAverage();
  // Read the file once so every tool starts from the page cache.
  timed("wc", ["-l", log]);
  const rows: Measured[] = [];

  const wc = timed("wc", ["-l", log]);
  rows.push({ name: "wc -l", lines, bytes, ...wc });

  const analyseArgs = [
    path.join(here, "..", "bin", "conduct.js"),
    "monitor",
    "analyse",
    "--log",
    log,
    "--format",
    "squid",
    "--staff",
    path.join(dir, "staff.csv"),
    "--bells",
    path.join(dir, "bells.json"),
    "--timetable",
    path.join(dir, "timetable.csv"),
    "--ip-map",
    path.join(dir, "ip-map.csv"),
    "--json",
    "--stats",
  ];
  let stats: string | undefined;
  let result: { lines: number; minutes: unknown[]; findings: unknown[] } | undefined;
  if (process.env.MONITOR_BENCH_ANALYSE !== "0") {
    const out = path.join(dir, "analysis.json");
    const analysed = timed(process.execPath, analyseArgs, out);
    result = JSON.parse(readFileSync(out, "utf8")) as typeof result & {};
    if (result.lines !== lines) throw new Error(`monitor analyse read ${result.lines} lines, not ${lines}`);
    stats = /monitor analyse: .*/.exec(analysed.stderr)?.[0];
    rows.push({
      name: "monitor analyse (2 threads)",
      lines,
      bytes,
      ...analysed,
      note: "whole process, start-up included",
    });
    const single = timed(process.execPath, [...analyseArgs, "--threads", "1"]);
    rows.push({ name: "monitor analyse (1 thread)", lines, bytes, ...single });
  }

  const goaccess = spawnSync("sh", ["-c", "command -v goaccess"], { encoding: "utf8" }).stdout.trim();
  if (goaccess) {
    const limit = process.env.MONITOR_BENCH_GOACCESS_LINES ?? "1000000";
    let input = log;
    let goLines = lines;
    if (limit !== "all" && Number(limit) < lines) {
      goLines = Number(limit);
      input = path.join(dir, `head-${goLines}.log`);
      if (!existsSync(input)) spawnSync("sh", ["-c", `head -n ${goLines} '${log}' > '${input}'`]);
    }
    const goBytes = statSync(input).size;
    // Squid native, with CONNECT host:443 lines: GoAccess's built-in SQUID format rejects those.
    const measured = timed(goaccess, [
      input,
      "--log-format=%x.%^ %~%L %h %^/%s %b %m %U %e %^",
      "--date-format=%s",
      "--time-format=%s",
      "--no-global-config",
      "--no-progress",
      "-o",
      path.join(dir, "goaccess.json"),
    ]);
    rows.push({
      name: "GoAccess 1 thread",
      lines: goLines,
      bytes: goBytes,
      ...measured,
      note: goLines < lines ? `first ${goLines} lines of the same file` : undefined,
    });
  } else {
    console.log("GoAccess is not installed (apt-get install -y goaccess): no GoAccess figure this run");
  }
  if (process.env.MONITOR_BENCH_INGEST !== "0") {
    rows.push(await benchIngest(dir, log, lines, bytes));
    const server = process.env.MONITOR_BENCH_DATABASE_URL;
    if (server) rows.push(await benchIngest(dir, log, lines, bytes, server));
  }
  print(rows);
  if (stats) console.log(stats);
  if (result) console.log(`${result.minutes.length} person-days, ${result.findings.length} findings`);
  console.log(
    `load average (1, 5, 15 min) before: ${loadBefore}, after: ${loadAverage()} (2 cores; other work on the machine slows every row alike)`,
  );
}

/**
 * `monitor ingest` into a fresh embedded PostgreSQL: the school and its 2,000 staff are set up first,
 * then the command runs in its own process (start-up of the database included). Peak RSS is the
 * Node process; PostgreSQL's processes are not counted.
 */
async function benchIngest(
  dir: string,
  log: string,
  lines: number,
  bytes: number,
  server?: string,
): Promise<Measured> {
  const dataDir = path.join(dir, `pgdata-${Date.now()}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONDUCT_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    CONDUCT_MONITOR_TIMINGS: "1",
  };
  delete env.DATABASE_URL;
  // On a server of the user's: a database of the bench's own, dropped after.
  const name = `conduct_bench_monitoring_${process.pid}_${Date.now()}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  if (server) {
    await admin(`create database ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  const database = await openDatabase({ config: readConfig(env), logger: createLogger("silent") });
  try {
    const [trust] = await database.db
      .insert(trusts)
      .values({ name: "Bench Trust", slug: "bench" })
      .returning();
    const [school] = await database.db
      .insert(schools)
      .values({ trustId: trust!.id, slug: "summit-high", name: "Summit High", phase: "secondary" })
      .returning();
    const people = readFileSync(path.join(dir, "staff.csv"), "utf8").trim().split("\n").slice(1);
    await database.db.insert(staff).values(
      people.map((row, i) => ({
        schoolId: school!.id,
        externalId: `S${i}`,
        firstName: "Staff",
        lastName: String(i),
        email: row.split(",")[0]!,
        jobTitle: "Teacher",
        employment: "employee" as const,
        startDate: "2020-09-01",
      })),
    );
  } finally {
    await database.close();
  }
  const args = [
    path.join(here, "..", "bin", "conduct.js"),
    "monitor",
    "ingest",
    log,
    "--format",
    "squid",
    "--school",
    "summit-high",
    "--bells",
    path.join(dir, "bells.json"),
    "--timetable",
    path.join(dir, "timetable.csv"),
    "--ip-map",
    path.join(dir, "ip-map.csv"),
    "--staff",
    path.join(dir, "staff.csv"),
    "--json",
  ];
  const shell = `/usr/bin/time -f '${TIME_FORMAT}' "$@" > '${path.join(dir, "ingest.json")}'`;
  const result = spawnSync("sh", ["-c", shell, "sh", process.execPath, ...args], {
    encoding: "utf8",
    env: { ...env },
    maxBuffer: 64 << 20,
  });
  spawnSync("rm", ["-rf", dataDir]);
  if (server) await admin(`drop database ${name} with (force)`);
  const time = parseTime(result.stderr);
  if (result.status !== 0 || !time) throw new Error(`monitor ingest failed: ${result.stderr.slice(-2000)}`);
  for (const line of result.stderr.split("\n")) if (/^ingest .* at \d+ ms$/.test(line)) console.log(line);
  const summary = JSON.parse(readFileSync(path.join(dir, "ingest.json"), "utf8")) as { minutesAdded: number };
  return {
    name: server ? "monitor ingest (server)" : "monitor ingest (PostgreSQL)",
    lines,
    bytes,
    ...time,
    note: server
      ? `${summary.minutesAdded} minutes added into a new database on ${new URL(server).host}; node's RSS only`
      : `${summary.minutesAdded} minutes added, as hour rows by COPY; database start-up included; node's RSS only`,
  };
}
