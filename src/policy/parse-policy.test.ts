import { describe, expect, it } from "vitest";
import {
  NORTHBRIDGE,
  parseFixture,
  parseText,
  SUMMIT,
  fixtureText,
  unaccountedLines,
} from "./fixtures/load-fixture";
import { parsePolicy } from "./parse-policy";
import type { ParsedPolicy } from "./parsed-policy";
import { parsePolicyDate } from "./parse-policy-date";

// id | parent | actor | actor source | modality, for every Summit clause in document order.
const SUMMIT_CLAUSES = `
1.1    | -     | The school                   | sentence | none
1.2    | -     | -                            | -        | none
1.3    | -     | The school                   | sentence | none
3.1    | -     | Principals                   | heading  | none
3.1.1  | 3.1   | Principals                   | heading  | should
3.1.2  | 3.1   | Principals                   | heading  | should
3.1.3  | 3.1   | Principals                   | heading  | must
3.1.4  | 3.1   | Principals                   | heading  | should
3.2    | -     | School staff                 | heading  | none
3.2.1  | 3.2   | School staff                 | heading  | should
3.2.2  | 3.2   | School staff                 | heading  | should
3.2.3  | 3.2   | School staff                 | heading  | must
3.3    | -     | Trustees and Local Governors | heading  | none
3.3.1  | 3.3   | Trustees and Local Governors | heading  | should
4.1    | -     | Staff                        | sentence | must not
4.1.1  | 4.1   | Staff                        | sentence | must
4.1.2  | 4.1   | Staff                        | sentence | must
4.2    | -     | Staff                        | sentence | must not
4.2.1  | 4.2   | Staff                        | parent   | must
4.3    | -     | Staff                        | sentence | must
4.4    | -     | Staff                        | sentence | must not
4.5    | -     | Staff                        | sentence | must not
4.6    | -     | Staff                        | sentence | must not
4.7    | -     | Staff                        | sentence | must not
4.7.1  | 4.7   | School staff                 | sentence | must
4.7.2  | 4.7   | Staff                        | sentence | must not
4.8    | -     | Staff                        | sentence | none
4.8.1  | 4.8   | Staff                        | sentence | none
4.8.2  | 4.8   | Staff                        | sentence | must
4.8.3  | 4.8   | Staff                        | sentence | none
4.9    | -     | Staff                        | sentence | none
4.10   | -     | Staff                        | sentence | must
5.1    | -     | Staff                        | sentence | must
5.2    | -     | Staff                        | sentence | must
5.3    | -     | Staff                        | sentence | must
5.4    | -     | Staff                        | sentence | must not
6.1    | -     | Staff                        | sentence | must
7.1    | -     | Staff                        | sentence | must
7.2    | -     | Staff                        | sentence | can
7.3    | -     | Staff                        | sentence | must
7.4    | -     | Staff                        | sentence | must
8.1    | -     | Staff                        | section  | must not
8.2    | -     | Staff                        | sentence | must
8.2.1  | 8.2   | Staff                        | sentence | must not
8.2.2  | 8.2   | Staff                        | sentence | must
8.3    | -     | Staff                        | sentence | must not
8.3.1  | 8.3   | School staff                 | sentence | can
8.3.2  | 8.3   | Staff                        | sentence | must
8.4    | -     | Staff                        | sentence | must not
8.4.1  | 8.4   | Staff at schools             | sentence | can
8.5    | -     | Staff                        | sentence | must
8.6    | -     | Staff                        | section  | none
8.6.1  | 8.6   | School staff                 | sentence | can
8.6.2  | 8.6   | Staff                        | sentence | can only
8.6.3  | 8.6   | Staff                        | sentence | can
9.1    | -     | Staff                        | sentence | must not
10.1   | -     | The school                   | sentence | can
11.1   | -     | Staff                        | sentence | must
11.2   | -     | -                            | -        | none
12.1   | -     | Staff                        | sentence | should
12.2   | -     | A member of staff            | sentence | should
`;

