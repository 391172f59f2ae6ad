// Scores `conduct declarations judge` against cases written blind from the policy (section 8,
// 4.2.1) and issue 7, by someone who never read src/declarations. It runs the CLI as a user would
// (JSON lines on stdin), so nothing here imports the judge. Per split: cases and agreement (verdict
// and clause, or a refusal where one is expected), and verdict-only agreement. Dev lists every
// disagreement; test prints counts only, because it is scored once per release and must not be
// tuned on. Exits 0 whatever the score: it measures, it does not gate.
// Usage: npm run eval:declarations
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

interface Case {
  id: string;
  theme: string;
  /** One stdin line: an object (sent as JSON) or a raw string (sent as it is, e.g. broken JSON). */
  input: unknown;
  /** Extra CLI arguments, e.g. ["--time-zone", "America/New_York"]. */
  args?: string[];
  expected: { verdict: string; clause: string } | { error: true };
  note?: string;
}

type Got = { verdict?: string; clause?: string; error?: string } & Record<string, unknown>;

const cli = new URL("../bin/conduct.js", import.meta.url).pathname;
const root = new URL("../eval/declarations/", import.meta.url);

function readCases(split: string): Case[] {
  return readFileSync(new URL(`${split}.jsonl`, root), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Case);
}

// Cases sharing the same arguments go to one run of the CLI; answers are matched to inputs by
// position (the CLI writes one line per input line), so a line without an id still lines up.
function judge(cases: Case[]): Map<Case, Got> {
  const groups = new Map<string, Case[]>();
  for (const one of cases) {
    const key = JSON.stringify(one.args ?? []);
    groups.set(key, [...(groups.get(key) ?? []), one]);
  }
  const answers = new Map<Case, Got>();
  for (const [key, group] of groups) {
    const stdin = group
      .map((one) => (typeof one.input === "string" ? one.input : JSON.stringify(one.input)))
      .join("\n");
    const run = spawnSync(process.execPath, [cli, "declarations", "judge", ...JSON.parse(key)], {
      input: `${stdin}\n`,
      encoding: "utf8",
    });
    const lines = run.stdout.split("\n").filter((line) => line.trim() !== "");
    group.forEach((one, at) => {
      const line = lines[at];
      if (line === undefined) {
        // No answer line at all: the whole run was refused (e.g. a bad --time-zone).
        const why = run.stderr.trim().split("\n")[0] || `exit code ${run.status}`;
        answers.set(one, { error: `(no line; run refused) ${why}` });
        return;
      }
      try {
        answers.set(one, JSON.parse(line) as Got);
      } catch {
        answers.set(one, { error: `(unparseable output) ${line}` });
      }
    });
  }
  return answers;
}

function agrees(expected: Case["expected"], got: Got): boolean {
  if ("error" in expected) return typeof got.error === "string";
  return got.error === undefined && got.verdict === expected.verdict && got.clause === expected.clause;
}

function verdictAgrees(expected: Case["expected"], got: Got): boolean {
  if ("error" in expected) return typeof got.error === "string";
  return got.error === undefined && got.verdict === expected.verdict;
}

const short = (got: Got) =>
  got.error !== undefined ? `error: ${got.error}` : `${got.verdict} ${got.clause}`;
const shortExpected = (expected: Case["expected"]) =>
  "error" in expected ? "error (refused)" : `${expected.verdict} ${expected.clause}`;

for (const split of ["dev", "test"]) {
  const cases = readCases(split);
  const answers = judge(cases);
  const agreed = cases.filter((one) => agrees(one.expected, answers.get(one) ?? {}));
  const verdictsAgreed = cases.filter((one) => verdictAgrees(one.expected, answers.get(one) ?? {}));
  const pct = (n: number) => `${((100 * n) / cases.length).toFixed(1)}%`;
  console.log(
    `${split}: ${cases.length} cases, agreement ${agreed.length}/${cases.length} (${pct(agreed.length)}), ` +
      `verdict only ${verdictsAgreed.length}/${cases.length} (${pct(verdictsAgreed.length)})`,
  );
  if (split !== "dev") continue;
  for (const one of cases) {
    const got = answers.get(one) ?? {};
    if (agrees(one.expected, got)) continue;
    console.log(`  ${one.id} [${one.theme}]: expected ${shortExpected(one.expected)}, got ${short(got)}`);
  }
}
