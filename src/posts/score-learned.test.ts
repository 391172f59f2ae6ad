import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPost } from "./check-post";
import { bigramBucket } from "./lexical-buckets";
import { loadPostModel, parseWeights } from "./load-post-model";
import type { PostModel } from "./score-learned";
import { asOf, roster, rules, summitHigh } from "./test-support";

// A two-dimensional model small enough to reason about: "paella" and "siesta" point one way,
// "library" the other, and the official-personal head likes the first direction.
function tinyModel(threshold = 0.6): PostModel {
  const words = ["paella", "siesta", "library", "open"];
  const rows = [
    [127, 0],
    [100, 20],
    [-127, 0],
    [0, 127],
  ];
  return {
    version: "tiny",
    dims: 2,
    vocab: new Map(words.map((word, i) => [word, i])),
    scales: Float32Array.from(words.map(() => 1 / 127)),
    values: Int8Array.from(rows.flat()),
    frames: ["@schoolNames"],
    stopWords: new Set(["the"]),
    buckets: 0,
    heads: [
      {
        family: "official-personal",
        contexts: ["official"],
        weights: Float64Array.from([6, 0, 0, 0, 0, 0]),
        lexical: new Float64Array(0),
        bias: -1,
        threshold,
      },
    ],
  };
}

const check = (text: string, model: PostModel, context: "official" | "personal" = "official") =>
  checkPost({ text, context, school: summitHigh, roster, rules, asOf, model });

describe("the learned second opinion", () => {
  it("adds a review finding where no rule matched, naming the words that weighed most", () => {
    const result = check("Paella and a siesta tonight. The library opens Monday.", tinyModel());
    expect(result.verdict).toBe("review");
    const finding = result.findings.find((f) => f.ruleId === "learned.official-personal")!;
    expect(finding).toMatchObject({
      clause: "8.2.1",
      severity: "warning",
      excerpt: "Paella and a siesta tonight",
    });
    expect(finding.explanation).toContain('"Paella", "siesta"');
    expect(finding.explanation).not.toContain("library");
  });

  it("stays silent under its threshold, outside its contexts, and where a rule already spoke", () => {
    expect(check("The library is open.", tinyModel()).findings).toEqual([]);
    expect(check("Paella and a siesta tonight.", tinyModel(0.999)).findings).toEqual([]);
    expect(check("Paella and a siesta tonight.", tinyModel(), "personal").findings).toEqual([]);
    // The holiday rule finds this one; the learned head must not add a second finding for it.
    const ruled = check("Paella and a siesta tonight, off to Ibiza!", tinyModel());
    expect(ruled.findings.map((f) => f.ruleId)).toEqual(["official-personal.holiday"]);
  });

  it("reads the words themselves through their buckets, and names them", () => {
    const model = tinyModel();
    const buckets = 64;
    const lexical = new Float64Array(buckets);
    lexical[bigramBucket("my", "wardrobe", buckets)] = 8;
    model.buckets = buckets;
    model.heads = [{ ...model.heads[0]!, weights: new Float64Array(6), lexical }];
    const result = check("Sorting out my wardrobe. The library opens Monday.", model);
    const finding = result.findings.find((f) => f.ruleId === "learned.official-personal")!;
    expect(finding.excerpt).toBe("Sorting out my wardrobe");
    expect(finding.explanation).toContain('"my"');
    // The same words in another order are another pair: silent.
    expect(check("The wardrobe library is my favourite.", model).findings).toEqual([]);
  });

  it("never throws, even with a model that does not fit its input", () => {
    const broken = tinyModel();
    broken.heads = [{ ...broken.heads[0]!, weights: Float64Array.from([Number.NaN]) }];
    const wrongValues = { ...tinyModel(), values: new Int8Array(0) };
    for (const model of [broken, wrongValues]) {
      for (const text of ["", "🤡".repeat(500), "paella ".repeat(5000), "\u0000\ud800", "siesta"]) {
        expect(() => check(text, model)).not.toThrow();
      }
    }
  });

  it("loads the bundled vectors and weights and reads a real post", () => {
    const loaded = loadPostModel();
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.model.vocab.size).toBeGreaterThan(20_000);
    expect(loaded.model.heads.length).toBeGreaterThan(5);
    const result = checkPost({
      text: "Well done to Year 9 for a brilliant concert tonight!",
      context: "official",
      school: summitHigh,
      roster,
      rules,
      asOf,
      model: loaded.model,
    });
    expect(result.verdict).toBe("clear");
  });

  it("names the file and the field when the weights are wrong", () => {
    expect(() => parseWeights("{", "w.json")).toThrow(/w\.json: not JSON/);
    const good = { version: "x", dims: 2, frames: [], stopWords: [], heads: [] };
    expect(() => parseWeights(JSON.stringify({ ...good, dims: "two" }), "w.json")).toThrow(/w\.json: dims/);
    const head = { family: "branding", contexts: ["personal"], bias: 0, threshold: 0.5, weights: [1, 2] };
    expect(() => parseWeights(JSON.stringify({ ...good, heads: [head] }), "w.json")).toThrow(
      /heads\.0\.weights: 2 weights, expected 5/,
    );
    const worded = { ...head, weights: [1, 2, 3, 4, 5], lexical: [1, 2, 3] };
    expect(() => parseWeights(JSON.stringify({ ...good, buckets: 4, heads: [worded] }), "w.json")).toThrow(
      /heads\.0\.lexical: 3 weights, expected 4 \(buckets\)/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "post-model-"));
    const vectorsPath = path.join(dir, "v.bin");
    writeFileSync(vectorsPath, "not a table");
    const result = loadPostModel({ vectorsPath });
    expect(result).toEqual({
      ok: false,
      error: `${vectorsPath}: not a vector table (it should start with CPV1)`,
    });
  });
});