function table(text: string) {
  return text
    .trim()
    .split("\n")
    .map((row) => row.split("|").map((cell) => cell.trim()))
    .map(([id, parent, actor, source, modality]) => ({
      id,
      parentId: parent === "-" ? null : parent,
      actor: actor === "-" ? null : actor,
      actorSource: source === "-" ? null : source,
      modality,
    }));
}

describe("parsePolicy on the Summit policy", () => {
  const text = fixtureText(SUMMIT);
  const { policy, warnings } = parseFixture(SUMMIT);

  it("finds exactly the 61 clauses with their parents, actors and modalities", () => {
    expect(policy.clauses).toHaveLength(61);
    expect(
      policy.clauses.map(({ id, parentId, actor, actorSource, modality }) => ({
        id,
        parentId,
        actor,
        actorSource,
        modality,
      })),
    ).toEqual(table(SUMMIT_CLAUSES));
  });

  it("reads the front matter", () => {
    expect(policy.organisation).toBe("Summit Learning Trust");
    expect(policy.title).toBe("Social Media Policy");
    const { metadata } = policy;
    expect(metadata.approvedBy).toBe("People & Resources");
    expect(metadata.approvalDate).toEqual({ raw: "March 2021", iso: "2021-03", line: 9 });
    expect(metadata.lastReviewed).toEqual({ raw: "July 2019", iso: "2019-07", line: 10 });
    expect(metadata.nextReviewDue).toEqual({ raw: "March 2023", iso: "2023-03", line: 11 });
    expect(metadata.links).toEqual([
      "DFE statutory guidance",
      "Staff Code of conduct",
      "Online safety policy",
      "Acceptable use agreement",
    ]);
    expect(metadata.staffResponsible).toEqual(["IT Director", "Principals"]);
    expect(metadata.raw["Approved by"]).toEqual({ value: "People & Resources", line: 9 });
    expect(metadata.raw.Date).toEqual({ value: "March 2021", line: 9 });
  });

  it("reads the contents as written, duplicate 9 included", () => {
    expect(policy.contentsLine).toBe(15);
    expect(policy.contents.map((entry) => entry.number)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
      "9",
      "9",
      "10",
      "11",
    ]);
    expect(policy.contents[0]).toEqual({ number: "1", title: "Rationale", page: 2, line: 17 });
    expect(policy.contents[4]!.title).toBe("When using social media on behalf of a school");
    expect(policy.contents[11]).toEqual({ number: "11", title: "Concerns", page: 5, line: 28 });
  });

  it("finds 12 sections; section 2's lettered items are its intro, not clauses", () => {
    expect(policy.sections.map((section) => section.number)).toEqual(
      Array.from({ length: 12 }, (_, index) => String(index + 1)),
    );
    const objectives = policy.sections[1]!;
    expect(objectives.title).toBe("Objectives");
    expect(objectives.items).toHaveLength(5);
    expect(objectives.items[0]).toBe(
      "(a) clarify what the school considers to be appropriate and inappropriate use of social networking by staff;",
    );
    expect(objectives.intro.split("\n")[0]).toBe("The purpose of this policy is to;");
    expect(policy.clauses.some((clause) => clause.sectionNumber === "2")).toBe(false);
    expect(policy.sections[11]!.title).toBe("If you have any concerns");
  });

  it("keeps the exact wording, with lists as items", () => {
    const byId = new Map(policy.clauses.map((clause) => [clause.id, clause]));
    expect(byId.get("4.4")!.text).toBe(
      "Staff must not contribute or access any social media content which is illegal, discriminatory, sexual, or otherwise offensive when linked in any way to the school. This link could be, as examples, by identification with the school, during the working day, on school premises or when using school equipment. Such behaviours may also result in criminal proceedings.",
    );
    expect(byId.get("1.2")!.items).toEqual([
      "on behalf of the school;",
      "as part of their work directly with pupils;",
      "in their wider professional lives; and",
      "in their personal lives where it affects their professional standards",
    ]);
    expect(byId.get("1.2")!.text.split("\n")).toHaveLength(5);
    expect(byId.get("1.3")!.text).toBe(
      "In this policy, we define social media to mean: 'Websites and applications that enable users to create and share content or to participate in social networking.'",
    );
    expect(byId.get("1.3")!.endLine).toBe(39);
    expect(byId.get("3.3.1")!.text).toBe(
      "should ensure that their own behaviour is in line with that expected",
    );
  });

  it("marks heading-only clauses and depths", () => {
    const headings = policy.clauses.filter((clause) => clause.heading !== undefined);
    expect(headings.map((clause) => [clause.id, clause.heading])).toEqual([
      ["3.1", "Principals"],
      ["3.2", "School staff"],
      ["3.3", "Trustees and Local Governors"],
      ["8.6", "Personal use of social media at school"],
    ]);
    const byId = new Map(policy.clauses.map((clause) => [clause.id, clause]));
    expect(byId.get("4.7")!.depth).toBe(1);
    expect(byId.get("4.7.2")!.depth).toBe(2);
    expect(byId.get("4.10")!.sectionNumber).toBe("4");
  });

  it("lists every modal of a clause, first one deciding its modality", () => {
    const byId = new Map(policy.clauses.map((clause) => [clause.id, clause]));
    expect(byId.get("7.2")!.modalities).toEqual(["can", "cannot"]);
    expect(byId.get("8.6.1")!.modalities).toEqual(["can", "must not"]);
    // "can be positive" is a possibility, not a permission
    expect(byId.get("1.1")!.modalities).toEqual([]);
  });

  it("accounts for every line of wording and raises no warnings", () => {
    expect(warnings).toEqual([]);
    expect(unaccountedLines(text, policy, warnings)).toEqual([]);
  });
});

