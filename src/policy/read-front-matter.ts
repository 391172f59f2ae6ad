// Reads the label/value pairs above a policy's first section ("Approved by:\tPeople & Resources
// \tDate: March 2021", "| Next review due | March 2027 |") into metadata, and keeps the plain
// lines (title, organisation) for the parser to place.
import type { PolicyLine } from "./classify-policy-lines";
import type { ParseWarning, PolicyDate, PolicyMetadata } from "./parsed-policy";
import { parsePolicyDate } from "./parse-policy-date";

type Field = "approvedBy" | "approvalDate" | "lastReviewed" | "nextReviewDue" | "links" | "staffResponsible";

const LABEL_WITH_COLON_RE = /^([A-Za-z][A-Za-z0-9 &/'’()-]{0,40}?)\s*:\s*(.*)$/;
// A second label written on the same line as the first ("Approved by: X Date: March 2021").
const INLINE_LABEL_RE =
  /\s+(?=(?:date|approval date|date approved|approved on|last review(?:ed)?(?: on)?|next review(?: due)?(?: by)?|review date)\s*:)/i;
const DOCUMENT_WORD_RE = /\b(policy|policies|agreement|guidance|procedures?|conduct|guidelines|code)$/i;

function fieldFor(label: string, value: string): Field | null {
  const l = label.toLowerCase().replace(/’/g, "'").replace(/\s+/g, " ").trim();
  if (/^(last|previous) review|^date (last )?reviewed|^reviewed( on)?$/.test(l)) return "lastReviewed";
  if (/next review|review (due|by)|^review date$|^due for review|^renewal/.test(l)) return "nextReviewDue";
  if (/^(approved|ratified|adopted) by|^approver|^approving (body|committee)/.test(l)) return "approvedBy";
  if (
    /^(date( approved| of approval| ratified| adopted)?|approval date|(approved|ratified|adopted) on)$/.test(
      l,
    )
  ) {
    return "approvalDate";
  }
  if (/^(approved|ratified|adopted)$/.test(l)) return parsePolicyDate(value) ? "approvalDate" : "approvedBy";
  if (/^(links?|linked|related|associated|see also)/.test(l)) return "links";
  if (/^(staff )?responsible|^policy (owner|lead)|^owner|^responsible (staff|officer|person)/.test(l)) {
    return "staffResponsible";
  }
  return null;
}

/**
 * Splits a list of document names or people. " and " splits only where it joins two names
 * ("Online safety policy and Acceptable use agreement"), not inside one ("Data protection and
 * GDPR policy" keeps together because "protection" does not end a document name).
 */
export function splitNameList(value: string): string[] {
  const names: string[] = [];
  for (const part of value.split(/\s*[;,\n]\s*/)) {
    const pieces = part.split(/\s+and\s+/i);
    let current = pieces[0] ?? "";
    for (const piece of pieces.slice(1)) {
      if (DOCUMENT_WORD_RE.test(current.trim()) || /^[A-Z]/.test(piece) || value.includes(",")) {
        names.push(current);
        current = piece;
      } else {
        current = `${current} and ${piece}`;
      }
    }
    names.push(current);
  }
  return names
    .map((name) =>
      name
        .trim()
        .replace(/[.;]+$/, "")
        .trim(),
    )
    .filter((name) => name !== "");
}

function cellsOf(line: PolicyLine): string[] {
  if (line.cells) return line.cells.filter((cell) => cell !== "");
  return line.text
    .split(/\t+|\s{2,}/)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== "");
}

function looksLikeLabel(cell: string): boolean {
  return cell.split(/\s+/).length <= 5 && !/[.;!?]$/.test(cell) && /^[A-Za-z]/.test(cell);
}

export interface FrontMatter {
  metadata: PolicyMetadata;
  /** Lines with no label: candidates for the title and organisation. */
  plainLines: PolicyLine[];
  warnings: ParseWarning[];
}

export function emptyMetadata(): PolicyMetadata {
  return {
    approvedBy: null,
    approvalDate: null,
    lastReviewed: null,
    nextReviewDue: null,
    links: [],
    staffResponsible: [],
    raw: {},
  };
}

export function readFrontMatter({ lines }: { lines: PolicyLine[] }): FrontMatter {
  const metadata = emptyMetadata();
  const plainLines: PolicyLine[] = [];
  const warnings: ParseWarning[] = [];

  const record = (label: string, value: string, line: number) => {
    const cleanLabel = label.trim().replace(/:$/, "").trim();
    const cleanValue = value.trim();
    if (cleanLabel in metadata.raw) {
      warnings.push({
        code: "front-matter-repeated",
        line,
        message: `"${cleanLabel}" is given twice (lines ${metadata.raw[cleanLabel]!.line} and ${line}); the first value is used, remove the other`,
      });
      return;
    }
    metadata.raw[cleanLabel] = { value: cleanValue, line };
    const field = fieldFor(cleanLabel, cleanValue);
    if (field === null || cleanValue === "") return;
    const date = (): PolicyDate => ({ raw: cleanValue, iso: parsePolicyDate(cleanValue), line });
    if (field === "approvedBy") metadata.approvedBy ??= cleanValue;
    if (field === "approvalDate") metadata.approvalDate ??= date();
    if (field === "lastReviewed") metadata.lastReviewed ??= date();
    if (field === "nextReviewDue") metadata.nextReviewDue ??= date();
    if (field === "links") metadata.links.push(...splitNameList(cleanValue));
    if (field === "staffResponsible") metadata.staffResponsible.push(...splitNameList(cleanValue));
  };

  for (const line of lines) {
    if (line.blank || line.decoration) continue;
    const cells = cellsOf(line).flatMap((cell) => cell.split(INLINE_LABEL_RE));
    if (cells.length === 0) continue;
    const leftovers: string[] = [];
    let i = 0;
    while (i < cells.length) {
      const cell = cells[i]!;
      const labelled = LABEL_WITH_COLON_RE.exec(cell);
      if (labelled && !labelled[2]!.startsWith("//")) {
        if (labelled[2] !== "") {
          record(labelled[1]!, labelled[2]!, line.no);
          i += 1;
        } else {
          record(labelled[1]!, cells[i + 1] ?? "", line.no);
          i += 2;
        }
      } else if (i + 1 < cells.length && looksLikeLabel(cell)) {
        record(cell, cells[i + 1]!, line.no);
        i += 2;
      } else {
        leftovers.push(cell);
        i += 1;
      }
    }
    if (leftovers.length === cells.length && cells.length === 1) {
      plainLines.push(line);
    } else if (leftovers.length > 0) {
      warnings.push({
        code: "front-matter-unrecognised",
        line: line.no,
        message: `"${leftovers.join(" ")}" has no label; write it as "Label: value"`,
      });
    }
  }
  return { metadata, plainLines, warnings };
}
