import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../policy/parse-policy";
import { judgeDeclaration, templateDeclarationClauses } from "./judge-declaration";
import { clauseHref, resolveDeclarationClauses } from "./resolve-declaration-clauses";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../policy/fixtures");

function policy(fileName: string) {
  const parsed = parsePolicy({ text: readFileSync(path.join(fixtures, fileName), "utf8"), fileName });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.policy;
}

describe("resolveDeclarationClauses", () => {
  it("finds section 8's rules in the Summit policy at their template numbers", () => {
    expect(resolveDeclarationClauses(policy("summit-social-media-policy.txt")).clauses).toEqual(
      templateDeclarationClauses,
    );
  });

  it("follows a variant that renumbers and rewords them", () => {
    const { clauses, clauseIds } = resolveDeclarationClauses(policy("northbridge-social-media-policy.md"));
    expect(clauses).toEqual({
      pupils: "9.3",
      otherRelationshipsWithPupils: "9.3.1",
      rejectedApproaches: "9.3.2",
      parents: "9.4",
      complexRelationships: "9.4.1",
      moderateBehaviour: "9.5",
      declareRelationships: "5.2.1",
      childAtRisk: "5.1.2",
    });
    const verdict = judgeDeclaration({
      contact: { kind: "parent", otherRelationships: [] },
      asOf: new Date("2026-05-20T10:00:00Z"),
      clauses,
    });
    expect(verdict.ok && verdict.clause).toBe("9.4");
    expect(clauseHref("9.4", clauseIds)).toBe("/policy/clause/9.4");
  });

  it("keeps the template's numbers when there is no current policy", () => {
    expect(resolveDeclarationClauses(null)).toEqual({ clauses: templateDeclarationClauses, clauseIds: {} });
    expect(clauseHref("8.3")).toBe("/policy/clause/8.3");
  });
});