describe("parsePolicy on the Northbridge Markdown variant", () => {
  const text = fixtureText(NORTHBRIDGE);
  const { policy, warnings } = parseFixture(NORTHBRIDGE);
  const byId = new Map(policy.clauses.map((clause) => [clause.id, clause]));

  it("reads the title block, the table front matter and the contents list", () => {
    expect(policy.organisation).toBe("Northbridge Academy Trust");
    expect(policy.title).toBe("Staff Social Media Policy");
    expect(policy.metadata.approvedBy).toBe("Board of Trustees");
    expect(policy.metadata.approvalDate?.iso).toBe("2025-09-14");
    expect(policy.metadata.lastReviewed?.iso).toBe("2025-09");
    expect(policy.metadata.nextReviewDue?.iso).toBe("2027-09");
    expect(policy.metadata.links).toEqual([
      "Staff Code of Conduct",
      "Online Safety Policy",
      "Acceptable Use Policy",
      "DfE statutory guidance",
    ]);
    expect(policy.metadata.staffResponsible).toEqual(["Director of IT", "Headteachers"]);
    expect(policy.contents).toHaveLength(13);
    expect(policy.contents[3]).toMatchObject({ number: "4", title: "Responsibilities" });
    expect(policy.contents[3]!.page).toBeUndefined();
  });

  it("finds the shifted sections and clauses, with trailing dots, bullets and emphasis removed", () => {
    expect(policy.sections).toHaveLength(13);
    expect(policy.sections[3]).toMatchObject({ number: "4", title: "Responsibilities" });
    expect(policy.clauses).toHaveLength(61);
    expect(policy.clauses.slice(0, 5).map((clause) => clause.id)).toEqual([
      "1.1",
      "1.2",
      "1.3",
      "2.1",
      "4.1",
    ]);
    expect(byId.get("4.1")!.heading).toBe("Principals");
    expect(byId.get("4.1.4")).toMatchObject({ parentId: "4.1", actor: "Principals", modality: "must" });
    expect(byId.get("5.7")!.text).toBe("Staff must not breach school confidentiality.");
    expect(byId.get("6.1")).toMatchObject({ actor: "Staff", modality: "must", parentId: null });
    expect(byId.get("9.3.1")).toMatchObject({ parentId: "9.3", actor: "School staff", modality: "can" });
    expect(byId.get("9.6.2")!.modality).toBe("can only");
    expect(byId.get("11.1")).toMatchObject({ actor: "The school", modality: "can" });
    expect(byId.get("13.1")).toMatchObject({ actor: "Staff", modality: "should" });
    expect(byId.has("5.5")).toBe(false);
  });

  it("joins a hard-wrapped paragraph into one clause", () => {
    const clause = byId.get("5.4")!;
    expect(clause.line).toBe(89);
    expect(clause.endLine).toBe(92);
    expect(clause.text).toContain("illegal, discriminatory, sexual");
    expect(clause.text).not.toContain("\n");
  });

  it("reads an actor list with a qualifier in an added clause", () => {
    expect(byId.get("2.1")).toMatchObject({
      actor: "Agency staff, contractors and volunteers",
      modality: "must",
    });
  });

  it("accounts for every line of wording", () => {
    expect(warnings).toEqual([]);
    expect(unaccountedLines(text, policy, warnings)).toEqual([]);
  });
});

