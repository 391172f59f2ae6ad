// Finds what a policy owner must fix before a policy can be relied on: contents that disagree with
// the body, numbering gaps and repeats, clauses that stop mid-sentence, review dates that have
// passed or contradict each other, and documents the policy links to that the trust has not recorded.
import type { ContentsEntry, ParsedPolicy, PolicyClause, PolicyDate, PolicySection } from "./parsed-policy";
import { comparePolicyDates, policyDateRange } from "./parse-policy-date";
import { contentWords, diceSimilarity, documentNamesMatch, wordsOf } from "./text-similarity";

export type Severity = "error" | "warning" | "info";

export interface Finding {
  /** Stable code for scripts and tests, e.g. "contents-title-mismatch". */
  code: string;
  severity: Severity;
  /** What is wrong and what to do about it. */
  message: string;
  file: string;
  line: number;
  clauseId?: string;
}

export const FINDING_CODES = [
  "front-matter-missing",
  "date-unreadable",
  "date-in-future",
  "review-overdue",
  "dates-contradict",
  "contents-duplicate-number",
  "contents-title-mismatch",
  "contents-extra-entry",
  "contents-missing-section",
  "contents-count-mismatch",
  "numbering-gap",
  "numbering-repeat",
  "numbering-order",
  "clause-empty",
  "clause-incomplete",
  "link-unrecorded",
  "reference-unrecorded",
] as const;

const TERMINAL_RE = /[.!?:)'"’”…]$/;

function toIsoDay(asOf: Date | string): string {
  if (asOf instanceof Date) {
    if (Number.isNaN(asOf.getTime())) throw new Error("lintPolicy: asOf is an invalid Date");
    return asOf.toISOString().slice(0, 10);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new Error(`lintPolicy: asOf must be yyyy-mm-dd, got "${asOf}"`);
  }
  return asOf;
}

/** Titles compared as a reader would: case, punctuation, apostrophes and articles ignored. */
function sameTitle(a: string, b: string): boolean {
  const tidy = (text: string) =>
    wordsOf(text)
      .filter((word) => word !== "a" && word !== "an" && word !== "the")
      .join(" ");
  return tidy(a) === tidy(b);
}

/** How alike two titles are; a short title wholly inside a longer one ("Concerns") counts as alike. */
function titleSimilarity(a: string, b: string): number {
  const left = contentWords(a);
  const right = contentWords(b);
  const contained = left.length > 0 && left.every((word) => right.includes(word));
  return Math.max(diceSimilarity(left, right), contained ? 0.6 : 0);
}

function quote(text: string, max = 60): string {
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}

export function lintPolicy({
  policy,
  asOf,
  knownDocuments,
  fileName,
}: {
  policy: ParsedPolicy;
  asOf: Date | string;
  knownDocuments?: string[];
  fileName: string;
}): Finding[] {
  const findings: Finding[] = [];
  const add = (finding: Omit<Finding, "file">) => findings.push({ file: fileName, ...finding });
  const today = toIsoDay(asOf);
  lintFrontMatter({ policy, today, add });
  lintContents({ policy, add });
  lintNumbering({ policy, add });
  lintClauseWording({ policy, add });
  lintDocuments({ policy, known: knownDocuments ?? [], add });
  return findings.sort((a, b) => a.line - b.line);
}

type Add = (finding: Omit<Finding, "file">) => void;

