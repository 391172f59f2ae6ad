import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffPolicyVersions } from "./diff-policy-versions";
import { lintPolicy } from "./lint-policy";
import { parsePolicy } from "./parse-policy";
import { policyTextFromBuffer, readPolicyFile } from "./read-policy-file";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "conduct-policy-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function frontMatterTable(): Table {
  const row = (...cells: string[]) =>
    new TableRow({ children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })) });
  return new Table({
    rows: [
      row("Approved by:", "Governing Board", "Date: 12 March 2024"),
      row("Last reviewed on:", "March 2024", ""),
      row("Next review due by:", "March 2026", ""),
      row("Links", "Staff code of conduct, Online safety policy", ""),
    ],
  });
}

/** A Word policy whose numbers are typed, with Word headings and a Word bullet list. */
async function typedNumbersDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "Riverside Federation", heading: HeadingLevel.TITLE }),
          new Paragraph({ children: [new TextRun({ text: "Staff Social Media Policy", bold: true })] }),
          frontMatterTable(),
          new Paragraph({ text: "1. Responsibilities", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "1.1 Headteachers", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("1.1.1 must ensure all staff are trained in this policy."),
          new Paragraph("1.1.2 should answer queries about this policy within five school days."),
          new Paragraph({ text: "2. Personal use", heading: HeadingLevel.HEADING_1 }),
          new Paragraph("2.1 Staff must not use personal social media with pupils."),
          new Paragraph("2.2 Staff should keep their profiles private, including:"),
          new Paragraph({ text: "photographs;", bullet: { level: 0 } }),
          new Paragraph({ text: "friend lists; and", bullet: { level: 0 } }),
          new Paragraph({ text: "contact details.", bullet: { level: 0 } }),
          new Paragraph("2.3 Staff can use social media during breaks."),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The same policy with Word's automatic multi-level numbering and a lettered list. */
async function automaticNumbersDocx(): Promise<Buffer> {
  const level = (index: number, text: string, format: (typeof LevelFormat)[keyof typeof LevelFormat]) => ({
    level: index,
    format,
    text,
  });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "clauses",
          levels: [
            level(0, "%1.", LevelFormat.DECIMAL),
            level(1, "%1.%2", LevelFormat.DECIMAL),
            level(2, "%1.%2.%3", LevelFormat.DECIMAL),
          ],
        },
        { reference: "letters", levels: [level(0, "(%1)", LevelFormat.LOWER_LETTER)] },
        { reference: "bullets", levels: [level(0, "•", LevelFormat.BULLET)] },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: "Riverside Federation", heading: HeadingLevel.TITLE }),
          new Paragraph("Staff Social Media Policy"),
          frontMatterTable(),
          new Paragraph({
            text: "Responsibilities",
            heading: HeadingLevel.HEADING_1,
            numbering: { reference: "clauses", level: 0 },
          }),
          new Paragraph("This section sets out who must:"),
          new Paragraph({ text: "train staff;", numbering: { reference: "letters", level: 0 } }),
          new Paragraph({ text: "answer queries.", numbering: { reference: "letters", level: 0 } }),
          new Paragraph({
            text: "Headteachers",
            heading: HeadingLevel.HEADING_2,
            numbering: { reference: "clauses", level: 1 },
          }),
          new Paragraph({
            text: "must ensure all staff are trained in this policy.",
            numbering: { reference: "clauses", level: 2 },
          }),
          new Paragraph({
            text: "should answer queries about this policy within ten school days.",
            numbering: { reference: "clauses", level: 2 },
          }),
          new Paragraph({
            text: "Personal use",
            heading: HeadingLevel.HEADING_1,
            numbering: { reference: "clauses", level: 0 },
          }),
          new Paragraph({
            text: "Staff must not use personal social media with pupils.",
            numbering: { reference: "clauses", level: 1 },
          }),
          new Paragraph({
            text: "Staff should keep their profiles private, including:",
            numbering: { reference: "clauses", level: 1 },
          }),
          new Paragraph({ text: "photographs;", numbering: { reference: "bullets", level: 0 } }),
          new Paragraph({ text: "friend lists; and", numbering: { reference: "bullets", level: 0 } }),
          new Paragraph({ text: "contact details.", numbering: { reference: "bullets", level: 0 } }),
          new Paragraph({
            text: "Staff can use social media during breaks.",
            numbering: { reference: "clauses", level: 1 },
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function parsed(text: string, fileName: string) {
  const result = parsePolicy({ text, fileName });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe("reading a Word policy", () => {
  it("keeps typed numbers, headings, the front-matter table and bullets", async () => {
    const path = join(folder, "riverside.docx");
    await writeFile(path, await typedNumbersDocx());
    const read = await readPolicyFile({ path });
    expect(read).toMatchObject({ ok: true, format: "docx", fileName: "riverside.docx" });
    if (!read.ok) return;
    const { policy, warnings } = parsed(read.text, read.fileName);
    expect(warnings).toEqual([]);
    expect(policy.organisation).toBe("Riverside Federation");
    expect(policy.title).toBe("Staff Social Media Policy");
    expect(policy.metadata.approvedBy).toBe("Governing Board");
    expect(policy.metadata.approvalDate?.iso).toBe("2024-03-12");
    expect(policy.metadata.nextReviewDue?.iso).toBe("2026-03");
    expect(policy.metadata.links).toEqual(["Staff code of conduct", "Online safety policy"]);
    expect(policy.sections.map((section) => [section.number, section.title])).toEqual([
      ["1", "Responsibilities"],
      ["2", "Personal use"],
    ]);
    expect(
      policy.clauses.map((clause) => [
        clause.id,
        clause.parentId,
        clause.actor,
        clause.actorSource,
        clause.modality,
      ]),
    ).toEqual([
      ["1.1", null, "Headteachers", "heading", "none"],
      ["1.1.1", "1.1", "Headteachers", "heading", "must"],
      ["1.1.2", "1.1", "Headteachers", "heading", "should"],
      ["2.1", null, "Staff", "sentence", "must not"],
      ["2.2", null, "Staff", "sentence", "should"],
      ["2.3", null, "Staff", "sentence", "can"],
    ]);
    expect(policy.clauses[4]!.items).toEqual(["photographs;", "friend lists; and", "contact details."]);
    expect(
      lintPolicy({
        policy,
        asOf: "2025-01-01",
        knownDocuments: policy.metadata.links,
        fileName: read.fileName,
      }),
    ).toEqual([]);
  });

  it("rebuilds Word's automatic numbering; a lettered list stays items, not clauses", async () => {
    const read = await policyTextFromBuffer({
      buffer: await automaticNumbersDocx(),
      fileName: "riverside-auto.docx",
    });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { policy } = parsed(read.text, read.fileName);
    expect(policy.sections.map((section) => section.number)).toEqual(["1", "2"]);
    expect(policy.sections[0]!.items).toEqual(["train staff;", "answer queries."]);
    expect(policy.clauses.map((clause) => clause.id)).toEqual(["1.1", "1.1.1", "1.1.2", "2.1", "2.2", "2.3"]);
    expect(policy.clauses[2]).toMatchObject({ actor: "Headteachers", modality: "should" });
    expect(policy.clauses[4]!.items).toHaveLength(3);

    // Same policy typed by hand, one clause reworded: the diff sees only that change.
    const typed = await policyTextFromBuffer({
      buffer: await typedNumbersDocx(),
      fileName: "riverside.docx",
    });
    if (!typed.ok) throw new Error(typed.error.message);
    const changes = diffPolicyVersions({ from: parsed(typed.text, typed.fileName).policy, to: policy });
    expect(
      changes.filter((change) => change.kind !== "unchanged").map((change) => [change.kind, change.toId]),
    ).toEqual([["reworded", "1.1.2"]]);
    expect(changes.find((change) => change.kind === "reworded")!.segments).toContainEqual({
      op: "added",
      text: "ten",
    });
  });
});

describe("reading text files", () => {
  it("strips a byte-order mark and normalises CRLF", async () => {
    const path = join(folder, "crlf.txt");
    await writeFile(path, "\uFEFFSocial Media Policy\r\n\r\n1 Scope\r\n1.1 Staff must read it.\r\n");
    const read = await readPolicyFile({ path });
    expect(read).toEqual({
      ok: true,
      text: "Social Media Policy\n\n1 Scope\n1.1 Staff must read it.\n",
      format: "txt",
      fileName: "crlf.txt",
    });
  });

  it("reads Markdown, UTF-16 (Word's Unicode text) and Windows-1252", async () => {
    const md = await policyTextFromBuffer({ buffer: Buffer.from("# Policy\n"), fileName: "p.md" });
    expect(md).toMatchObject({ ok: true, format: "md" });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Staff’s policy", "utf16le")]);
    expect(await policyTextFromBuffer({ buffer: utf16, fileName: "p.txt" })).toMatchObject({
      text: "Staff’s policy",
    });
    const cp1252 = Buffer.from([0x53, 0x74, 0x61, 0x66, 0x66, 0x92, 0x73]);
    expect(await policyTextFromBuffer({ buffer: cp1252, fileName: "p.txt" })).toMatchObject({
      text: "Staff’s",
    });
  });

  it("names the file in every user error", async () => {
    expect(await readPolicyFile({ path: join(folder, "policy.pdf") })).toEqual({
      ok: false,
      error: {
        file: "policy.pdf",
        line: null,
        message: "unknown file type; save the policy as .txt, .md or .docx",
      },
    });
    expect(await readPolicyFile({ path: join(folder, "old.doc") })).toMatchObject({
      ok: false,
      error: { file: "old.doc", message: expect.stringMatching(/save it as \.docx/) },
    });
    expect(await readPolicyFile({ path: join(folder, "missing.txt") })).toMatchObject({
      ok: false,
      error: { file: "missing.txt", message: "file not found" },
    });
    expect(
      await policyTextFromBuffer({ buffer: Buffer.from("plain words"), fileName: "fake.docx" }),
    ).toMatchObject({
      ok: false,
      error: { file: "fake.docx", message: expect.stringMatching(/not a Word \.docx/) },
    });
    const brokenZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
    expect(await policyTextFromBuffer({ buffer: brokenZip, fileName: "broken.docx" })).toMatchObject({
      ok: false,
      error: { file: "broken.docx", message: expect.stringMatching(/could not read this Word document/) },
    });
    expect(await policyTextFromBuffer({ buffer: Buffer.alloc(0), fileName: "empty.txt" })).toMatchObject({
      ok: false,
      error: { message: "file is empty" },
    });
  });

  it("lets binary junk through reading but not through parsing", async () => {
    const junk = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10, 0x0a, 0x00, 0x03]);
    const read = await policyTextFromBuffer({ buffer: junk, fileName: "junk.txt" });
    if (!read.ok) throw new Error("expected text");
    const result = parsePolicy({ text: read.text, fileName: read.fileName });
    expect(result).toMatchObject({ ok: false, error: { file: "junk.txt", line: 1 } });
  });
});
