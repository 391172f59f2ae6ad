import { describe, expect, it } from "vitest";
import { findQuotedSpans } from "./find-quotes";
import { tokenisePost } from "./tokenise-post";

const quoted = (text: string, minWords = 1) => {
  const tokens = tokenisePost(text);
  return findQuotedSpans(text, tokens, minWords).map(([s, e]) =>
    tokens
      .slice(s, e)
      .map((t) => t.raw)
      .join(" "),
  );
};

describe("findQuotedSpans", () => {
  it("finds words between straight and curly quotation marks", () => {
    expect(quoted("she said 'miss that's so cringe' and left")).toEqual(["miss that's so cringe"]);
    expect(quoted('He wrote "not a priority", twice.')).toEqual(["not a priority"]);
    expect(quoted("the \u2018wellbeing\u2019 email and the \u201cconsultation\u201d")).toEqual([
      "wellbeing",
      "consultation",
    ]);
  });

  it("does not read apostrophes inside or after words as quotation marks", () => {
    expect(quoted("don't touch the girls' bags, it's Tom's")).toEqual([]);
    expect(quoted("rock 'n' roll")).toEqual(["n"]);
    expect(quoted("an opening ' with no closing mark")).toEqual([]);
  });

  it("keeps only quotations of at least minWords words", () => {
    expect(quoted("the 'wellbeing' email said 'we care about you'", 2)).toEqual(["we care about you"]);
  });
});
