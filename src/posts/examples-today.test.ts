// The tally of today's check against the givers' own answers, and what counts as agreeing.
import { describe, expect, it } from "vitest";
import { agreesWithGiver, clausesCited, tallyExamples } from "./examples-today";

describe("agreeing with the person who gave an example", () => {
  it("needs one of their clauses for a problem, and nothing at all for a harmless post", () => {
    expect(agreesWithGiver(["4.5"], ["4.5", "7.3"])).toBe(true);
    expect(agreesWithGiver(["4.5"], ["8.3"])).toBe(false);
    expect(agreesWithGiver(["4.5"], [])).toBe(false);
    expect(agreesWithGiver([], [])).toBe(true);
    expect(agreesWithGiver([], ["4.1"])).toBe(false);
  });
});

describe("the tally", () => {
  it("counts problems flagged and rightly cited, harmless posts passed, and answers that moved", () => {
    const tally = tallyExamples([
      { clauses: ["4.5"], checkerClauses: [], todayClauses: ["4.5"] }, // fixed since
      { clauses: ["8.3"], checkerClauses: ["8.3"], todayClauses: ["4.1"] }, // flagged, wrong clause
      { clauses: ["4.4"], checkerClauses: [], todayClauses: [] }, // still missed
      { clauses: [], checkerClauses: [], todayClauses: ["7.2"] }, // broken since
      { clauses: [], checkerClauses: ["4.5"], todayClauses: [] }, // fixed since
    ]);
    expect(tally).toEqual({
      total: 5,
      problems: 3,
      problemsFlagged: 2,
      problemsRightClause: 1,
      harmless: 2,
      harmlessPassed: 1,
      nowAgree: 2,
      nowDisagree: 2,
    });
  });

  it("is all zeros for no examples", () => {
    expect(Object.values(tallyExamples([]))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("the clauses a result cites", () => {
  it("lists main and also-clauses once each", () => {
    const finding = (clause: string, alsoClauses?: string[]) => ({ clause, alsoClauses }) as never;
    expect(clausesCited({ findings: [finding("4.5", ["7.3"]), finding("7.3"), finding("4.1")] })).toEqual([
      "4.5",
      "7.3",
      "4.1",
    ]);
  });
});
