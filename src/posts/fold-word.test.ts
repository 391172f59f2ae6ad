import { describe, expect, it } from "vitest";
import { collapseRepeats, foldWord, isStretched, maskFits, readLeetspeak } from "./fold-word";

describe("foldWord", () => {
  it("folds case, accents and curly apostrophes, and drops a possessive", () => {
    expect(foldWord("Zoë")).toBe("zoe");
    expect(foldWord("MÜLLER")).toBe("muller");
    expect(foldWord("Siobhán")).toBe("siobhan");
    expect(foldWord("Dickson’s")).toBe("dickson");
    expect(foldWord("girls'")).toBe("girls");
    expect(foldWord("O'Brien")).toBe("o'brien");
    expect(foldWord("Straße")).toBe("strasse");
  });
});

describe("disguised words", () => {
  it("reads leetspeak only when a word mixes letters and look-alikes", () => {
    expect(readLeetspeak("sh1t")).toBe("shit");
    expect(readLeetspeak("p4kis")).toBe("pakis");
    expect(readLeetspeak("f@ggot")).toBe("faggot");
    expect(readLeetspeak("2012")).toBeNull();
    expect(readLeetspeak("hello")).toBeNull();
  });

  it("spots stretched words and collapses repeats", () => {
    expect(isStretched("fuuuuck")).toBe(true);
    expect(isStretched("bollocks")).toBe(false);
    expect(collapseRepeats("fuuuuck")).toBe("fuck");
  });

  it("fits masked words to candidates, each star run hiding at least one letter", () => {
    expect(maskFits("f***ing", "fucking")).toBe(true);
    expect(maskFits("f*ck", "fuck")).toBe(true);
    expect(maskFits("bl**dy", "bloody")).toBe(true);
    expect(maskFits("f*ck", "fork")).toBe(false);
    expect(maskFits("s**t", "st")).toBe(false);
    expect(maskFits("a".repeat(50) + "*", "a".repeat(51))).toBe(false);
  });
});