function lintFrontMatter({ policy, today, add }: { policy: ParsedPolicy; today: string; add: Add }) {
  const { metadata } = policy;
  const topLine = policy.titleLine ?? 1;
  const required: [string, unknown, string][] = [
    ["approver", metadata.approvedBy, "Approved by: <committee>"],
    ["approval date", metadata.approvalDate, "Date: <month year>"],
    ["next review date", metadata.nextReviewDue, "Next review due by: <month year>"],
  ];
  for (const [what, value, example] of required) {
    if (value === null) {
      add({
        code: "front-matter-missing",
        severity: "warning",
        line: topLine,
        message: `no ${what} in the front matter; add a line "${example}"`,
      });
    }
  }
  const dates: [string, PolicyDate | null][] = [
    ["approval date", metadata.approvalDate],
    ["last review date", metadata.lastReviewed],
    ["next review date", metadata.nextReviewDue],
  ];
  for (const [what, date] of dates) {
    if (date && date.iso === null) {
      add({
        code: "date-unreadable",
        severity: "warning",
        line: date.line,
        message: `the ${what} ${quote(date.raw)} is not a date; write it like "March 2021" or "12/03/2021"`,
      });
    }
  }
  const approved = metadata.approvalDate?.iso ? metadata.approvalDate : null;
  const reviewed = metadata.lastReviewed?.iso ? metadata.lastReviewed : null;
  const due = metadata.nextReviewDue?.iso ? metadata.nextReviewDue : null;

  if (due && policyDateRange(due.iso!).last < today) {
    add({
      code: "review-overdue",
      severity: "error",
      line: due.line,
      message: `the next review was due by ${due.raw} and is overdue as of ${today}; review the policy, then record the new "Last reviewed" and "Next review due" dates`,
    });
  }
  for (const [what, date] of [
    ["approval date", approved],
    ["last review date", reviewed],
  ] as const) {
    if (date && policyDateRange(date.iso!).first > today) {
      add({
        code: "date-in-future",
        severity: "warning",
        line: date.line,
        message: `the ${what} ${date.raw} is after ${today}; correct it, or approve the policy before it is used`,
      });
    }
  }
  if (approved && reviewed && comparePolicyDates(reviewed.iso!, approved.iso!) < 0) {
    add({
      code: "dates-contradict",
      severity: "error",
      line: reviewed.line,
      message: `last reviewed ${reviewed.raw} is earlier than the approval date ${approved.raw}: a version cannot be last reviewed before it was approved; correct one of the dates`,
    });
  }
  if (approved && due && comparePolicyDates(due.iso!, approved.iso!) <= 0) {
    add({
      code: "dates-contradict",
      severity: "error",
      line: due.line,
      message: `next review due ${due.raw} is not after the approval date ${approved.raw}; correct one of the dates`,
    });
  }
  if (reviewed && due && comparePolicyDates(due.iso!, reviewed.iso!) <= 0) {
    add({
      code: "dates-contradict",
      severity: "error",
      line: due.line,
      message: `next review due ${due.raw} is not after the last review ${reviewed.raw}; correct one of the dates`,
    });
  }
}

function lintContents({ policy, add }: { policy: ParsedPolicy; add: Add }) {
  const { contents, sections } = policy;
  if (contents.length === 0) return;
  const sectionByNumber = new Map<string, PolicySection>();
  for (const section of sections)
    if (!sectionByNumber.has(section.number)) sectionByNumber.set(section.number, section);
  const clauseByNumber = new Map(policy.clauses.map((clause) => [clause.number, clause]));
  const lookalike = (entry: ContentsEntry): PolicySection | undefined =>
    sections
      .filter((section) => section.number !== entry.number)
      .map((section) => ({ section, score: titleSimilarity(entry.title, section.title) }))
      .filter(({ section, score }) => score >= 0.5 || sameTitle(entry.title, section.title))
      .sort((a, b) => b.score - a.score)[0]?.section;
  const hint = (entry: ContentsEntry): string => {
    const other = lookalike(entry);
    return other ? `; it looks like section ${other.number} ${quote(other.title)}` : "";
  };

  const firstByNumber = new Map<string, ContentsEntry>();
  for (const entry of contents) {
    if (entry.number === null) continue;
    const first = firstByNumber.get(entry.number);
    if (first) {
      add({
        code: "contents-duplicate-number",
        severity: "warning",
        line: entry.line,
        message: `the contents lists ${entry.number} twice (${quote(first.title)} on line ${first.line} and ${quote(entry.title)})${hint(entry)}; renumber the contents to match the body`,
      });
      continue;
    }
    firstByNumber.set(entry.number, entry);
    const isSection = !entry.number.includes(".");
    if (isSection) {
      const section = sectionByNumber.get(entry.number);
      if (!section) {
        add({
          code: "contents-extra-entry",
          severity: "warning",
          line: entry.line,
          message: `the contents lists ${entry.number} ${quote(entry.title)} but the body has no section ${entry.number}${hint(entry)}; remove or renumber the entry`,
        });
      } else if (!sameTitle(entry.title, section.title)) {
        add({
          code: "contents-title-mismatch",
          severity: "warning",
          line: entry.line,
          message: `the contents calls section ${entry.number} ${quote(entry.title)} but the body heading (line ${section.line}) is ${quote(section.title)}${hint(entry)}; make them the same`,
        });
      }
    } else {
      const clause = clauseByNumber.get(entry.number);
      if (!clause) {
        add({
          code: "contents-extra-entry",
          severity: "warning",
          line: entry.line,
          message: `the contents lists ${entry.number} ${quote(entry.title)} but the body has no clause ${entry.number}; remove or renumber the entry`,
        });
      } else if (clause.heading !== undefined && !sameTitle(entry.title, clause.heading)) {
        add({
          code: "contents-title-mismatch",
          severity: "warning",
          line: entry.line,
          message: `the contents calls ${entry.number} ${quote(entry.title)} but the body heading (line ${clause.line}) is ${quote(clause.heading)}; make them the same`,
        });
      }
    }
  }
  for (const section of sections) {
    if (firstByNumber.has(section.number)) continue;
    add({
      code: "contents-missing-section",
      severity: "warning",
      line: section.line,
      message: `section ${section.number} ${quote(section.title)} is not in the contents; add it`,
    });
  }
  const listedSections = new Set(
    contents.flatMap((entry) => (entry.number !== null && !entry.number.includes(".") ? [entry.number] : [])),
  ).size;
  const bodySections = new Set(sections.map((section) => section.number)).size;
  if (listedSections !== bodySections) {
    add({
      code: "contents-count-mismatch",
      severity: "warning",
      line: policy.contentsLine ?? contents[0]!.line,
      message: `the contents lists ${listedSections} sections but the body has ${bodySections}; rebuild the contents from the headings`,
    });
  }
}