describe("parsePolicy on odd documents", () => {
  it("rejects an empty file and binary junk with a line", () => {
    expect(parsePolicy({ text: "\n\n  \n", fileName: "empty.txt" })).toEqual({
      ok: false,
      error: { file: "empty.txt", line: 1, message: "the policy is empty" },
    });
    const junk = parsePolicy({
      text: "Title\nPK\u0003\u0004\u0000\u0001garbage\u0002",
      fileName: "junk.txt",
    });
    expect(junk.ok).toBe(false);
    if (!junk.ok) {
      expect(junk.error.line).toBe(2);
      expect(junk.error.message).toMatch(/not readable text/);
    }
  });

  it("rejects a document with no numbered clauses, naming a line", () => {
    const prose = parsePolicy({ text: "Our policy\n\nStaff must be kind online.\n", fileName: "prose.txt" });
    expect(prose).toMatchObject({ ok: false, error: { file: "prose.txt", line: 1 } });
    const sectionsOnly = parsePolicy({
      text: "Policy\n\n1. Rationale\n\nStaff must be kind.\n\n2. Scope\n",
      fileName: "sections.txt",
    });
    expect(sectionsOnly).toMatchObject({ ok: false, error: { line: 3 } });
    if (!sectionsOnly.ok) expect(sectionsOnly.error.message).toMatch(/2 numbered section/);
  });

  it("imports a partly odd document with a warning for each odd line and drops no wording", () => {
    const text = [
      "Riverside School",
      "Social Media Policy",
      "Approved by: Governing Board  Date: 12/03/2024",
      "Next review due by: Spring",
      "A stray sentence above the first section.",
      "",
      "1.1 Staff must not post pictures of pupils.",
      "",
      "## Guidance for everyone",
      "",
      "2 Personal use",
      "2.1 Staff should keep profiles private.",
      "2.1 Staff can use social media at break.",
      "2.2",
      "Staff must report concerns to the DSL.",
    ].join("\n");
    const result = parsePolicy({ text, fileName: "odd.md" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { policy, warnings } = result;
    expect(policy.metadata.approvedBy).toBe("Governing Board");
    expect(policy.metadata.approvalDate).toEqual({ raw: "12/03/2024", iso: "2024-03-12", line: 3 });
    expect(policy.metadata.nextReviewDue).toEqual({ raw: "Spring", iso: null, line: 4 });
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ["text-before-first-section", 5],
      ["clause-without-section", 7],
      ["unnumbered-heading", 9],
      ["clause-number-repeated", 13],
    ]);
    expect(policy.clauses.map((clause) => clause.id)).toEqual(["1.1", "2.1", "2.1#2", "2.2"]);
    expect(policy.clauses[3]).toMatchObject({
      text: "Staff must report concerns to the DSL.",
      line: 14,
      endLine: 15,
    });
    expect(policy.sections[0]).toMatchObject({ number: "1", title: "" });
    expect(unaccountedLines(text, policy, warnings)).toEqual([]);
  });

  it("reads a second label on the same line, with or without a wide gap", () => {
    const body = "\n1 Scope\n1.1 Staff must follow this policy.\n";
    const wide = parseText(
      `Social Media Policy\nApproved by: People & Resources  Date: March 2021\n${body}`,
      "a.txt",
    );
    const narrow = parseText(
      `Social Media Policy\nApproved by: People & Resources Date: March 2021\n${body}`,
      "b.txt",
    );
    for (const { policy } of [wide, narrow]) {
      expect(policy.metadata.approvedBy).toBe("People & Resources");
      expect(policy.metadata.approvalDate?.iso).toBe("2021-03");
    }
  });

  it("keeps a wrapped line that starts with a number inside its clause", () => {
    const { policy } = parseText(
      "Policy\n\n1 Contact\n1.1 Staff must not contact pupils under the age of\n18 on personal accounts.\n1.2 Staff should report contact.\n",
      "wrap.txt",
    );
    expect(policy.clauses.map((clause) => clause.id)).toEqual(["1.1", "1.2"]);
    expect(policy.clauses[0]!.text).toBe(
      "Staff must not contact pupils under the age of 18 on personal accounts.",
    );
  });

  it("reads CRLF line endings and a byte-order mark", () => {
    const { policy } = parseText(
      "\uFEFFSocial Media Policy\r\n\r\n1 Scope\r\n1.1 Staff must read it.\r\n",
      "crlf.txt",
    );
    expect(policy.title).toBe("Social Media Policy");
    expect(policy.clauses[0]!.text).toBe("Staff must read it.");
  });

  it("reads modal phrases beyond must, should and can", () => {
    const { policy } = parseText(
      [
        "Policy",
        "1 Rules",
        "1.1 Staff may not accept friend requests from pupils.",
        "1.2 Staff should not post during lessons.",
        "1.3 Staff are not permitted to share passwords.",
        "1.4 Governors are expected to model good conduct.",
        "1.5 Staff cannot use school accounts for personal posts.",
        "1.6 Staff shall keep records.",
      ].join("\n"),
      "modal.txt",
    );
    expect(policy.clauses.map((clause) => clause.modality)).toEqual([
      "must not",
      "should not",
      "must not",
      "should",
      "cannot",
      "must",
    ]);
    expect(policy.clauses[3]!.actor).toBe("Governors");
  });
});

