// Scores the post checker against the hand-labelled corpora in eval/posts/: precision, recall and
// false alarms by clause family on each split (train, the development splits, test, and the first
// held-out set), and how often a harmless post gets any flag at all. Also scores the obscenity
// library on the same posts, the baseline a user might reach for. The test split is compared with
// the figures recorded for the last release (eval/post-check-release.json): a drop fails the run
// (exit code 1).
// The test split is eval/posts/v6/test.jsonl, written by two authors who never saw the rules, to
// eval/posts/LABELLING.md, and added at a release; until it exists the run says "no test split yet"
// and scores the other splits. A test split retires to development data once a release has scored
// it: v2's is v2/dev-b.jsonl (scored at 2026.12.1), v3's is v3/dev.jsonl (2026.12.2), v5's is the
// v5-test split (v5/test.jsonl, 2026.12.3).
// Usage: npm run eval:posts [-- --failures] [-- --split dev] [-- --corpus FILE] [-- --no-learned]
//        [-- --record]
//   --failures   lists every post the checker gets wrong (refused on the test split, the v7, v8
//                and v11 checks and v16-next)
//   --split      score only one split: train, dev, v3-dev, v4, v5-dev (and its halves v5-dev-tune,
//                v5-dev-check), v5-test (retired), v6-dev (two authors to the labelling guide),
//                v7-train, v7-check, v8-train, v8-check, v9-train, v10-train, v11-train, v11-check,
//                v12-train, v13-train, v14-train, v15-dev, v16-next, test or holdout
//   --corpus     score another JSON Lines file in eval/posts/ instead of the splits
//   --no-learned rules only, without the learned second opinion
//   --record     write today's test figures to eval/post-check-release.json (at a release)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { posix } from "node:path";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { buildRosterIndex } from "../src/posts/build-roster-index";
import { checkPost } from "../src/posts/check-post";
import { loadPostModel } from "../src/posts/load-post-model";
import { loadRuleSet } from "../src/posts/load-rule-set";
import { parseRosterCsv } from "../src/posts/parse-roster-csv";
import { parseSchoolsJson } from "../src/posts/parse-schools-json";
import { CLAUSE_FAMILIES, type PostContext } from "../src/posts/types";
import { laterChecks, laterSplits } from "./post-corpus-files";

interface CorpusPost {
  id: string;
  context: PostContext;
  school: string;
  text: string;
  expected: { verdict: "clear" | "review" | "block"; clauses: string[] };
}

// Clause -> family, for the Summit policy numbering the corpus is labelled with. 4.1 (risk to a
// child) always comes with another clause, so it is scored as a clause but not as a family.
const familyOfClause: Record<string, string> = {
  "7.3": "identification",
  "4.7.1": "identification",
  "4.7": "confidentiality",
  "4.7.2": "confidentiality",
  "4.4": "offensive",
  "7.4": "offensive",
  "4.5": "criticism",
  "4.6": "harassment",
  "8.3": "contact",
  "8.4": "contact",
  "6.1": "platforms",
  "5.4": "official-personal",
  "8.2.1": "official-personal",
  "7.2": "branding",
  "4.3": "reputation",
};
const families: string[] = [...CLAUSE_FAMILIES];

const root = new URL("../eval/posts/", import.meta.url);
const releaseFile = new URL("../eval/post-check-release.json", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), "utf8");
const testSplitFile = "v6/test.jsonl";
const hasTestSplit = existsSync(new URL(testSplitFile, root));
const has = (name: string) => existsSync(new URL(name, root));
const argValue = (flag: string) => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const schoolsResult = parseSchoolsJson({
  jsonText: read("schools.json"),
  fileName: "eval/posts/schools.json",
});
if (!schoolsResult.ok) fail(JSON.stringify(schoolsResult.errors, null, 2));
const rosterResult = parseRosterCsv({ csvText: read("roster.csv"), fileName: "eval/posts/roster.csv" });
if (!rosterResult.ok) fail(JSON.stringify(rosterResult.errors.slice(0, 5), null, 2));
const loadedRules = loadRuleSet();
if (!loadedRules.ok) fail(JSON.stringify(loadedRules.errors, null, 2));
const loaded = loadedRules;
const useLearned = !process.argv.includes("--no-learned");
const modelResult = useLearned ? loadPostModel() : undefined;
if (modelResult && !modelResult.ok) fail(modelResult.error);
const model = modelResult?.ok ? modelResult.model : undefined;

