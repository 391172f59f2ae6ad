import { describe, expect, it } from "vitest";
import { addEmojiTokens } from "./read-emoji";
import { check } from "./test-support";
import { tokenisePost } from "./tokenise-post";

describe("addEmojiTokens", () => {
  it("names the emoji people use as words, in text order and in the sentence before them", () => {
    // 🌈 has no name: only the emoji the rules or the learned tier read become words.
    const text = "Our SLT 🤡🤡. Lovely day 🌈🎉";
    const tokens = addEmojiTokens(text, tokenisePost(text));
    expect(tokens.map((t) => t.norm)).toEqual([
      "our",
      "slt",
      "emoji-clown",
      "emoji-clown",
      "lovely",
      "day",
      "emoji-party",
    ]);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.raw);
    expect(tokens[2]!.sentence).toBe(tokens[1]!.sentence);
    expect(tokens[4]!.sentence).toBe(tokens[1]!.sentence + 1);
  });

  it("lets a rule read an emoji insult aimed at the school's leaders", () => {
    expect(check("The head's vision for next year 🤡", "personal").findings[0]).toMatchObject({
      clause: "4.5",
      family: "criticism",
    });
    expect(check("Me trying to use the new photocopier 🤡", "personal").findings).toEqual([]);
  });

  it("tells spiral eyes (overwhelmed) from the dizzy face it is joined from", () => {
    const text = "Year 9 since 7am 😵‍💫 and after the staff do 😵";
    expect(addEmojiTokens(text, tokenisePost(text)).map((t) => t.norm)).toContain("emoji-spiral-eyes");
    expect(addEmojiTokens(text, tokenisePost(text)).filter((t) => t.norm === "emoji-dizzy")).toHaveLength(1);
  });

  it("reads at most 200 emoji, whatever the length of the post", () => {
    const text = "🤡".repeat(10_000);
    expect(addEmojiTokens(text, tokenisePost(text))).toHaveLength(200);
  });
});