describe("parsePolicyDate", () => {
  it.each([
    ["March 2021", "2021-03"],
    ["Sept 2025", "2025-09"],
    ["12th March 2021", "2021-03-12"],
    ["March 12, 2021", "2021-03-12"],
    ["12/03/2021", "2021-03-12"],
    ["1.9.24", "2024-09-01"],
    ["2021-03-12", "2021-03-12"],
    ["03/2021", "2021-03"],
    ["Spring term", null],
    ["31/02/2021", null],
  ])("%s -> %s", (raw, iso) => {
    expect(parsePolicyDate(raw)).toBe(iso);
  });
});

describe("parsePolicy never drops wording", () => {
  it("accounts for every line of 300 documents stitched from the fixtures' lines", () => {
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pool = [...fixtureText(SUMMIT).split("\n"), ...fixtureText(NORTHBRIDGE).split("\n")];
    const dropped: string[] = [];
    let parsed = 0;
    for (let round = 0; round < 300; round++) {
      const length = 5 + Math.floor(random() * 60);
      const start = Math.floor(random() * pool.length);
      const lines = Array.from({ length }, (_, i) =>
        random() < 0.7 ? pool[(start + i) % pool.length]! : pool[Math.floor(random() * pool.length)]!,
      );
      const text = lines.join("\n");
      const fileName = random() < 0.5 ? "stitched.md" : "stitched.txt";
      const result = parsePolicy({ text, fileName });
      if (!result.ok) continue;
      parsed++;
      const missing = unaccountedLines(text, result.policy, result.warnings);
      if (missing.length > 0) dropped.push(`round ${round}: lines ${missing.join(", ")}`);
    }
    expect(dropped).toEqual([]);
    expect(parsed).toBeGreaterThan(200);
  });
});

describe("parsePolicy after the last numbered clause", () => {
  it("does not fold an unnumbered appendix into the clause above it", () => {
    const text =
      "Policy\n\n1 Rules\n1.1 Staff must be kind.\n\n## Appendix: useful links\n\nSee the staff handbook.\n";
    const { policy, warnings } = parseText(text, "appendix.md");
    expect(policy.clauses[0]!.text).toBe("Staff must be kind.");
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ["unnumbered-heading", 6],
      ["text-outside-clause", 8],
    ]);
    expect(unaccountedLines(text, policy, warnings)).toEqual([]);
  });
});

