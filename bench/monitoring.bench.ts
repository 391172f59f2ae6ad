// `monitor analyse` on a generated 10 million line Squid log (2,000 staff, 5 school days), in its own
// process as a user runs it, beside `wc -l` and GoAccess on the same file in the same run: lines/s,
// MB/s and peak RSS for each. Target: 3M lines/s or more on 2 cores, under 300 MB.
//   MONITOR_BENCH_LINES   lines to generate (default 10,000,000)
//   MONITOR_BENCH_DIR     where the log is kept between runs (default $TMPDIR/conduct-bench-monitoring)
//   MONITOR_BENCH_GOACCESS_LINES  lines GoAccess reads from the start of the file (default 1,000,000;
//                         "all" for the whole file: GoAccess takes minutes on 10M lines)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
  rssMb: number;
  note?: string;
}

/** Runs a command under /usr/bin/time for its wall time and peak RSS (the whole process, all threads). */
function timed(
  command: string,
  args: string[],
  stdoutFile?: string,
): { seconds: number; rssMb: number; stderr: string } {
  const format = "__TIME__ %e %M";
  const shellArgs = [
    "-c",
    `/usr/bin/time -f '${format}' "$@"${stdoutFile ? ` > '${stdoutFile}'` : " > /dev/null"}`,
    "sh",
    command,
    ...args,
  ];
  const result = spawnSync("sh", shellArgs, { encoding: "utf8", maxBuffer: 64 << 20 });
  const match = /__TIME__ ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`${command} failed: ${result.stderr.slice(-2000)}`);
  return { seconds: Number(match[1]), rssMb: Number(match[2]) / 1024, stderr: result.stderr };
}

function print(rows: Measured[]): void {
  console.log("tool                         lines       MB    seconds   lines/s     MB/s   peak RSS");
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(26)} ${String(r.lines).padStart(9)} ${(r.bytes / 1e6).toFixed(0).padStart(8)} ${r.seconds.toFixed(2).padStart(9)} ${Math.round(
        r.lines / r.seconds,
      )
        .toLocaleString("en-GB")
        .padStart(
          11,
        )} ${(r.bytes / 1e6 / r.seconds).toFixed(0).padStart(7)} ${r.rssMb.toFixed(0).padStart(7)} MB${r.note ? `  (${r.note})` : ""}`,
    );
  }
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
  // Read the file once so every tool starts from the page cache.
  timed("wc", ["-l", log]);
  const rows: Measured[] = [];

  const wc = timed("wc", ["-l", log]);
  rows.push({ name: "wc -l", lines, bytes, ...wc });

  const analyseArgs = [
    "--import",
    "tsx",
    path.join(here, "monitor-cli.ts"),
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
  const out = path.join(dir, "analysis.json");
  const analysed = timed(process.execPath, analyseArgs, out);
  const result = JSON.parse(readFileSync(out, "utf8")) as {
    lines: number;
    minutes: unknown[];
    findings: unknown[];
  };
  if (result.lines !== lines) throw new Error(`monitor analyse read ${result.lines} lines, not ${lines}`);
  const stats = /monitor analyse: .*/.exec(analysed.stderr)?.[0];
  rows.push({
    name: "monitor analyse (2 threads)",
    lines,
    bytes,
    seconds: analysed.seconds,
    rssMb: analysed.rssMb,
    note: "whole process, start-up included",
  });

  const single = timed(process.execPath, [...analyseArgs, "--threads", "1"]);
  rows.push({
    name: "monitor analyse (1 thread)",
    lines,
    bytes,
    seconds: single.seconds,
    rssMb: single.rssMb,
  });

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
  if (process.env.MONITOR_BENCH_INGEST !== "0") rows.push(await benchIngest(dir, log, lines, bytes));
  print(rows);
  if (stats) console.log(stats);
  console.log(`${result.minutes.length} person-days, ${result.findings.length} findings`);
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(
    `load average during the run: ${load} (2 cores; other work on the machine slows every row alike)`,
  );
}

/**
 * `monitor ingest` into a fresh embedded PostgreSQL: the school and its 2,000 staff are set up first,
 * then the command runs in its own process (start-up of the database included). Peak RSS is the
 * Node process; PostgreSQL's processes are not counted.
 */
async function benchIngest(dir: string, log: string, lines: number, bytes: number): Promise<Measured> {
  const dataDir = path.join(dir, `pgdata-${Date.now()}`);
  const env: NodeJS.ProcessEnv = { ...process.env, CONDUCT_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
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
    "--import",
    "tsx",
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
  const shell = `CONDUCT_DATA_DIR='${dataDir}' /usr/bin/time -f '__TIME__ %e %M' "$@" > '${path.join(dir, "ingest.json")}'`;
  const result = spawnSync("sh", ["-c", shell, "sh", process.execPath, ...args], {
    encoding: "utf8",
    env: { ...env },
    maxBuffer: 64 << 20,
  });
  const match = /__TIME__ ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`monitor ingest failed: ${result.stderr.slice(-2000)}`);
  const summary = JSON.parse(readFileSync(path.join(dir, "ingest.json"), "utf8")) as { minutesAdded: number };
  spawnSync("rm", ["-rf", dataDir]);
  return {
    name: "monitor ingest (PostgreSQL)",
    lines,
    bytes,
    seconds: Number(match[1]),
    rssMb: Number(match[2]) / 1024,
    note: `${summary.minutesAdded} minute rows by COPY; database start-up included; node RSS only`,
  };
}
