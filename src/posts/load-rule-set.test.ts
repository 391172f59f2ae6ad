import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultRuleFile, loadRuleSet, type RuleSet } from "./load-rule-set";
import { check, clauses } from "./test-support";

function load(extension: Record<string, unknown>): RuleSet {
  const result = loadRuleSet({ extensions: [{ name: "summit-trust", version: "1", ...extension }] });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleSet;
}

function errorsFor(extension: Record<string, unknown>) {
  const result = loadRuleSet({ extensions: [{ name: "summit-trust", version: "1", ...extension }] });
  return result.ok ? [] : result.errors;
}

const rule = (overrides: Record<string, unknown>) => ({
  id: "trust.test",
  family: "offensive",
  clause: "4.4",
  severity: "warning",
  match: ["bananas"],
  explanation: "A test rule.",
  ...overrides,
});

describe("loadRuleSet", () => {
  it("loads the bundled rules and combines versions with each extension", () => {
    const base = loadRuleSet();
    expect(base.ok && base.ruleSet.version).toBe("2026.12.7");
    expect(load({}).version).toBe("2026.12.7+summit-trust.1");
  });

  it("adds words to a list and allows phrases the trust says are fine", () => {
    expect(
      check("What a plonker", "professional", load({ addTerms: { mildProfanity: ["plonker"] } })).verdict,
    ).toBe("review");
    const allowing = load({ allowTerms: ["bloody mary"], addTerms: { strongProfanity: ["gosh"] } });
    expect(check("Bloody Mary brunch", "professional", allowing).findings).toEqual([]);
  });

  it("lets the trust sanction a platform for every school", () => {
    const text = "Just set up a WhatsApp group for my Year 9 class.";
    expect(clauses(check(text, "professional"))).toEqual(["6.1"]);
    expect(check(text, "professional", load({ allowedPlatforms: ["WhatsApp"] })).findings).toEqual([]);
  });

  it("recognises a school's nicknames in criticism", () => {
    const text = "The Mount is a total shambles.";
    expect(check(text).findings).toEqual([]);
    expect(clauses(check(text, "personal", load({ nicknames: { "summit-high": ["The Mount"] } })))).toEqual([
      "4.5",
    ]);
  });

  it("renumbers clauses for a policy with different numbering, adds and disables rules", () => {
    const ruleSet = load({
      clauseMap: { "8.3": "9.2" },
      rules: [rule({})],
      disableRules: ["offensive.mild-language"],
    });
    expect(check("Year 11, add me on Snapchat!", "personal", ruleSet).findings[0]!.clause).toBe("9.2");
    expect(check("bananas", "personal", ruleSet).findings[0]).toMatchObject({
      ruleId: "trust.test",
      severity: "warning",
    });
    expect(check("Bloody hell", "professional", ruleSet).findings).toEqual([]);
  });

  it("reads a handle in a word list as that handle", () => {
    const ruleSet = load({
      lexicons: { staffHandles: ["@MrsSmithMaths"] },
      rules: [rule({ id: "trust.handle", family: "branding", clause: "7.2", match: ["@staffHandles"] })],
    });
    expect(check("Follow @MrsSmithMaths for revision tips", "personal", ruleSet).findings).toContainEqual(
      expect.objectContaining({ ruleId: "trust.handle" }),
    );
  });

  it("accepts a safe token pattern in a trust rule", () => {
    const ruleSet = load({ rules: [rule({ match: [{ tokenRegex: "^ban(an)?a$" }] })] });
    expect(check("a banana", "personal", ruleSet).findings[0]!.excerpt).toBe("banana");
  });

  it.each([
    [
      { rules: [rule({ match: [{ tokenRegex: "(a+)+$" }] })] },
      "extensions[0].rules[0].match[0].tokenRegex",
      /nested quantifiers/,
    ],
    [
      { rules: [rule({ match: [{ tokenRegex: "([a-z" }] })] },
      "extensions[0].rules[0].match[0].tokenRegex",
      /not a valid regular expression/,
    ],
    [{ rules: [rule({ family: "gossip" })] }, "extensions[0].rules[0].family", /Invalid option/],
    [{ rules: [rule({ clause: "eight" })] }, "extensions[0].rules[0].clause", /clause number/],
    [
      { rules: [rule({ match: ["@noSuchList"] })] },
      "extensions[0].rules[0].match[0]",
      /no word list named noSuchList/,
    ],
    [{ rules: [rule({ match: ["$noSuchThing"] })] }, "extensions[0].rules[0].match[0]", /unknown entity/],
    [
      { rules: [rule({ explanation: "Hi {name}" })] },
      "extensions[0].rules[0].explanation",
      /unknown placeholder \{name\}/,
    ],
    [{ rules: [rule({ id: "offensive.slur" })] }, "extensions[0].rules[0].id", /already used/],
    [{ addTerms: { swearing: ["x"] } }, "extensions[0].addTerms.swearing", /no word list named swearing/],
    [{ addTerms: { mildProfanity: ["x*"] } }, "extensions[0].addTerms.mildProfanity[0]", /too short/],
    [{ disableRules: ["no.such-rule"] }, "extensions[0].disableRules[0]", /no rule has the id/],
    [
      { addTerms: { mildProfanity: ["@strongProfanity"] } },
      "extensions[0].addTerms.mildProfanity[0]",
      /cannot name another list/,
    ],
    [
      { lexicons: { trustWords: { terms: ["fine", "@schoolNames"] } } },
      "extensions[0].lexicons.trustWords.terms[1]",
      /cannot name another list/,
    ],
  ])("refuses a bad extension with an error naming where (%#)", (extension, path, message) => {
    const errors = errorsFor(extension);
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("refuses a base file that is not a rule set", () => {
    const result = loadRuleSet({ base: { ...(defaultRuleFile as object), version: undefined } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.path).toBe("base.version");
  });
});

describe("the example extension", () => {
  it("loads and does what it says", async () => {
    const { default: example } = await import("./rules/example-extension.json");
    const result = loadRuleSet({ extensions: [example] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const ruleSet = result.ruleSet;
    expect(ruleSet.version).toBe("2026.12.7+summit-trust.2026.1");
    expect(check("What a plonker", "professional", ruleSet).verdict).toBe("review");
    expect(check("The Summit is a shambles", "personal", ruleSet).verdict).toBe("block");
    expect(check("Please donate to my GoFundMe!", "official", ruleSet).findings[0]).toMatchObject({
      clause: "8.2.1",
      severity: "warning",
    });
  });
});

describe("the last release's rules the bench compares against", () => {
  it("still load, so `npm run bench` keeps its baseline when the loader grows stricter", () => {
    const base = JSON.parse(
      readFileSync(new URL("../../bench/post-rules-2026.11.1.json", import.meta.url), "utf8"),
    );
    const loaded = loadRuleSet({ base });
    expect(loaded.ok ? "loads" : JSON.stringify(loaded.errors)).toBe("loads");
  });
});