describe("parsePolicy on wording other templates use", () => {
  const clauseOf = (policy: ParsedPolicy, id: string) => policy.clauses.find((clause) => clause.id === id)!;

  it("keeps a heading's actor when the heading adds an abbreviation in brackets", () => {
    const { policy } = parseText(
      [
        "Policy",
        "2 Who does what",
        "2.4 Online Safety Designated Safeguarding Lead (DSL)",
        "2.4.1 should keep a log of concerns;",
        "2.5 Designated Safeguarding Lead (DSL):",
        "2.5.1 must tell the head teacher the same day.",
        "2.6 If a pupil discloses harm online, the designated safeguarding lead (DSL) must act at once.",
      ].join("\n"),
      "dsl.txt",
    );
    expect(clauseOf(policy, "2.5").actor).toBe("Designated Safeguarding Lead (DSL)");
    expect(clauseOf(policy, "2.5.1")).toMatchObject({
      actor: "Designated Safeguarding Lead (DSL)",
      actorSource: "heading",
      modality: "must",
    });
    expect(clauseOf(policy, "2.6").actor).toBe("The designated safeguarding lead (DSL)");
    // Not an actor the product knows ("Online Safety …" is not a modifier): no actor, not a wrong one.
    expect(clauseOf(policy, "2.4.1").actor).toBeNull();
  });

  it("reads 'may' with a person as subject as permission, and 'may' of consequences as no modal", () => {
    const { policy } = parseText(
      [
        "Policy",
        "1 Using social media",
        "1.1 Volunteers may post about school events on their own accounts.",
        "1.2 The head teacher may also approve a class blog.",
        "1.3 Misuse of school accounts may result in their suspension.",
        "1.4 This may be reviewed by the governors.",
        "1.5 You may have doubts about a post; ask your line manager.",
        "1.6 Staff who break this policy may face disciplinary action.",
        "1.7 Governors",
        "1.7.1 may visit lessons that use social media.",
        "1.8 Staff may not follow pupils.",
        "1.9 Staff may receive friend requests from former pupils.",
      ].join("\n"),
      "may.txt",
    );
    const modality = (id: string) => clauseOf(policy, id).modality;
    expect(modality("1.1")).toBe("can");
    expect(clauseOf(policy, "1.1").actor).toBe("Volunteers");
    expect(modality("1.2")).toBe("can");
    expect(clauseOf(policy, "1.2").actor).toBe("The head teacher");
    expect(modality("1.3")).toBe("none");
    expect(modality("1.4")).toBe("none");
    expect(modality("1.5")).toBe("none");
    // The subject is "Staff who break this policy", not a bare actor: read as a consequence.
    expect(modality("1.6")).toBe("none");
    expect(clauseOf(policy, "1.7.1")).toMatchObject({ actor: "Governors", modality: "can" });
    expect(modality("1.8")).toBe("must not");
    // Something that happens to staff, not something they are allowed to do.
    expect(modality("1.9")).toBe("none");
  });

  it("reads 'will' with a person as subject as an obligation, lead-ins included", () => {
    const { policy } = parseText(
      [
        "Policy",
        "1 Roles",
        "1.1 The headteacher will:",
        "1.1.1 make sure staff read this policy;",
        "1.1.2 answer questions within five school days.",
        "1.2 Staff will not share their school passwords.",
        "1.3 The steps that will be followed are set out in the disciplinary procedure.",
        "1.4 Governors will be told of every serious breach.",
        "1.5 What staff will do",
        "1.5.1 Staff must report concerns.",
      ].join("\n"),
      "will.txt",
    );
    expect(clauseOf(policy, "1.1")).toMatchObject({ actor: "The headteacher", modality: "must" });
    expect(clauseOf(policy, "1.1.1")).toMatchObject({ actor: "The headteacher", actorSource: "parent" });
    expect(clauseOf(policy, "1.2")).toMatchObject({ actor: "Staff", modality: "must not" });
    expect(clauseOf(policy, "1.3").modality).toBe("none");
    expect(clauseOf(policy, "1.4").modality).toBe("none");
    expect(clauseOf(policy, "1.5")).toMatchObject({ heading: "What staff will do", modality: "none" });
  });

  it("ends a clause at a heading numbered in Roman numerals and says it was not imported", () => {
    const text =
      "Policy\n\n1 Rules\n\n1.1 Staff must be kind.\n\nIII. Monitoring\n\n2 Breaches\n\n2.1 Breaches are investigated.\n";
    const { policy, warnings } = parseText(text, "roman.txt");
    expect(clauseOf(policy, "1.1").text).toBe("Staff must be kind.");
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([["roman-heading", 7]]);
    expect(warnings[0]!.message).toMatch(/"III\. Monitoring".*\(3 Monitoring\)/);
    expect(unaccountedLines(text, policy, warnings)).toEqual([]);
  });
});