const schools = new Map(schoolsResult.schools.map((school) => [school.slug, school]));
const roster = buildRosterIndex({ people: rosterResult.people });
// The roster describes the 2025/26 school year; fix the date so ages (ex-pupils under 18) reproduce.
const asOf = new Date("2026-01-15T12:00:00Z");

// "v5/dev.jsonl#tune" is the half of a file whose themes are listed under "tune" in halves.json
// beside it (the v5 development file is tuned on one half and only scored on the other).
function readJsonl(name: string): CorpusPost[] {
  const [file, half] = name.split("#") as [string, string | undefined];
  const posts = readWholeJsonl(file);
  if (!half) return posts;
  const halves = JSON.parse(read(posix.join(posix.dirname(file), "halves.json"))) as Record<string, string[]>;
  const themes = new Set(halves[half] ?? fail(`${name}: no half "${half}" in halves.json`));
  return posts.filter((post) => themes.has((post as CorpusPost & { theme?: string }).theme ?? ""));
}

function readWholeJsonl(name: string): CorpusPost[] {
  return read(name)
    .split("\n")
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, i }) => {
      try {
        return JSON.parse(line) as CorpusPost;
      } catch (error) {
        return fail(`eval/posts/${name} line ${i + 1}: ${(error as Error).message}`);
      }
    });
}

// The splits: whole themes go to one split (eval/posts/v2/splits.json). The first corpus was used to
// write the first rules, so it is training data; holdout.jsonl has never been used to tune anything.
// The development splits by other authors are scored on their own, so a gain on the main author's
// dev that does not carry to new voices shows: v3-dev (the v3 test split, retired at 2026.12.2), v4
// (two authors; a was tuned on, b is the check) and v5-dev (the v5 author's development file, once
// it has landed).
const splitFiles: Record<string, string[]> = {
  train: ["corpus.jsonl", "v2/train.jsonl"],
  dev: ["v2/dev.jsonl", "v2/dev-b.jsonl"],
  "v3-dev": ["v3/dev.jsonl"],
  v4: ["v4/a.jsonl", "v4/b.jsonl"],
  "v5-dev": ["v5/dev.jsonl"],
  "v5-dev-tune": ["v5/dev.jsonl#tune"],
  "v5-dev-check": ["v5/dev.jsonl#check"],
  "v5-test": ["v5/test.jsonl"],
  "v6-dev": ["v6/dev-c.jsonl", "v6/dev-d.jsonl"],
  ...laterSplits,
  test: [testSplitFile],
  holdout: ["holdout.jsonl"],
};

type Counts = { tp: number; fp: number; fn: number; negatives: number };
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, negatives: 0 });

export interface SplitScore {
  posts: number;
  harmless: number;
  harmlessFlagged: number;
  verdictRight: number;
  byFamily: Record<string, Counts>;
  overall: Counts;
}

const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

