import { describe, expect, it } from "vitest";
import { foldOf, pickThreshold } from "./learned-thresholds";

const post = (score: number, kind: "positive" | "harmless" | "other") => ({
  score,
  positive: kind === "positive",
  harmless: kind === "harmless",
});

describe("the learned tier's thresholds", () => {
  it("stops before the first harmless post over the budget", () => {
    const scored = [
      post(0.99, "positive"),
      post(0.97, "positive"),
      post(0.95, "harmless"),
      post(0.9, "positive"),
      post(0.8, "positive"),
    ];
    expect(pickThreshold(scored, 0, 10)).toBe(0.97);
    // One harmless alarm allowed: the two positives below it come in.
    expect(pickThreshold(scored, 1, 10)).toBe(0.8);
  });

  it("counts posts of other families against their own budget", () => {
    const scored = [post(0.99, "positive"), post(0.98, "other"), post(0.96, "positive")];
    expect(pickThreshold(scored, 5, 0)).toBe(0.99);
    expect(pickThreshold(scored, 5, 1)).toBe(0.96);
  });

  it("never goes under 0.5, and stays silent (1) when no positive fits", () => {
    expect(pickThreshold([post(0.7, "positive"), post(0.4, "positive")], 5, 5)).toBe(0.7);
    expect(pickThreshold([post(0.99, "harmless"), post(0.9, "positive")], 0, 5)).toBe(1);
  });

  it("keeps a harmless post tied with a positive out", () => {
    const threshold = pickThreshold([post(0.9, "positive"), post(0.9, "harmless")], 0, 5);
    expect(threshold).toBeGreaterThan(0.9);
  });

  it("puts each theme in the same one of five folds on every run, and uses all five", () => {
    const themes = Array.from({ length: 200 }, (_, i) => `v6/dev-c.jsonl:theme-${i}`);
    const folds = themes.map(foldOf);
    expect(themes.map(foldOf)).toEqual(folds);
    expect(new Set(folds)).toEqual(new Set([0, 1, 2, 3, 4]));
    for (let f = 0; f < 5; f++) expect(folds.filter((x) => x === f).length).toBeGreaterThan(20);
  });
});
