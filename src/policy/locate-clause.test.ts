import { describe, expect, it } from "vitest";
import { NORTHBRIDGE, parseFixture, parseText, SUMMIT } from "./fixtures/load-fixture";
import { clauseAnchor, locateClause, locateClauses } from "./locate-clause";

const summit = parseFixture(SUMMIT).policy;
const northbridge = parseFixture(NORTHBRIDGE).policy;
const clause = (id: string) => summit.clauses.find((candidate) => candidate.id === id)!;

describe("clauseAnchor", () => {
  it("fingerprints the wording, not its spacing, case or punctuation, and keeps content words", () => {
    const anchor = clauseAnchor(clause("5.1"));
    expect(anchor.clauseId).toBe("5.1");
    expect(anchor.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(anchor.keywords).toEqual(
      expect.arrayContaining(["staff", "explicit", "permission", "social", "media", "leader"]),
    );
    expect(anchor.keywords).not.toContain("the");
    const respaced = { ...clause("5.1"), text: `  ${clause("5.1").text.toUpperCase().replace(/ /g, "  ")}` };
    expect(clauseAnchor(respaced).fingerprint).toBe(anchor.fingerprint);
  });
});

describe("locateClause", () => {
  it("finds the 5.1 permission clause renumbered as 6.1, by its wording", () => {
    expect(locateClause({ anchor: clauseAnchor(clause("5.1")), policy: northbridge })).toEqual({
      clauseId: "6.1",
      confidence: 1,
      by: "content",
    });
  });

  it("finds the 8.3 ex-pupil clause renumbered and reworded as 9.3, not its neighbour 9.4", () => {
    const located = locateClause({ anchor: clauseAnchor(clause("8.3")), policy: northbridge });
    expect(located).toMatchObject({ clauseId: "9.3", by: "content" });
    expect(located!.confidence).toBeGreaterThan(0.45);
    expect(located!.confidence).toBeLessThan(1);
  });

  it("finds the heading-only 3.1 Principals as 4.1", () => {
    expect(locateClause({ anchor: clauseAnchor(clause("3.1")), policy: northbridge })).toMatchObject({
      clauseId: "4.1",
      confidence: 1,
    });
  });

  it("falls back to the number, with low confidence, when the wording has gone", () => {
    const rewritten = parseText(
      "Policy\n5 Official accounts\n5.1 Only the communications team may post on school accounts.\n",
      "rewritten.txt",
    ).policy;
    const located = locateClause({ anchor: clauseAnchor(clause("5.1")), policy: rewritten });
    expect(located).toMatchObject({ clauseId: "5.1", by: "number" });
    expect(located!.confidence).toBeLessThan(0.45);
  });

  it("returns null when neither the wording nor the number is there", () => {
    const other = parseText("Policy\n1 Scope\n1.1 Visitors must sign in at reception.\n", "other.txt").policy;
    expect(locateClause({ anchor: clauseAnchor(clause("8.3")), policy: other })).toBeNull();
  });
});

describe("locateClauses", () => {
  it("moves every Summit clause to its Northbridge place, and loses only the removed 4.5", () => {
    const anchors = summit.clauses.map(clauseAnchor);
    const located = locateClauses({ anchors, policy: northbridge });
    const moves = new Map(
      anchors.map((anchor, index) => [anchor.clauseId, located[index]?.clauseId ?? null]),
    );
    expect(moves.get("4.5")).toBeNull();
    expect(moves.get("4.6")).toBe("5.6");
    expect(moves.get("8.3")).toBe("9.3");
    expect(moves.get("12.2")).toBe("13.2");
    const lost = [...moves].filter(([, to]) => to === null).map(([from]) => from);
    expect(lost).toEqual(["4.5"]);
    // one clause per anchor
    const targets = [...moves.values()].filter((to) => to !== null);
    expect(new Set(targets).size).toBe(targets.length);
  });
});