function lintNumbering({ policy, add }: { policy: ParsedPolicy; add: Add }) {
  const checkSequence = (
    numbers: { number: string; line: number; clauseId?: string }[],
    prefix: string,
    where: string,
  ) => {
    let expected = 1;
    for (const { number, line, clauseId } of numbers) {
      const last = Number(number.split(".").pop());
      const name = (n: number) => `${prefix}${n}`;
      if (last === expected) {
        expected++;
        continue;
      }
      if (last > expected) {
        const missing = last - expected === 1 ? name(expected) : `${name(expected)} to ${name(last - 1)}`;
        add({
          code: "numbering-gap",
          severity: "warning",
          line,
          clauseId,
          message: `${where} jumps to ${number}: ${missing} is missing; renumber, or restore the missing ${last - expected === 1 ? "number" : "numbers"}`,
        });
        expected = last + 1;
      } else if (last === expected - 1) {
        add({
          code: "numbering-repeat",
          severity: "error",
          line,
          clauseId,
          message: `${number} is used twice${where === "the body" ? "" : ` in ${where}`}; give each its own number so it can be referred to`,
        });
      } else {
        add({
          code: "numbering-order",
          severity: "warning",
          line,
          clauseId,
          message: `${number} comes after ${name(expected - 1)}; put ${where === "the body" ? "the sections" : "the clauses"} in order`,
        });
      }
    }
  };

  checkSequence(
    policy.sections.map((section) => ({ number: section.number, line: section.line })),
    "",
    "the body",
  );

  const groups = new Map<string, PolicyClause[]>();
  const ids = new Set(policy.clauses.map((clause) => clause.id));
  for (const clause of policy.clauses) {
    const parentNumber = clause.number.split(".").slice(0, -1).join(".");
    if (clause.depth >= 2 && !ids.has(parentNumber)) {
      add({
        code: "numbering-gap",
        severity: "warning",
        line: clause.line,
        clauseId: clause.id,
        message: `clause ${clause.number} has no clause ${parentNumber} above it; add ${parentNumber} or renumber`,
      });
    }
    const group = groups.get(parentNumber) ?? [];
    group.push(clause);
    groups.set(parentNumber, group);
  }
  for (const [parentNumber, clauses] of groups) {
    checkSequence(
      clauses.map((clause) => ({ number: clause.number, line: clause.line, clauseId: clause.id })),
      `${parentNumber}.`,
      parentNumber.includes(".") ? `clause ${parentNumber}` : `section ${parentNumber}`,
    );
  }
}

function lintClauseWording({ policy, add }: { policy: ParsedPolicy; add: Add }) {
  const { clauses } = policy;
  clauses.forEach((clause, index) => {
    const hasChildren = clauses.some((other) => other.parentId === clause.id);
    if (clause.text.trim() === "") {
      add({
        code: "clause-empty",
        severity: "error",
        line: clause.line,
        clauseId: clause.id,
        message: `clause ${clause.number} has a number but no wording; write the clause or remove the number`,
      });
      return;
    }
    if (clause.heading !== undefined) {
      if (!hasChildren) {
        add({
          code: "clause-empty",
          severity: "warning",
          line: clause.line,
          clauseId: clause.id,
          message: `${clause.number} ${quote(clause.heading)} is a heading with no clauses under it; add them or remove the heading`,
        });
      }
      return;
    }
    const lines = clause.text.split("\n");
    const lastLine = lines[lines.length - 1]!.trim();
    const endsWithItem = clause.items.length > 0 && clause.items[clause.items.length - 1] === lastLine;
    const nextSibling = clauses
      .slice(index + 1)
      .find((other) => other.parentId === clause.parentId && other.sectionNumber === clause.sectionNumber);
    const siblingFollows = nextSibling !== undefined && nextSibling.depth === clause.depth;
    const listContinues = /;$/.test(lastLine) || /[;,]\s+(and|or)$/.test(lastLine);
    if (!endsWithItem && !TERMINAL_RE.test(lastLine) && !listContinues) {
      add({
        code: "clause-incomplete",
        severity: "error",
        line: clause.endLine,
        clauseId: clause.id,
        message: `clause ${clause.number} stops mid-sentence at ${quote(`…${lastLine.slice(-40)}`)}; finish the sentence`,
      });
    } else if (/:$/.test(lastLine) && !endsWithItem && !hasChildren) {
      add({
        code: "clause-incomplete",
        severity: "warning",
        line: clause.endLine,
        clauseId: clause.id,
        message: `clause ${clause.number} ends with ":" but no list follows; add the list or end the sentence`,
      });
    } else if (listContinues && !endsWithItem && !siblingFollows) {
      add({
        code: "clause-incomplete",
        severity: "warning",
        line: clause.endLine,
        clauseId: clause.id,
        message: `clause ${clause.number} ends ${quote(lastLine.slice(-12))} as if a list continues, but no clause follows; end it with a full stop`,
      });
    }
  });
}

