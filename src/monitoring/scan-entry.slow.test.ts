// `conduct monitor analyse` from the compiled bundle (dist/monitor-main.mjs, its scanner thread from
// dist/scan-worker.cjs) prints what the sources print, split across threads or not.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { bellsJson, ipMapCsv, plantedRequests, squidLine, staffCsv, timetableCsv } from "./test-support";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

it("gives the same answer from the bundle as from the sources", { timeout: 120_000 }, () => {
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "ignore" });
  const dir = mkdtempSync(path.join(tmpdir(), "conduct-monitor-entry-"));
  // Over 32 MB, so two threads split it (a thread is given 16 MB at least).
  const block = `${plantedRequests().map(squidLine).join("\n")}\nnot a squid line\n`;
  const repeats = Math.ceil((34 << 20) / block.length);
  const files: Record<string, string> = {
    "access.log": block.repeat(repeats),
    "staff.csv": staffCsv,
    "bells.json": bellsJson,
    "tt.csv": timetableCsv,
    "map.csv": ipMapCsv,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const run = (fromSource: boolean, threads: string) =>
    spawnSync(
      process.execPath,
      [
        path.join(ROOT, "bin/conduct.js"),
        "monitor",
        "analyse",
        "--log",
        path.join(dir, "access.log"),
        "--format",
        "squid",
        "--staff",
        path.join(dir, "staff.csv"),
        "--bells",
        path.join(dir, "bells.json"),
        "--timetable",
        path.join(dir, "tt.csv"),
        "--ip-map",
        path.join(dir, "map.csv"),
        "--threads",
        threads,
        "--json",
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH ?? "",
          CONDUCT_SAY_ENTRY: "1",
          CONDUCT_FROM_SOURCE: fromSource ? "1" : "",
        },
      },
    );
  const source = run(true, "1");
  expect(source.stderr).toContain("entry: sources");
  expect(JSON.parse(source.stdout).malformedLines).toBe(repeats);
  for (const threads of ["1", "2"]) {
    const bundled = run(false, threads);
    expect(bundled.stderr).toContain("entry: dist");
    expect(bundled.stdout).toBe(source.stdout);
  }
});
