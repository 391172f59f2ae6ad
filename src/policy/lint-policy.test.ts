import { describe, expect, it } from "vitest";
import { NORTHBRIDGE, parseFixture, parseText, SUMMIT, SUMMIT_CLEAN } from "./fixtures/load-fixture";
import { type Finding, findDocumentReferences, lintPolicy } from "./lint-policy";

const AS_OF = "2026-11-29";
// Every document the Summit policy links to or names in its clauses, as a trust might record them.
const SUMMIT_DOCUMENTS = [
  "DfE statutory guidance",
  "Staff Code of Conduct",
  "Online Safety Policy",
  "Acceptable Use Agreement",
  "Acceptable Use Policy",
  "Disciplinary Procedure",
  "Internet Safety Guidelines",
];

function codes(findings: Finding[]) {
  return findings.map((finding) => [finding.code, finding.line, finding.clauseId ?? null]);
}

describe("lintPolicy on the Summit policy", () => {
  const { policy } = parseFixture(SUMMIT);
  const findings = lintPolicy({ policy, asOf: AS_OF, fileName: SUMMIT });
  const withCode = (code: string) => findings.filter((finding) => finding.code === code);

  it("finds the contents problems: 9 listed twice, 11 entries for 12 sections, titles 10/11, 12 missing", () => {
    expect(codes(withCode("contents-duplicate-number"))).toEqual([["contents-duplicate-number", 26, null]]);
    expect(withCode("contents-duplicate-number")[0]!.message).toMatch(/lists 9 twice.*section 10/);
    expect(codes(withCode("contents-count-mismatch"))).toEqual([["contents-count-mismatch", 15, null]]);
    expect(withCode("contents-count-mismatch")[0]!.message).toMatch(/11 sections but the body has 12/);
    expect(codes(withCode("contents-title-mismatch"))).toEqual([
      ["contents-title-mismatch", 27, null],
      ["contents-title-mismatch", 28, null],
    ]);
    expect(withCode("contents-title-mismatch")[0]!.message).toMatch(
      /"Disciplinary action".*"Monitoring use of social media on school equipment".*section 11/,
    );
    expect(withCode("contents-title-mismatch")[1]!.message).toMatch(/"Concerns".*section 12/);
    expect(codes(withCode("contents-missing-section"))).toEqual([["contents-missing-section", 164, null]]);
  });

  it("finds the unfinished clause 3.3.1 as an error", () => {
    expect(withCode("clause-incomplete")).toEqual([
      {
        code: "clause-incomplete",
        severity: "error",
        file: SUMMIT,
        line: 68,
        clauseId: "3.3.1",
        message: expect.stringMatching(
          /3\.3\.1 stops mid-sentence at "….*that expected"; finish the sentence/,
        ),
      },
    ]);
  });

  it("finds the overdue review and the contradicting dates", () => {
    expect(withCode("review-overdue")).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 11,
        message: expect.stringMatching(/due by March 2023/),
      }),
    ]);
    expect(withCode("dates-contradict")).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 10,
        message: expect.stringMatching(
          /last reviewed July 2019 is earlier than the approval date March 2021/,
        ),
      }),
    ]);
  });

  it("finds the four linked documents the trust has not recorded, and the documents clauses name", () => {
    expect(
      withCode("link-unrecorded").map((finding) => finding.message.match(/links to "([^"]+)"/)![1]),
    ).toEqual([
      "DFE statutory guidance",
      "Staff Code of conduct",
      "Online safety policy",
      "Acceptable use agreement",
    ]);
    expect(withCode("link-unrecorded").every((finding) => finding.line === 12)).toBe(true);
    expect(codes(withCode("reference-unrecorded"))).toEqual([
      ["reference-unrecorded", 57, "3.1.3"],
      ["reference-unrecorded", 57, "3.1.3"],
      ["reference-unrecorded", 148, "8.6.3"],
    ]);
    expect(withCode("reference-unrecorded")[2]!.message).toMatch(
      /clauses 8\.6\.3, 10\.1 refer to the "staff acceptable use policy".*links "Acceptable use agreement"/,
    );
  });

  it("raises nothing else, and its numbering is sound", () => {
    expect(findings).toHaveLength(15);
    expect(findings.filter((finding) => finding.code.startsWith("numbering"))).toEqual([]);
  });

  it("records a document once the trust has it, forgiving case and small differences", () => {
    const recorded = lintPolicy({
      policy,
      asOf: AS_OF,
      fileName: SUMMIT,
      knownDocuments: [
        "dfe statutory guidance",
        "Code of Conduct",
        "Online safety policy (2024)",
        "Acceptable use agreement",
      ],
    });
    expect(recorded.filter((finding) => finding.code === "link-unrecorded")).toEqual([]);
  });
});

