// Post check speed: posts per second on one core and p50/p99 latency for 280- and 2,000-character
// posts against a roster of 2,000 pupils, beside the obscenity library (RegExpMatcher with the
// English dataset and recommended transformers) on the same posts, the baseline a user might reach
// for instead. obscenity only looks for swear words; checkPost does every clause family. Beside
// them, today's checker: the 2026.11.1 rules (bench/post-rules-2026.11.1.json, the last release)
// without the learned tier. Also the memory and load time of the learned tier's word vectors.
import { fileURLToPath } from "node:url";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { buildRosterIndex } from "../src/posts/build-roster-index";
import { readFileSync } from "node:fs";
import { checkPost } from "../src/posts/check-post";
import { loadPostModel } from "../src/posts/load-post-model";
import { loadRuleSet } from "../src/posts/load-rule-set";
import type { PostContext, RosterPerson, SchoolSettings } from "../src/posts/types";

const school: SchoolSettings = {
  slug: "summit-high",
  name: "Summit High School",
  shortNames: ["Summit High", "SHS"],
  officialHandles: ["@SummitHighSch"],
  sanctionedPlatforms: ["Google Classroom", "Microsoft Teams"],
  streets: ["Station Road", "Mill Lane"],
};

const sentences = [
  "Lovely walk along the coast in Essex this weekend.",
  "So proud of Tom Dickson for finally getting his head round quadratics!",
  "Year 11, add me on Snapchat now you've finished your exams!",
  "Just set up a WhatsApp group for my Year 9 class so they can ask homework questions.",
  "I would like to see more evidence before we adopt this scheme.",
  "Marking is f***ing endless this term.",
  "Summit High is a total shambles this year and SLT haven't a clue.",
  "Reading Great Expectations with my Year 10 class - Dickens still lands with teenagers.",
  "Had to make a safeguarding referral for one of my Year 8s today.",
  "Cocktail night with the book club. The espresso martinis were dangerous.",
  "Finally finished Anne Frank's diary with my niece.",
  "Train delayed at Scunthorpe again, two hours to get back from Penistone.",
  "On behalf of Summit High, I'd like to wish all our families a happy Christmas!",
  "Congratulations to Amelia in Year 7 for her county cross-country medal!",
  "Bloody photocopier jammed again five minutes before my lesson.",
  "Blue tits have moved into the nest box in our garden.",
  "Contact the school office on 01632 960123 with any questions.",
  "Our sixth formers ran a fantastic charity bake sale today and raised £420 for the food bank.",
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRoster(random: () => number): RosterPerson[] {
  const first =
    "Oliver Amelia George Isla Noah Ava Arthur Mia Leo Ivy Harry Freya Oscar Lily Archie Jack Emily Henry Ella Charlie Sophia Freddie Grace Alfie Poppy Thomas Evie Jacob Lucas Isaac Priya Aisha Zara Hassan Kacper Zofia Yusuf Fatima Arjun Riya Tyler Megan Nathan Liam Mason Niamh Rhys Seren Anne Tom".split(
      " ",
    );
  const last =
    "Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Khan Ali Hussain Nowak Kowalski Okafor Adeyemi Nguyen Chen O'Brien Dickson Müller".split(
      " ",
    );
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const people: RosterPerson[] = [];
  for (let i = 0; i < 2000; i++) {
    people.push({
      kind: "pupil",
      school: school.slug,
      firstName: pick(first),
      lastName: pick(last),
      yearGroup: `Year ${7 + (i % 7)}`,
      dateOfBirth: "2011-03-14",
    });
  }
  for (let i = 0; i < 300; i++)
    people.push({ kind: "parent", school: school.slug, firstName: pick(first), lastName: pick(last) });
  for (let i = 0; i < 120; i++)
    people.push({ kind: "staff", school: school.slug, firstName: pick(first), lastName: pick(last) });
  return people;
}

function makePosts(random: () => number, length: number, count: number): string[] {
  const posts: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = "";
    while (text.length < length) text += `${sentences[Math.floor(random() * sentences.length)]} `;
    const cut = text.lastIndexOf(" ", length);
    posts.push(text.slice(0, cut > length * 0.8 ? cut : length));
  }
  return posts;
}

interface Timing {
  p50: number;
  p99: number;
  perSecond: number;
}

/**
 * Times every checker on the same post one after another, post by post, so a burst of load from
 * other processes falls on all of them alike and their p99s can be compared within the run.
 */
