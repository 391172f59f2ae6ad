// Scores the post checker against the hand-labelled corpus in eval/posts/: precision and recall by
// clause family and by clause, verdict accuracy, and how often a harmless post gets any flag at all.
// Also scores the obscenity library on the same posts, as the baseline a user might reach for.
// Usage: npm run eval:posts [-- --failures] [-- --corpus holdout.jsonl]
//   --failures lists every post the checker gets wrong; --corpus scores another file in eval/posts/
//   (holdout.jsonl was written after the rules and has never been used to tune them).
import { readFileSync } from "node:fs";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { buildRosterIndex } from "../src/posts/build-roster-index";
import { checkPost } from "../src/posts/check-post";
import { loadRuleSet } from "../src/posts/load-rule-set";
import { parseRosterCsv } from "../src/posts/parse-roster-csv";
import { parseSchoolsJson } from "../src/posts/parse-schools-json";
import type { PostContext } from "../src/posts/types";

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
};
const families = [
  "identification",
  "confidentiality",
  "offensive",
  "criticism",
  "harassment",
  "contact",
  "platforms",
  "official-personal",
  "branding",
];

const root = new URL("../eval/posts/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), "utf8");

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
const loaded = loadRuleSet();
if (!loaded.ok) fail(JSON.stringify(loaded.errors, null, 2));

const schools = new Map(schoolsResult.schools.map((school) => [school.slug, school]));
const roster = buildRosterIndex({ people: rosterResult.people });
const corpusFlag = process.argv.indexOf("--corpus");
const corpusName = corpusFlag >= 0 ? (process.argv[corpusFlag + 1] ?? "corpus.jsonl") : "corpus.jsonl";
const posts: CorpusPost[] = read(corpusName)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as CorpusPost);
// The roster describes the 2025/26 school year; fix the date so ages (ex-pupils under 18) reproduce.
const asOf = new Date("2026-01-15T12:00:00Z");

type Counts = { tp: number; fp: number; fn: number };
const byFamily = new Map<string, Counts>(families.map((family) => [family, { tp: 0, fp: 0, fn: 0 }]));
const byClause = new Map<string, Counts>();
const countsFor = (map: Map<string, Counts>, key: string) => {
  let counts = map.get(key);
  if (!counts) {
    counts = { tp: 0, fp: 0, fn: 0 };
    map.set(key, counts);
  }
  return counts;
};

let verdictRight = 0;
let harmless = 0;
let harmlessAnyFinding = 0;
let harmlessWarningOrBreach = 0;
const failures: string[] = [];
const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
let obscenityHarmlessFlags = 0;
let offensivePosts = 0;
let obscenityOffensiveHits = 0;
let checkerOffensiveHits = 0;

for (const post of posts) {
  const school = schools.get(post.school);
  if (!school) fail(`${post.id}: unknown school ${post.school}`);
  const result = checkPost({
    text: post.text,
    context: post.context,
    school,
    roster,
    rules: loaded.ruleSet,
    asOf,
  });
  const gotClauses = new Set(
    result.findings.flatMap((finding) => [finding.clause, ...(finding.alsoClauses ?? [])]),
  );
  const wantClauses = new Set(post.expected.clauses);
  const gotFamilies = new Set<string>(result.findings.map((finding) => finding.family));
  const wantFamilies = new Set(post.expected.clauses.map((clause) => familyOfClause[clause]).filter(Boolean));

  for (const family of families)
    score(countsFor(byFamily, family), wantFamilies.has(family), gotFamilies.has(family));
  for (const clause of new Set([...gotClauses, ...wantClauses])) {
    score(countsFor(byClause, clause), wantClauses.has(clause), gotClauses.has(clause));
  }
  if (result.verdict === post.expected.verdict) verdictRight++;
  const isHarmless = post.expected.clauses.length === 0;
  if (isHarmless) {
    harmless++;
    if (result.findings.length > 0) harmlessAnyFinding++;
    if (result.findings.some((finding) => finding.severity !== "advice")) harmlessWarningOrBreach++;
    if (obscenity.hasMatch(post.text)) obscenityHarmlessFlags++;
  }
  if (wantFamilies.has("offensive")) {
    offensivePosts++;
    if (obscenity.hasMatch(post.text)) obscenityOffensiveHits++;
    if (gotFamilies.has("offensive")) checkerOffensiveHits++;
  }
  const sameClauses =
    gotClauses.size === wantClauses.size && [...wantClauses].every((clause) => gotClauses.has(clause));
  if (!sameClauses || result.verdict !== post.expected.verdict) {
    const got = result.findings.map(
      (f) =>
        `${f.clause}${f.alsoClauses ? `+${f.alsoClauses.join("+")}` : ""}:${f.severity}[${f.ruleId} "${f.excerpt}"]`,
    );
    failures.push(
      `${post.id} (${post.context}) want ${post.expected.verdict} [${[...wantClauses].join(",")}] got ${result.verdict} ${got.join(" ") || "[]"}\n    ${post.text}`,
    );
  }
}

function score(counts: Counts, want: boolean, got: boolean) {
  if (want && got) counts.tp++;
  else if (got) counts.fp++;
  else if (want) counts.fn++;
}

const ratio = (a: number, b: number) => (b === 0 ? "   -  " : (a / b).toFixed(3).padStart(6));
const row = (name: string, c: Counts) =>
  `${name.padEnd(18)} ${ratio(c.tp, c.tp + c.fp)} ${ratio(c.tp, c.tp + c.fn)}   ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}`;
const total = (map: Map<string, Counts>) =>
  [...map.values()].reduce((sum, c) => ({ tp: sum.tp + c.tp, fp: sum.fp + c.fp, fn: sum.fn + c.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });

console.log(
  `Post check eval of ${corpusName}: ${posts.length} posts (${harmless} harmless), rules ${loaded.ruleSet.version}, roster of ${roster.size} people`,
);
console.log("");
console.log(`${"family".padEnd(18)} precision recall   tp  fp  fn`);
for (const family of families) console.log(row(family, byFamily.get(family)!));
console.log(row("overall", total(byFamily)));
console.log("");
console.log(`${"clause".padEnd(18)} precision recall   tp  fp  fn`);
const clauseKeys = [...byClause.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
for (const clause of clauseKeys) console.log(row(clause, byClause.get(clause)!));
console.log("");
console.log(
  `verdict accuracy: ${ratio(verdictRight, posts.length).trim()} (${verdictRight}/${posts.length})`,
);
console.log(
  `false alarms on harmless posts: any finding ${pct(harmlessAnyFinding, harmless)} (${harmlessAnyFinding}/${harmless}); warning or breach ${pct(harmlessWarningOrBreach, harmless)} (${harmlessWarningOrBreach}/${harmless})`,
);
console.log(
  `baseline obscenity (englishDataset + recommended transformers): flags ${pct(obscenityHarmlessFlags, harmless)} of harmless posts (${obscenityHarmlessFlags}/${harmless}); catches ${obscenityOffensiveHits}/${offensivePosts} offensive-language posts (checker: ${checkerOffensiveHits}/${offensivePosts})`,
);
console.log(`posts not fully right (verdict or clauses): ${failures.length}`);
if (process.argv.includes("--failures")) {
  console.log("");
  for (const failure of failures) console.log(failure);
}

function pct(a: number, b: number): string {
  return b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`;
}