describe("lintPolicy on clean and varied policies", () => {
  it("raises nothing on the corrected Summit policy", () => {
    const { policy } = parseFixture(SUMMIT_CLEAN);
    expect(
      lintPolicy({ policy, asOf: AS_OF, knownDocuments: SUMMIT_DOCUMENTS, fileName: SUMMIT_CLEAN }),
    ).toEqual([]);
  });

  it("finds only the gap the Northbridge variant left when it removed a clause", () => {
    const { policy } = parseFixture(NORTHBRIDGE);
    const findings = lintPolicy({
      policy,
      asOf: AS_OF,
      knownDocuments: SUMMIT_DOCUMENTS,
      fileName: NORTHBRIDGE,
    });
    expect(codes(findings)).toEqual([["numbering-gap", 94, "5.6"]]);
    expect(findings[0]!.message).toMatch(/jumps to 5\.6: 5\.5 is missing/);
  });

  it("finds repeats, order problems, missing parents and date contradictions", () => {
    const { policy } = parseText(
      [
        "Social Media Policy",
        "Approved by: Board  Date: June 2024",
        "Last reviewed on: June 2024",
        "Next review due by: May 2024",
        "",
        "1 Rules",
        "1.1 Staff must be kind.",
        "1.1 Staff must be polite.",
        "1.3 Staff should be prompt.",
        "1.2 Staff can post at break.",
        "1.4.1 Staff must log posts.",
        "1.5 Staff must not post about pupils:",
        "3 Other",
        "3.1 Staff should read the guidance; and",
      ].join("\n"),
      "rules.txt",
    );
    const findings = lintPolicy({ policy, asOf: "2024-07-01", fileName: "rules.txt" });
    expect(codes(findings)).toEqual([
      ["review-overdue", 4, null],
      ["dates-contradict", 4, null],
      ["dates-contradict", 4, null],
      ["numbering-repeat", 8, "1.1#2"],
      ["numbering-gap", 9, "1.3"],
      ["numbering-order", 10, "1.2"],
      ["numbering-gap", 11, "1.4.1"],
      ["numbering-gap", 12, "1.5"],
      ["clause-incomplete", 12, "1.5"],
      ["numbering-gap", 13, null],
      ["clause-incomplete", 14, "3.1"],
    ]);
    expect(findings.find((finding) => finding.code === "numbering-repeat")!.severity).toBe("error");
    expect(findings.filter((finding) => finding.code === "clause-incomplete").map((f) => f.severity)).toEqual(
      ["warning", "warning"],
    );
  });

  it("asks for missing front matter and flags unreadable and future dates", () => {
    const { policy } = parseText(
      "Social Media Policy\nLast reviewed: next spring\nDate: 2030-01-01\n\n1 Rules\n1.1 Staff must be kind.\n",
      "bare.txt",
    );
    const findings = lintPolicy({ policy, asOf: new Date("2026-11-29T12:00:00Z"), fileName: "bare.txt" });
    expect(codes(findings)).toEqual([
      ["front-matter-missing", 1, null],
      ["front-matter-missing", 1, null],
      ["date-unreadable", 2, null],
      ["date-in-future", 3, null],
    ]);
    expect(findings[0]!.message).toMatch(/no approver/);
    expect(findings[1]!.message).toMatch(/no next review date/);
  });

  it("rejects an invalid as-of date as a programming error", () => {
    const { policy } = parseFixture(SUMMIT_CLEAN);
    expect(() => lintPolicy({ policy, asOf: "29/11/2026", fileName: "x" })).toThrow(/yyyy-mm-dd/);
  });
});

describe("findDocumentReferences", () => {
  it("finds the documents Summit's clauses name, merged across clauses", () => {
    const { policy } = parseFixture(SUMMIT);
    expect(findDocumentReferences(policy).map((reference) => [reference.name, reference.clauseIds])).toEqual([
      ["disciplinary procedure", ["3.1.3"]],
      ["code of conduct", ["3.1.3"]],
      ["internet safety guidelines", ["3.1.3"]],
      ["staff acceptable use policy", ["8.6.3", "10.1"]],
    ]);
  });
});

describe("lintPolicy on text exported from a PDF", () => {
  it("does not call a clause unfinished because a page footer followed it", () => {
    const footer = "Brookfield Federation Online Conduct Policy       Page 1 of 2";
    const { policy } = parseText(
      [
        "Brookfield Federation",
        "Online Conduct Policy",
        "1 Conduct",
        "1.1 Staff must not post photographs of pupils on personal",
        "",
        footer,
        "\faccounts.",
        "1.2 Staff should report fake accounts that use the school's name.",
        "",
        footer.replace("Page 1", "Page 2"),
      ].join("\n"),
      "brookfield.txt",
    );
    const findings = lintPolicy({ policy, asOf: AS_OF, fileName: "brookfield.txt" });
    expect(findings.filter((finding) => finding.code === "clause-incomplete")).toEqual([]);
    expect(policy.clauses[0]!.text).toBe("Staff must not post photographs of pupils on personal accounts.");
  });
});