function scoreSplit(name: string, posts: CorpusPost[], showFailures: boolean): SplitScore {
  const byFamily: Record<string, Counts> = Object.fromEntries(families.map((f) => [f, zero()]));
  const byClause = new Map<string, Counts>();
  let verdictRight = 0;
  let harmless = 0;
  let harmlessFlagged = 0;
  let harmlessLearned = 0;
  let learnedFindings = 0;
  let obscenityHarmless = 0;
  let offensivePosts = 0;
  let obscenityOffensive = 0;
  let checkerOffensive = 0;
  const failures: string[] = [];
  for (const post of posts) {
    const school = schools.get(post.school) ?? fail(`${post.id}: unknown school ${post.school}`);
    const result = checkPost({
      text: post.text,
      context: post.context,
      school,
      roster,
      rules: loaded.ruleSet,
      model,
      asOf,
    });
    const gotClauses = new Set(result.findings.flatMap((f) => [f.clause, ...(f.alsoClauses ?? [])]));
    const wantClauses = new Set(post.expected.clauses);
    const gotFamilies = new Set<string>(result.findings.map((f) => f.family));
    const wantFamilies = new Set(
      post.expected.clauses.map((c) => familyOfClause[c]).filter((f): f is string => Boolean(f)),
    );
    for (const family of families)
      score(byFamily[family]!, wantFamilies.has(family), gotFamilies.has(family));
    for (const clause of new Set([...gotClauses, ...wantClauses])) {
      let counts = byClause.get(clause);
      if (!counts) {
        counts = zero();
        byClause.set(clause, counts);
      }
      score(counts, wantClauses.has(clause), gotClauses.has(clause));
    }
    if (result.verdict === post.expected.verdict) verdictRight++;
    const learned = result.findings.filter((f) => f.ruleId.startsWith("learned."));
    learnedFindings += learned.length;
    if (post.expected.clauses.length === 0) {
      harmless++;
      if (result.findings.some((f) => f.severity !== "advice")) harmlessFlagged++;
      if (learned.length > 0) harmlessLearned++;
      if (obscenity.hasMatch(post.text)) obscenityHarmless++;
    }
    if (wantFamilies.has("offensive")) {
      offensivePosts++;
      if (obscenity.hasMatch(post.text)) obscenityOffensive++;
      if (gotFamilies.has("offensive")) checkerOffensive++;
    }
    const sameFamilies =
      gotFamilies.size === wantFamilies.size && [...wantFamilies].every((f) => gotFamilies.has(f));
    if (!sameFamilies) {
      const got = result.findings.map(
        (f) =>
          `${f.clause}${f.alsoClauses ? `+${f.alsoClauses.join("+")}` : ""}:${f.severity}[${f.ruleId} "${f.excerpt}"]`,
      );
      failures.push(
        `${post.id} (${post.context}) want ${post.expected.verdict} [${[...wantClauses].join(",")}] got ${result.verdict} ${got.join(" ") || "[]"}\n    ${post.text}`,
      );
    }
  }
  const overall = families.reduce((sum, f) => {
    const c = byFamily[f]!;
    return {
      tp: sum.tp + c.tp,
      fp: sum.fp + c.fp,
      fn: sum.fn + c.fn,
      negatives: sum.negatives + c.negatives,
    };
  }, zero());

  console.log(
    `\n== ${name}: ${posts.length} posts (${harmless} harmless), rules ${loaded.ruleSet.version}${model ? `, learned tier ${model.version}` : ", rules only"}`,
  );
  console.log(`${"family".padEnd(18)} precision recall  false-alarms   tp  fp  fn`);
  for (const family of families) console.log(row(family, byFamily[family]!));
  console.log(row("overall", overall));
  console.log(
    `harmless posts with a warning or breach: ${pct(harmlessFlagged, harmless)} (${harmlessFlagged}/${harmless}); from the learned tier: ${harmlessLearned}; learned findings in all: ${learnedFindings}`,
  );
  console.log(
    `verdict accuracy: ${ratio(verdictRight, posts.length).trim()} (${verdictRight}/${posts.length})`,
  );
  console.log(
    `baseline obscenity: flags ${pct(obscenityHarmless, harmless)} of harmless posts; catches ${obscenityOffensive}/${offensivePosts} offensive-language posts (checker: ${checkerOffensive}/${offensivePosts})`,
  );
  if (process.argv.includes("--clauses")) {
    for (const clause of [...byClause.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true })))
      console.log(row(clause, byClause.get(clause)!));
  }
  if (showFailures) for (const failure of failures) console.log(failure);
  return { posts: posts.length, harmless, harmlessFlagged, verdictRight, byFamily, overall };
}

function score(counts: Counts, want: boolean, got: boolean) {
  if (!want) counts.negatives++;
  if (want && got) counts.tp++;
  else if (got) counts.fp++;
  else if (want) counts.fn++;
}

