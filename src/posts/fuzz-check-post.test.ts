// 10,000 random and hostile posts through checkPost with the learned tier on: none may throw and
// every span must point at its excerpt. Speed is asserted as growth, not against a clock: checking
// twice the text of each hostile pattern must take under three times as long (catastrophic regex
// backtracking or a quadratic loop would not). Absolute speed is in `npm run bench`. Seeded, so a
// failure reproduces: the failing case's index and seed are in the message.
import { describe, expect, it } from "vitest";
import { checkPost } from "./check-post";
import { loadPostModel } from "./load-post-model";
import { segmentText } from "./segment-text";
import { asOf, roster, rules, summitHigh } from "./test-support";
import type { PostContext } from "./types";

const seed = 20261101;

function mulberry32(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = [
  "a",
  "e",
  "Z",
  "ß",
  "é",
  "\u0301",
  "\u0336",
  "\u200d",
  "\u202e",
  "\u200f",
  "ש",
  "ع",
  "中",
  "😀",
  "👩‍👩‍👧",
  "🏳️‍🌈",
  "\ud800",
  "\udc00",
  "\u0000",
  "\u0007",
  "\u001b",
  "\t",
  "\n",
  "\r\n",
  " ",
  "  ",
  ".",
  "!",
  "?",
  ",",
  ":",
  "'",
  "’",
  "-",
  "*",
  "@",
  "#",
  "$",
  "_",
  "|",
  "(",
  ")",
  "[",
  "]",
  "\\",
  "/",
  "+",
  "0",
  "1",
  "4",
  "7",
  "07700 900123",
  "office@x.sch.uk",
  "https://example.com/a?b=c",
  "fuck",
  "f***",
  "sh1t",
  "f u c k",
  "Tom",
  "Dickson",
  "Tom Dickson",
  "dickson, tom",
  "Year 9",
  "9C",
  "add me",
  "on Snapchat",
  "WhatsApp group",
  "Summit High",
  "@SummitHighSch",
  "is a joke",
  "Mr Patel",
  "born on",
  "14 March 2012",
  "lives on",
  "Mill Lane",
  "don't",
  "in confidence",
  "Scunthorpe",
  "Essex",
  "Anne Frank",
  "fuuuuuuck",
];

const hostile: string[] = [
  "",
  " ",
  "((((((((a",
  "a".repeat(100_000),
  `${"a".repeat(50_000)}!`,
  "aaaa".repeat(25_000) + "!",
  "(a+)+$".repeat(10_000),
  "\u0301".repeat(100_000),
  "😀".repeat(50_000),
  "\ud800".repeat(100_000),
  "f u c k ".repeat(12_500),
  "f*** ".repeat(20_000),
  "a a a a a a a a a a ".repeat(5_000),
  "Tom Dickson ".repeat(8_000),
  "dickson, tom, ".repeat(7_000),
  "Year 11, add me on Snapchat! ".repeat(3_500),
  "don't add me Year 9 ".repeat(5_000),
  "@".repeat(100_000),
  "a@b.c ".repeat(16_000),
  "a@".repeat(50_000),
  "07700 900123 ".repeat(7_000),
  "1 ".repeat(50_000),
  "Mr ".repeat(33_000),
  ".".repeat(100_000),
  "\n".repeat(100_000),
  "www.".repeat(25_000),
  "https://".repeat(12_000),
  "Summit High is a joke. ".repeat(4_000),
  "14 March 2012 born on ".repeat(4_500),
  "Mill Lane lives on ".repeat(5_000),
  "sh1t fuuuuuck p4ki ".repeat(5_000),
  "ب".repeat(100_000),
  "\u0000\u0001\u0002\u001f\u007f".repeat(20_000),
  "SLT 🤡🤡 ".repeat(12_000),
  "🤡".repeat(50_000),
  "Year 10 girls 👀 fit ".repeat(5_000),
  "I'll find you, Year 9. ".repeat(4_000),
];

const loadedModel = loadPostModel();
if (!loadedModel.ok) throw new Error(loadedModel.error);
const model = loadedModel.model;

const contexts: PostContext[] = ["personal", "professional", "official"];

// Hostile posts are spread through the run (every 250th case from case 250), not bunched at the start.
function randomPost(random: () => number, i: number): string {
  if (i >= 250 && i % 250 === 0 && i / 250 - 1 < hostile.length) return hostile[i / 250 - 1]!;
  const length = random() < 0.01 ? 2_000 + Math.floor(random() * 20_000) : Math.floor(random() * 400);
  let text = "";
  while (text.length < length) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

function check(text: string, context: PostContext) {
  return checkPost({ text, context, school: summitHigh, roster, rules, asOf, model });
}

/** CPU time of the fastest of seven runs: other processes and a stray garbage collection do not count. */
function cpuTime(text: string, context: PostContext): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 7; run++) {
    const started = process.cpuUsage();
    check(text, context);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

// Generous time limits: these tests assert correctness and growth, not speed, and the shared
// machine can be many times slower than usual.
const patience = 300_000;

describe("checkPost under fuzzing", () => {
  it(
    "never throws and keeps spans exact for 10,000 random and hostile posts, learned tier on",
    () => {
      const random = mulberry32(seed);
      const broken: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const text = randomPost(random, i);
        const context = contexts[i % 3]!;
        let result: ReturnType<typeof checkPost>;
        try {
          result = check(text, context);
        } catch (error) {
          broken.push(`case ${i} (seed ${seed}) threw ${(error as Error).message}`);
          continue;
        }
        for (const finding of result.findings) {
          if (text.slice(finding.start, finding.end) !== finding.excerpt)
            broken.push(`case ${i}: span ${finding.start}-${finding.end} is not its excerpt`);
        }
        if (
          i % 50 === 0 &&
          segmentText({ text, findings: result.findings })
            .map((s) => s.text)
            .join("") !== text
        ) {
          broken.push(`case ${i}: segments do not rebuild the text`);
        }
      }
      expect(broken).toEqual([]);
    },
    patience,
  );

  it(
    "takes under three times as long for twice the text, for every hostile pattern",
    () => {
      const n = 20_000;
      const slow: string[] = [];
      // Warm the JIT first, so the first pattern is not measured cold.
      for (const text of hostile.slice(0, 5)) check(text.slice(0, n), "personal");
      hostile.forEach((pattern, k) => {
        const context = contexts[k % 3]!;
        // A pattern that really grows faster than the text is slow on every try; noise is not.
        let ratio = "";
        for (let attempt = 0; attempt < 3; attempt++) {
          const atN = cpuTime(pattern.slice(0, n), context);
          const at2n = cpuTime(pattern.slice(0, 2 * n), context);
          // Below a tenth of a millisecond the timer's own grain dominates; compare against that floor.
          if (at2n < 3 * Math.max(atN, 0.1)) return;
          ratio = `${atN.toFixed(2)} ms at ${n}, ${at2n.toFixed(2)} ms at ${2 * n}`;
        }
        slow.push(`pattern ${k} (${JSON.stringify(pattern.slice(0, 20))}): ${ratio}`);
      });
      expect(slow).toEqual([]);
    },
    patience,
  );
});