function measureInterleaved(posts: string[], runs: Array<(text: string) => void>, rounds: number): Timing[] {
  for (let i = 0; i < Math.min(2000, rounds); i++) for (const run of runs) run(posts[i % posts.length]!);
  const times = runs.map(() => [] as number[]);
  const totals = runs.map(() => 0);
  for (let i = 0; i < rounds; i++) {
    const text = posts[i % posts.length]!;
    runs.forEach((run, k) => {
      const t0 = process.hrtime.bigint();
      run(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      times[k]!.push(ms);
      totals[k]! += ms;
    });
  }
  return times.map((list, k) => {
    list.sort((x, y) => x - y);
    return {
      p50: list[Math.floor(list.length * 0.5)]!,
      p99: list[Math.floor(list.length * 0.99)]!,
      perSecond: rounds / (totals[k]! / 1000),
    };
  });
}

export default async function run(): Promise<void> {
  const random = mulberry32(2026);
  const loaded = loadRuleSet();
  if (!loaded.ok) throw new Error(`rules do not load: ${JSON.stringify(loaded.errors)}`);
  const rules = loaded.ruleSet;
  const lastRelease = loadRuleSet({
    base: JSON.parse(readFileSync(new URL("./post-rules-2026.11.1.json", import.meta.url), "utf8")),
  });
  if (!lastRelease.ok) throw new Error("the 2026.11.1 rules do not load");
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const modelStarted = performance.now();
  const modelResult = loadPostModel();
  const modelMs = performance.now() - modelStarted;
  if (!modelResult.ok) throw new Error(modelResult.error);
  const model = modelResult.model;
  gc?.();
  const after = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const buildStarted = performance.now();
  const roster = buildRosterIndex({ people: makeRoster(random) });
  const buildMs = performance.now() - buildStarted;
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const asOf = new Date("2026-01-15T12:00:00Z");
  const contexts: PostContext[] = ["personal", "professional", "official"];
  let n = 0;
  const check = (text: string) => {
    checkPost({ text, context: contexts[n++ % 3]!, school, roster, rules, asOf, model });
  };
  const checkRulesOnly = (text: string) => {
    checkPost({ text, context: contexts[n++ % 3]!, school, roster, rules, asOf });
  };
  const checkToday = (text: string) => {
    checkPost({ text, context: contexts[n++ % 3]!, school, roster, rules: lastRelease.ruleSet, asOf });
  };

  console.log(
    `post check bench: roster of ${roster.size} people (2,000 pupils), rules ${rules.version}, one core`,
  );
  console.log(`roster index built in ${buildMs.toFixed(1)} ms`);
  console.log(
    `learned tier: ${model.vocab.size.toLocaleString("en-GB")} words x ${model.dims} dims loaded in ${modelMs.toFixed(0)} ms; memory +${mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers)} MB (heap and array buffers${gc ? ", after gc" : ", run with node --expose-gc for a settled figure"}), rss +${mb(after.rss - before.rss)} MB`,
  );
  console.log("size   checker (timed in turn on each post)          p50 ms   p99 ms    posts/s");
  for (const [length, rounds] of [
    [280, 20_000],
    [2000, 4_000],
  ] as const) {
    const posts = makePosts(random, length, 200);
    const named: Array<[string, (text: string) => void]> = [
      [`checkPost ${rules.version} + learned tier`, check],
      [`checkPost ${rules.version} rules only`, checkRulesOnly],
      [`today: checkPost ${lastRelease.ruleSet.version}`, checkToday],
      ["obscenity hasMatch (swear words only)", (text) => void matcher.hasMatch(text)],
      ["obscenity getAllMatches (spans)", (text) => void matcher.getAllMatches(text, true)],
    ];
    const timings = measureInterleaved(
      posts,
      named.map(([, run]) => run),
      rounds,
    );
    const rows: Array<[string, Timing]> = named.map(([name], k) => [name, timings[k]!]);
    for (const [name, timing] of rows) {
      console.log(
        `${String(length).padStart(5)}  ${name.padEnd(44)} ${timing.p50.toFixed(3).padStart(7)}  ${timing.p99.toFixed(3).padStart(7)}  ${Math.round(timing.perSecond).toLocaleString("en-GB").padStart(9)}`,
      );
    }
  }
  console.log("target: checkPost with the learned tier p99 < 2 ms at 280 characters");
}

// Runnable on its own too: `npx tsx bench/post-check.bench.ts`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
