// Parsing and linting the Summit policy, repeated: milliseconds per parse and per lint, beside a
// baseline measured in the same run (splitting the same text into lines), so the figures say how
// much the parser costs over merely reading the text.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diffPolicyVersions } from "../src/policy/diff-policy-versions";
import { lintPolicy } from "../src/policy/lint-policy";
import type { ParsedPolicy } from "../src/policy/parsed-policy";
import { parsePolicy } from "../src/policy/parse-policy";

const FILE = fileURLToPath(new URL("../src/policy/fixtures/summit-social-media-policy.txt", import.meta.url));
const ROUNDS = 500;
const WARM_UP = 50;

function time(rounds: number, work: () => unknown): number {
  for (let i = 0; i < WARM_UP; i++) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) work();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

function parse(text: string): ParsedPolicy {
  const result = parsePolicy({ text, fileName: "summit-social-media-policy.txt" });
  if (!result.ok) throw new Error(result.error.message);
  return result.policy;
}

export default async function run(): Promise<void> {
  const text = readFileSync(FILE, "utf8");
  const policy = parse(text);
  let sink = 0;
  const baseline = time(ROUNDS, () => {
    sink += text.split(/\r?\n/).filter((line) => line.trim() !== "").length;
  });
  const parseMs = time(ROUNDS, () => {
    sink += parse(text).clauses.length;
  });
  const lintMs = time(ROUNDS, () => {
    sink += lintPolicy({ policy, asOf: "2026-11-29", fileName: "summit.txt" }).length;
  });
  const diffMs = time(Math.ceil(ROUNDS / 5), () => {
    sink += diffPolicyVersions({ from: policy, to: policy }).length;
  });
  const lines = text.split("\n").length;
  console.log(
    `Summit policy: ${lines} lines, ${policy.clauses.length} clauses, ${ROUNDS} rounds (checksum ${sink})`,
  );
  console.log(`  baseline, split into lines: ${baseline.toFixed(4)} ms`);
  console.log(
    `  parse:                      ${parseMs.toFixed(3)} ms (${(parseMs / baseline).toFixed(0)}x baseline)`,
  );
  console.log(
    `  lint:                       ${lintMs.toFixed(3)} ms (${(lintMs / baseline).toFixed(0)}x baseline)`,
  );
  console.log(`  diff against itself:        ${diffMs.toFixed(3)} ms`);
}

// Runnable on its own too: `npx tsx bench/policy-parse.bench.ts`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
