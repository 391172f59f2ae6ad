import { describe, expect, it } from "vitest";
import { bigramBucket, collectBuckets, unigramBucket } from "./lexical-buckets";
import { tokenisePost } from "./tokenise-post";

const bucketsOf = (text: string, stop = new Set<string>(), size = 4096) => {
  const tokens = tokenisePost(text);
  const out = { buckets: [] as number[], tokens: [] as number[] };
  collectBuckets(tokens, stop, size, out);
  return out.buckets.map((bucket, i): [number, string] => [bucket, tokens[out.tokens[i]!]!.norm]);
};

describe("the learned tier's word buckets", () => {
  it("gives each word and each pair of neighbours a bucket, stop words only inside pairs", () => {
    const seen = bucketsOf("add me tonight", new Set(["me"]));
    expect(seen).toEqual([
      [unigramBucket("add", 4096), "add"],
      [bigramBucket("add", "me", 4096), "add"],
      [unigramBucket("tonight", 4096), "tonight"],
      [bigramBucket("me", "tonight", 4096), "me"],
    ]);
  });

  it("counts a repeated word once, and the pair order matters", () => {
    expect(bucketsOf("clown clown clown").map(([bucket]) => bucket)).toEqual([
      unigramBucket("clown", 4096),
      bigramBucket("clown", "clown", 4096),
    ]);
    expect(bigramBucket("add", "me", 1 << 20)).not.toBe(bigramBucket("me", "add", 1 << 20));
  });

  it("starts afresh for each post and stays inside the table", () => {
    const first = bucketsOf("snap me later");
    expect(bucketsOf("snap me later")).toEqual(first);
    for (const [bucket] of bucketsOf("ünïcødé 🤡 words & more words", new Set(), 7)) {
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(7);
    }
    expect(bucketsOf("anything", new Set(), 0)).toEqual([]);
  });
});
