import { describe, expect, it } from "vitest";
import { tokenisePost } from "./tokenise-post";

describe("tokenisePost", () => {
  it("keeps exact offsets into the original text", () => {
    const text = "  Well done, Zoë Müller’s team! 🎉 Next…";
    for (const token of tokenisePost(text)) expect(text.slice(token.start, token.end)).toBe(token.raw);
    expect(tokenisePost(text).map((token) => token.norm)).toEqual([
      "well",
      "done",
      "zoe",
      "muller",
      "team",
      "next",
    ]);
  });

  it("keeps names with hyphens and apostrophes whole but splits year-9 and spaced letters", () => {
    expect(tokenisePost("Anne-Marie O'Brien").map((t) => t.norm)).toEqual(["anne-marie", "o'brien"]);
    expect(tokenisePost("Year-9").map((t) => t.norm)).toEqual(["year", "9"]);
    expect(tokenisePost("f-u-c-k").map((t) => t.norm)).toEqual(["f", "u", "c", "k"]);
  });

  it("keeps masking and look-alike characters inside words, not at their edges", () => {
    const tokens = tokenisePost("f***ing sh!t! $hit");
    expect(tokens.map((t) => t.raw)).toEqual(["f***ing", "sh!t", "$hit"]);
    expect(tokens[0]!.masked).toBe(true);
  });

  it("numbers sentences, not splitting after Mr. or inside 5.6.12", () => {
    const tokens = tokenisePost("Mr. Patel said hi. Then 5.6.12 came!\nNew line");
    const sentenceOf = (raw: string) => tokens.find((t) => t.raw === raw)!.sentence;
    expect(sentenceOf("Patel")).toBe(sentenceOf("Mr"));
    expect(sentenceOf("Then")).toBe(sentenceOf("hi") + 1);
    expect(sentenceOf("12")).toBe(sentenceOf("Then"));
    expect(sentenceOf("New")).toBe(sentenceOf("came") + 1);
  });

  it("treats handles and hashtags as words", () => {
    const tokens = tokenisePost("Follow @SummitHighSch #proud");
    expect(tokens.map((t) => t.norm)).toEqual(["follow", "@summithighsch", "proud"]);
  });

  it("marks capitals and acronyms", () => {
    const [send, slt, tom] = tokenisePost("SEND slt Tom");
    expect(send!.upper).toBe(true);
    expect(slt!.upper).toBe(false);
    expect(tom!.capitalised).toBe(true);
  });
});