describe("parsePolicy on text exported from a PDF", () => {
  const footer = "Lakeside Primary School  Staff Social Media Policy        Page 1 of 3";
  it("leaves out a footer with page numbers and joins the sentence it interrupted", () => {
    const text = [
      "Lakeside Primary School",
      "Staff Social Media Policy",
      "",
      "1 Personal use",
      "",
      "1.1 Staff must keep their accounts private so that pupils and",
      "",
      footer,
      "\f",
      "parents cannot see personal posts.",
      "",
      "1.2 Staff should check privacy settings each term.",
      "",
      footer.replace("Page 1", "Page 2"),
      "\f2 Official use",
      "",
      "2.1 Only named staff can post on school accounts.",
      "",
      footer.replace("Page 1", "Page 3"),
    ].join("\n");
    const { policy, warnings } = parseText(text, "lakeside.txt");
    expect(policy.title).toBe("Staff Social Media Policy");
    expect(policy.clauses.map((clause) => clause.id)).toEqual(["1.1", "1.2", "2.1"]);
    expect(policy.clauses[0]!.text).toBe(
      "Staff must keep their accounts private so that pupils and parents cannot see personal posts.",
    );
    expect(policy.clauses[1]!.text).toBe("Staff should check privacy settings each term.");
    expect(policy.clauses[2]!.text).toBe("Only named staff can post on school accounts.");
    expect(policy.sections.map((section) => section.title)).toEqual(["Personal use", "Official use"]);
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([["page-furniture", 8]]);
    expect(warnings[0]!.message).toMatch(/^3 page header\/footer line\(s\).*line 8, 14, 19/);
  });

  it("leaves out a running header repeated after each form feed, and bare page numbers", () => {
    const header = "Hillview Academy - Social Media Policy (v2)";
    const text = [
      header,
      "",
      "1 Scope",
      "1.1 This policy applies to all staff.",
      "",
      "1",
      "\f" + header,
      "1.2 Staff must read it.",
      "",
      "2",
      "\f" + header,
      "1.3 Staff should ask their line manager if unsure.",
    ].join("\n");
    const { policy, warnings } = parseText(text, "hillview.txt");
    // The copy at the very top is the document's title block, kept.
    expect(policy.title).toBe(header);
    expect(policy.clauses.map((clause) => [clause.id, clause.text])).toEqual([
      ["1.1", "This policy applies to all staff."],
      ["1.2", "Staff must read it."],
      ["1.3", "Staff should ask their line manager if unsure."],
    ]);
    expect(warnings.map((warning) => warning.code)).toEqual(["page-furniture"]);
    expect(warnings[0]!.message).toMatch(/^4 page/);
  });

  it("keeps wording that mentions a page, or repeats, when the document has no page breaks", () => {
    const text = [
      "Policy",
      "1 Rules",
      "1.1 Staff must read the guidance.",
      "See the table on page 3 of 4",
      "1.2 Staff must report concerns.",
      "See the table on page 3 of 4",
    ].join("\n");
    const { policy, warnings } = parseText(text, "mentions.txt");
    expect(policy.clauses[0]!.text).toBe("Staff must read the guidance. See the table on page 3 of 4");
    expect(policy.clauses[1]!.text).toBe("Staff must report concerns. See the table on page 3 of 4");
    expect(warnings).toEqual([]);
  });
});
