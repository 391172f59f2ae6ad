// Scores `conduct monitor analyse --json` against hand-worked cases in eval/monitoring/{dev,test}/:
// each case folder holds a log, staff.csv, bell.json, optional timetable.csv, ip-map.csv,
// terms.json, thresholds.json, a case.json (format, log file) and expected.json (worked out by
// hand from the issue and the README, never from the product; see build-cases.mjs there).
// Compared: lines, malformedLines, unattributedMinutes, each minutes row's three counts and
// byPlatform, and each finding's presence, minutes and clause. The dev split prints every
// difference; the test split prints only counts (it is scored once per release). Always exits 0.
// Usage: npm run eval:monitoring [-- --split dev|test]
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface MinutesRow {
  staff: string;
  date: string;
  pupilsPresent: number;
  directedNoPupils: number;
  allowed: number;
  byPlatform: Record<string, number>;
}
interface Finding {
  staff: string;
  kind: string;
  date: string;
  minutes: number;
  clause: string;
}
interface Result {
  lines: number;
  malformedLines: number;
  unattributedMinutes: number;
  minutes: MinutesRow[];
  findings: Finding[];
}
interface Difference {
  field: string;
  expected: unknown;
  got: unknown;
}

const evalRoot = join(import.meta.dirname, "..", "eval", "monitoring");
const cli = join(import.meta.dirname, "..", "bin", "conduct.js");
const splitArg = process.argv.indexOf("--split");
const splits = splitArg >= 0 ? [process.argv[splitArg + 1] ?? "dev"] : ["dev", "test"];
const optionalFiles: [string, string][] = [
  ["--timetable", "timetable.csv"],
  ["--ip-map", "ip-map.csv"],
  ["--term-dates", "terms.json"],
  ["--thresholds", "thresholds.json"],
];

function runCase(dir: string): { result?: Result; error?: string } {
  const spec = JSON.parse(readFileSync(join(dir, "case.json"), "utf8")) as { format: string; log: string };
  const args = [cli, "monitor", "analyse", "--log", join(dir, spec.log), "--format", spec.format];
  args.push("--staff", join(dir, "staff.csv"), "--bells", join(dir, "bell.json"));
  for (const [flag, file] of optionalFiles) if (existsSync(join(dir, file))) args.push(flag, join(dir, file));
  args.push("--json");
  try {
    const stdout = execFileSync(process.execPath, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { result: JSON.parse(stdout) as Result };
  } catch (error) {
    const failed = error as { status?: number; stderr?: string; message: string };
    return {
      error: `exit ${failed.status ?? "?"}: ${(failed.stderr ?? failed.message).trim().slice(0, 300)}`,
    };
  }
}

// Every field the expectation names is one comparison; a row or finding the product adds that the
// expectation lacks is one more (a wrong extra row is a disagreement too).
function compare(expected: Result, got: Result | undefined): { compared: number; differences: Difference[] } {
  const differences: Difference[] = [];
  let compared = 0;
  const check = (field: string, want: unknown, have: unknown) => {
    compared += 1;
    if (want !== have) differences.push({ field, expected: want, got: have });
  };
  check("lines", expected.lines, got?.lines);
  check("malformedLines", expected.malformedLines, got?.malformedLines);
  check("unattributedMinutes", expected.unattributedMinutes, got?.unattributedMinutes);

  const rowKey = (r: { staff: string; date: string }) => `${r.staff} ${r.date}`;
  const gotRows = new Map((got?.minutes ?? []).map((r) => [rowKey(r), r]));
  for (const want of expected.minutes) {
    const key = rowKey(want);
    const have = gotRows.get(key);
    gotRows.delete(key);
    for (const count of ["pupilsPresent", "directedNoPupils", "allowed"] as const) {
      check(`minutes[${key}].${count}`, want[count], have?.[count]);
    }
    const platforms = new Set([...Object.keys(want.byPlatform), ...Object.keys(have?.byPlatform ?? {})]);
    for (const platform of [...platforms].sort()) {
      check(
        `minutes[${key}].byPlatform.${platform}`,
        want.byPlatform[platform],
        have?.byPlatform?.[platform],
      );
    }
  }
  for (const [key, extra] of gotRows) {
    check(`minutes[${key}]`, undefined, `${extra.pupilsPresent}/${extra.directedNoPupils}/${extra.allowed}`);
  }

  const findingKey = (f: Finding) => `${f.staff} ${f.kind} ${f.date}`;
  const gotFindings = new Map((got?.findings ?? []).map((f) => [findingKey(f), f]));
  for (const want of expected.findings) {
    const key = findingKey(want);
    const have = gotFindings.get(key);
    gotFindings.delete(key);
    check(`findings[${key}].minutes`, want.minutes, have?.minutes);
    check(`findings[${key}].clause`, want.clause, have?.clause);
  }
  for (const [key, extra] of gotFindings) {
    check(`findings[${key}]`, undefined, `${extra.minutes} min, clause ${extra.clause}`);
  }
  return { compared, differences };
}

const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));

for (const split of splits) {
  const splitDir = join(evalRoot, split);
  if (!existsSync(splitDir)) {
    console.log(`${split}: no cases`);
    continue;
  }
  const cases = readdirSync(splitDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  let fieldsCompared = 0;
  let fieldsAgreed = 0;
  let casesAgreed = 0;
  let casesFailed = 0;
  const report: string[] = [];
  for (const name of cases) {
    const dir = join(splitDir, name);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Result;
    const { result, error } = runCase(dir);
    const { compared, differences } = compare(expected, result);
    fieldsCompared += compared;
    fieldsAgreed += compared - differences.length;
    if (error) casesFailed += 1;
    if (differences.length === 0) casesAgreed += 1;
    if (split === "test") continue;
    report.push(
      `  ${differences.length === 0 ? "ok  " : "DIFF"} ${name} (${compared - differences.length}/${compared})`,
    );
    if (error) report.push(`       failed: ${error}`);
    for (const d of differences) {
      report.push(`       ${name}: ${d.field}: expected ${show(d.expected)}, got ${show(d.got)}`);
    }
  }
  const percent = fieldsCompared === 0 ? 0 : (100 * fieldsAgreed) / fieldsCompared;
  console.log(
    `${split}: ${casesAgreed}/${cases.length} cases agree fully; fields ${fieldsAgreed}/${fieldsCompared} ` +
      `(${percent.toFixed(1)}%)${casesFailed > 0 ? `; ${casesFailed} case(s) did not run` : ""}`,
  );
  for (const line of report) console.log(line);
}