const REFERENCE_STOP = new Set([
  "the",
  "this",
  "that",
  "a",
  "an",
  "its",
  "their",
  "our",
  "his",
  "her",
  "your",
  "of",
  "to",
  "with",
  "and",
  "or",
  "in",
  "on",
  "for",
  "by",
  "any",
  "all",
  "these",
  "those",
  "is",
  "are",
  "be",
  "under",
  "school",
  "trust",
  "relevant",
  "related",
  "agreed",
  "appropriate",
  "statutory",
  "other",
  "same",
  "following",
  "new",
  "existing",
  "whole",
]);

interface Reference {
  name: string;
  clauseIds: string[];
  line: number;
}

/** Named documents the clauses refer to: "acceptable use policy", "code of conduct"… */
export function findDocumentReferences(policy: ParsedPolicy): Reference[] {
  const references: Reference[] = [];
  for (const clause of policy.clauses) {
    const words = clause.text.replace(/’/g, "'").split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const bare = (word: string | undefined) => (word ?? "").toLowerCase().replace(/[^a-z']/g, "");
      let end = -1;
      let kind = "";
      if (bare(words[i]) === "code" && bare(words[i + 1]) === "of" && bare(words[i + 2]) === "conduct") {
        end = i + 2;
        kind = "code of conduct";
      } else if (["policy", "procedure", "agreement", "guidelines"].includes(bare(words[i]))) {
        end = i;
        kind = bare(words[i]);
      }
      if (end < 0) continue;
      const descriptors: string[] = [];
      for (let j = i - 1; j >= 0 && descriptors.length < 4; j--) {
        const word = words[j]!;
        const lower = bare(word);
        if (/[,;:.()]$/.test(word) || REFERENCE_STOP.has(lower) || /'s$/.test(lower) || lower === "") break;
        descriptors.unshift(word.replace(/[^A-Za-z'-]/g, ""));
      }
      if (descriptors.length === 0 && kind !== "code of conduct") continue;
      const name = [...descriptors, kind].join(" ").toLowerCase();
      if (documentNamesMatch(name, policy.title)) continue;
      const known = references.find((reference) => documentNamesMatch(reference.name, name));
      if (known) {
        if (!known.clauseIds.includes(clause.id)) known.clauseIds.push(clause.id);
      } else {
        references.push({ name, clauseIds: [clause.id], line: clause.line });
      }
      i = end;
    }
  }
  return references;
}

function lintDocuments({ policy, known, add }: { policy: ParsedPolicy; known: string[]; add: Add }) {
  const isKnown = (name: string) => known.some((document) => documentNamesMatch(document, name));
  const linksLine =
    Object.entries(policy.metadata.raw).find(([label]) =>
      /^(links?|linked|related|associated|see also)/i.test(label),
    )?.[1].line ??
    policy.titleLine ??
    1;
  for (const link of policy.metadata.links) {
    if (isKnown(link)) continue;
    add({
      code: "link-unrecorded",
      severity: "warning",
      line: linksLine,
      message: `the policy links to ${quote(link)}, which the trust has not recorded; record that document (or correct its name) so staff can find it`,
    });
  }
  for (const reference of findDocumentReferences(policy)) {
    if (isKnown(reference.name)) continue;
    if (policy.metadata.links.some((link) => documentNamesMatch(link, reference.name))) continue;
    const near = policy.metadata.links
      .map((link) => ({ link, score: diceSimilarity(wordsOf(link), wordsOf(reference.name)) }))
      .filter(({ score }) => score >= 0.5)
      .sort((a, b) => b.score - a.score)[0];
    const clauses = reference.clauseIds.join(", ");
    add({
      code: "reference-unrecorded",
      severity: "warning",
      line: reference.line,
      clauseId: reference.clauseIds[0],
      message: `clause${reference.clauseIds.length > 1 ? "s" : ""} ${clauses} refer${reference.clauseIds.length > 1 ? "" : "s"} to the ${quote(reference.name)}, which is neither linked in the front matter nor recorded by the trust${near ? ` (the front matter links ${quote(near.link)}; if it is the same document, use one name)` : ""}; add it to the links and record it`,
    });
  }
}
