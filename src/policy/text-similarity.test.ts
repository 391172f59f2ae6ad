import { describe, expect, it } from "vitest";
import { documentNamesMatch, textSimilarity, wordDiff } from "./text-similarity";

describe("documentNamesMatch", () => {
  it.each([
    ["Staff Code of conduct", "Code of Conduct", true],
    ["DFE statutory guidance", "DfE Statutory Guidance", true],
    ["Acceptible use policy", "Acceptable Use Policy", true],
    ["the school's online safety policy", "Online Safety Policy", true],
    ["Acceptable use agreement", "Acceptable use policy", false],
    ["Online safety policy", "Data protection policy", false],
    ["Policy", "Online safety policy", false],
  ])("%s ~ %s: %s", (a, b, same) => {
    expect(documentNamesMatch(a, b)).toBe(same);
  });
});

describe("textSimilarity and wordDiff", () => {
  it("scores shared words, ignoring case and punctuation", () => {
    expect(textSimilarity("Staff must not post.", "staff MUST not post")).toBe(1);
    expect(textSimilarity("Staff must not post.", "Pupils can draw.")).toBe(0);
    expect(textSimilarity("one two three four", "one two three five")).toBe(0.75);
  });

  it("marks words added and removed", () => {
    expect(wordDiff("Staff must report concerns.", "Staff should report all concerns.")).toEqual([
      { op: "same", text: "Staff" },
      { op: "removed", text: "must" },
      { op: "added", text: "should" },
      { op: "same", text: "report" },
      { op: "added", text: "all" },
      { op: "same", text: "concerns." },
    ]);
  });
});