function ratio(a: number, b: number): string {
  return b === 0 ? "   -  " : (a / b).toFixed(3).padStart(6);
}
function row(name: string, c: Counts): string {
  return `${name.padEnd(18)} ${ratio(c.tp, c.tp + c.fp)}   ${ratio(c.tp, c.tp + c.fn)}  ${pct(c.fp, c.negatives).padStart(7)}     ${String(c.tp).padStart(4)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}`;
}
function pct(a: number, b: number): string {
  return b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`;
}

const showFailures = process.argv.includes("--failures");
// Scored, never studied: the test split and the checks by authors nothing was tuned or trained on.
const neverListed: Record<string, string[]> = {
  test: [testSplitFile],
  ...laterChecks,
};
const neverListedFiles = Object.values(neverListed).flat();
const checkNames = Object.keys(laterChecks);
const refusal = `--failures is refused on the test split and the checks ${checkNames.slice(0, -1).join(", ")} and ${checkNames.at(-1)}`;
const corpusName = argValue("--corpus");
if (corpusName) {
  if (showFailures && neverListedFiles.includes(posix.normalize(corpusName))) fail(refusal);
  scoreSplit(corpusName, readJsonl(corpusName), showFailures);
  process.exit(0);
}
const only = argValue("--split");
if (only && !splitFiles[only]) fail(`--split must be one of ${Object.keys(splitFiles).join(", ")}`);
// The test split is scored, never studied: --failures would list its posts, so it is refused there
// (and a run over every split lists the failures of the others only).
if (showFailures && only && only in neverListed)
  fail(`${refusal}: use it with --split train, dev or holdout`);
const scores: Record<string, SplitScore> = {};
for (const [name, files] of Object.entries(splitFiles)) {
  if (only && only !== name) continue;
  if (name === "test" && !hasTestSplit) {
    console.log(`\n== test: no test split yet (eval/posts/${testSplitFile} is added at a release)`);
    continue;
  }
  const missing = files.map((f) => f.split("#")[0]!).filter((f) => !has(f));
  if (missing.length > 0) {
    console.log(`\n== ${name}: not here yet (eval/posts/${missing.join(", ")})`);
    continue;
  }
  // A run over every split lists the v5 development posts once, from the half that was tuned on.
  const listed = !["test", "v5-dev", "v5-dev-check"].includes(name) || only === name;
  scores[name] = scoreSplit(name, files.flatMap(readJsonl), showFailures && !(name in neverListed) && listed);
}

// --- the release gate --------------------------------------------------------------------------
interface ReleaseFigures {
  precision: number;
  recall: number;
  harmlessFalseAlarms: number;
  families: Record<string, { precision: number; recall: number }>;
}
const figuresOf = (s: SplitScore): ReleaseFigures => ({
  precision: round(s.overall.tp / Math.max(1, s.overall.tp + s.overall.fp)),
  recall: round(s.overall.tp / Math.max(1, s.overall.tp + s.overall.fn)),
  harmlessFalseAlarms: round(s.harmlessFlagged / Math.max(1, s.harmless)),
  families: Object.fromEntries(
    families.map((f) => {
      const c = s.byFamily[f]!;
      return [
        f,
        {
          precision: round(c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp)),
          recall: round(c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn)),
        },
      ];
    }),
  ),
});
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const test = scores.test;
if (test && useLearned) {
  const now = figuresOf(test);
  if (process.argv.includes("--record")) {
    writeFileSync(
      releaseFile,
      `${JSON.stringify({ recordedFor: loaded.ruleSet.version, model: model?.version, testSplit: testSplitFile, test: now }, null, 2)}\n`,
    );
    console.log(`\nrecorded test figures in ${releaseFile.pathname}`);
  } else {
    let last: { testSplit?: string; test: ReleaseFigures } | undefined;
    try {
      last = JSON.parse(readFileSync(releaseFile, "utf8"));
    } catch {
      console.log("\nno release figures recorded yet (eval/post-check-release.json); run with --record");
    }
    // Figures recorded on another test split (the retired v2 one) say nothing about this one.
    if (last && (last.testSplit ?? "v2/test.jsonl") !== testSplitFile) {
      console.log(
        `\nthe recorded release figures are for ${last.testSplit ?? "v2/test.jsonl"}, not ${testSplitFile}: nothing to compare with until --record at a release`,
      );
      last = undefined;
    }
    if (last) {
      const drops: string[] = [];
      if (now.precision < last.test.precision)
        drops.push(`precision ${now.precision} < ${last.test.precision}`);
      if (now.recall < last.test.recall) drops.push(`recall ${now.recall} < ${last.test.recall}`);
      if (now.harmlessFalseAlarms > last.test.harmlessFalseAlarms)
        drops.push(`false alarms ${now.harmlessFalseAlarms} > ${last.test.harmlessFalseAlarms}`);
      for (const f of families) {
        const a = now.families[f]!;
        const b = last.test.families[f];
        if (!b) continue;
        if (a.precision < b.precision) drops.push(`${f} precision ${a.precision} < ${b.precision}`);
        if (a.recall < b.recall) drops.push(`${f} recall ${a.recall} < ${b.recall}`);
      }
      if (drops.length > 0) {
        console.error(`\ntest split fell below the last release:\n  ${drops.join("\n  ")}`);
        process.exit(1);
      }
      console.log("\ntest split is at or above the last release's figures");
    }
  }
}
