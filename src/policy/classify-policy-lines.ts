// Splits policy text into lines and reads the layout marks of each (bullet, Markdown heading,
// clause number, lettered item), so the parser can work on meaning rather than characters.

export interface PolicyLine {
  no: number;
  raw: string;
  /** The line without layout marks (indent, "#", bullet, Markdown emphasis), trimmed. */
  text: string;
  indent: number;
  bullet: boolean;
  headingLevel: number;
  /** Clause or section number as written without a trailing dot ("4.7.2"), or null. */
  number: string | null;
  /** The text after the number (or the whole text when there is no number). */
  rest: string;
  /** Lettered item label as written ("(a)"), or null. */
  letter: string | null;
  blank: boolean;
  /** Horizontal rules and table separator rows: layout only, no wording. */
  decoration: boolean;
  /** Cells of a Markdown table row ("| a | b |"), or null. */
  cells: string[] | null;
  /** When the number stood alone, the line its text was taken from. */
  textFromLine: number | null;
  /** A heading numbered in Roman numerals ("II. Roles"): the numeral, or null. */
  roman: string | null;
  /** A page header or footer of a PDF export ("… Page 1 of 2"): blank for the parser, raw kept. */
  furniture: boolean;
  /** The line holds a form feed: a page of the export ends or starts here. */
  pageBreak: boolean;
}

const BULLET_RE = /^[-•*–·▪◦●]\s+/;
const HEADING_RE = /^(#{1,6})\s+/;
const NUMBER_RE = /^(?:section\s+)?(\d{1,2}(?:\.\d{1,2})*)\.?(?:\)|:)?(?=\s|$)\s*(.*)$/i;
const LETTER_RE = /^(\((?:[a-z]|[ivx]{1,4})\)|[a-z]\))\s+(.*)$/i;
const ROMAN_RE = /^([IVX]{1,5})\.\s+(\S.*)$/;
const RULE_RE = /^\s*(?:[-*_=]\s*){3,}$/;
const TABLE_SEPARATOR_RE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Normalises line endings and the byte-order mark; wording is otherwise untouched. */
export function normalisePolicyText(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00A0\u000B]/g, " ");
}

// Markdown emphasis and links are formatting, not wording, so they are dropped for .md files.
function stripMarkdown(text: string): string {
  return text
    .replace(/<!--.*?-->/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__/g, "")
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, "$1");
}

export function classifyPolicyLines({ text, markdown }: { text: string; markdown: boolean }): PolicyLine[] {
  const rawLines = normalisePolicyText(text).split("\n");
  const lines = rawLines.map((raw, index) => classifyLine(raw, index + 1, markdown));
  markPageFurniture(lines);
  // A number alone on its line (common in Word exports) takes its wording from the next line.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.number === null || line.rest !== "") continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.blank) j++;
    const next = lines[j];
    if (!next || next.number !== null || next.bullet || next.letter !== null || next.decoration) continue;
    line.rest = next.text;
    line.textFromLine = next.no;
    next.blank = true;
    next.text = "";
  }
  return lines;
}

function classifyLine(raw: string, no: number, markdown: boolean): PolicyLine {
  const trimmedEnd = raw.replace(/\s+$/, "");
  const indent = trimmedEnd.length - trimmedEnd.replace(/^\s+/, "").length;
  const base: PolicyLine = {
    no,
    raw,
    text: "",
    indent,
    bullet: false,
    headingLevel: 0,
    number: null,
    rest: "",
    letter: null,
    blank: true,
    decoration: false,
    cells: null,
    textFromLine: null,
    roman: null,
    furniture: false,
    pageBreak: raw.includes("\f"),
  };
  let text = trimmedEnd.trim();
  if (markdown) text = stripMarkdown(text).trim();
  if (text === "") return base;
  base.blank = false;
  if (RULE_RE.test(text) || (text.includes("|") && TABLE_SEPARATOR_RE.test(text))) {
    base.decoration = true;
    base.text = text;
    return base;
  }
  const heading = HEADING_RE.exec(text);
  if (heading) {
    base.headingLevel = heading[1]!.length;
    text = text.slice(heading[0].length).trim();
  }
  const bullet = BULLET_RE.exec(text);
  if (bullet) {
    base.bullet = true;
    text = text.slice(bullet[0].length).trim();
  }
  // Emphasis left behind by a heading or bullet mark ("# **4.1** Staff") is gone already for .md.
  base.text = text;
  base.rest = text;
  if (text.startsWith("|") && text.endsWith("|") && text.length > 1) {
    base.cells = text
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim());
    return base;
  }
  const numbered = NUMBER_RE.exec(text);
  if (numbered) {
    base.number = numbered[1]!;
    base.rest = numbered[2]!.trim();
    return base;
  }
  const lettered = LETTER_RE.exec(text);
  if (lettered) base.letter = lettered[1]!;
  const roman = ROMAN_RE.exec(text);
  if (roman && !/[.;,]$/.test(text) && roman[2]!.split(/\s+/).length <= 10) base.roman = roman[1]!;
  return base;
}

// Page furniture of a document exported from PDF: a page number line ("Page 1 of 2", "- 3 -",
// "Ashford Park School Social Media Policy      Page 1 of 2") and any short line that recurs next to
// every page break (a running header or footer). Only found near page breaks, so a document
// without form feeds or page numbers is untouched.
// "Page 2", "Page 2 of 5", "Page 2/5", "2 of 5", and Word's "2 | P a g e" and "Page | 2".
const PAGE_WORD = "p\\s?a\\s?g\\s?e";
const PAGE_MARK = `(?:${PAGE_WORD}\\s*\\|?\\s*\\d{1,3}(?:\\s*(?:of|/)\\s*\\d{1,3})?|\\d{1,3}\\s+of\\s+\\d{1,3}|\\d{1,3}\\s*\\|\\s*${PAGE_WORD})`;
const PAGE_ALONE_RE = new RegExp(`^(?:${PAGE_MARK}|[-–—]\\s*\\d{1,3}\\s*[-–—])$`, "i");
const PAGE_AFTER_GAP_RE = new RegExp(`^(.+?)(?:\\s{2,}|\\t|\\s+[|–—-]\\s+)${PAGE_MARK}$`, "i");
const PAGE_BEFORE_GAP_RE = new RegExp(`^${PAGE_MARK}(?:\\s{2,}|\\t|\\s+[|–—-]\\s+)(.+)$`, "i");
const FURNITURE_WORDS = 15;
const NEAR = 2;

function isPageNumberLine(line: PolicyLine): boolean {
  if (line.blank || line.decoration || line.bullet || line.headingLevel > 0) return false;
  const text = line.pageBreak ? line.raw.replace(/\f/g, "").trim() : line.text;
  // Cheap tests first: a page mark ends in a digit or "e" ("P a g e"), or starts with one.
  const atEnd = /[\de]$/i.test(text);
  const atStart = /^[\dp]/i.test(text);
  if (!atEnd && !atStart) return false;
  if (PAGE_ALONE_RE.test(text)) return true;
  const side =
    (atEnd ? PAGE_AFTER_GAP_RE.exec(text) : null) ?? (atStart ? PAGE_BEFORE_GAP_RE.exec(text) : null);
  return side !== null && side[1]!.trim().split(/\s+/).length <= FURNITURE_WORDS && !/[.;:]$/.test(side[1]!);
}

function markPageFurniture(lines: PolicyLine[]): void {
  const breaks = new Set<number>();
  lines.forEach((line, i) => {
    if (line.pageBreak) breaks.add(i);
  });
  // A bare number right beside a form feed is the page number, not a clause number.
  const besideFormFeed = (i: number): boolean =>
    [-1, 1].some((step) => {
      for (let j = i + step; j >= 0 && j < lines.length; j += step) {
        if (lines[j]!.pageBreak) return true;
        if (!lines[j]!.blank) return false;
      }
      return false;
    });
  let pageNumbers = lines.map((line, i) => {
    const bare =
      line.number !== null &&
      line.text === line.number &&
      /^\d{1,3}$/.test(line.number) &&
      (line.pageBreak || besideFormFeed(i));
    return bare || isPageNumberLine(line);
  });
  // With no form feed, one "Page 3" line may be wording that wrapped; "Page 3 of 8" never is.
  if (breaks.size === 0 && pageNumbers.filter(Boolean).length < 2) {
    pageNumbers = pageNumbers.map((isPage, i) => isPage && /\d\s*(?:of|\/)\s*\d/i.test(lines[i]!.raw));
  }
  pageNumbers.forEach((isPage, i) => {
    if (isPage) breaks.add(i);
  });
  if (breaks.size === 0) return;
  // Non-blank lines between i and the nearest page break (0 when i is at one, or at either end).
  const distance = (i: number): number => {
    let best = Number.POSITIVE_INFINITY;
    for (const step of [-1, 1]) {
      let count = 0;
      for (let j = i; j >= 0 && j < lines.length; j += step) {
        if (breaks.has(j)) {
          best = Math.min(best, count);
          break;
        }
        if (j !== i && !lines[j]!.blank) count++;
        if (count > NEAR) break;
      }
    }
    return best;
  };
  const firstNumbered = lines.findIndex((line) => line.number !== null);
  const keyOf = (line: PolicyLine) => line.text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ");
  const occurrences = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const candidate =
      !line.blank &&
      !line.decoration &&
      !pageNumbers[i] &&
      line.number === null &&
      !line.bullet &&
      line.letter === null &&
      line.cells === null &&
      line.text.split(/\s+/).length <= FURNITURE_WORDS;
    if (!candidate) return;
    const key = keyOf(line);
    occurrences.set(key, [...(occurrences.get(key) ?? []), i]);
  });
  const furniture = new Set(pageNumbers.flatMap((isPage, i) => (isPage ? [i] : [])));
  for (const indexes of occurrences.values()) {
    if (indexes.length < 2) continue;
    // The file's first and last lines count as page edges too, but one real break must be near.
    const edge = (i: number) =>
      lines.slice(0, i).every((l) => l.blank) || lines.slice(i + 1).every((l) => l.blank);
    const near = indexes.map((i) => distance(i) <= NEAR);
    if (!indexes.every((i, k) => near[k] || edge(i)) || !near.some(Boolean)) continue;
    // A copy above the first numbered line is kept when it is the only title there is.
    const titleElsewhere = lines
      .slice(0, firstNumbered === -1 ? 0 : firstNumbered)
      .some((l, j) => !l.blank && !l.decoration && !indexes.includes(j) && !l.text.includes(":"));
    for (const i of indexes) if (titleElsewhere || i > firstNumbered) furniture.add(i);
  }
  for (const i of furniture) {
    const line = lines[i]!;
    line.furniture = true;
    line.blank = true;
    line.text = "";
    line.rest = "";
    line.number = null;
    line.letter = null;
    line.roman = null;
  }
}
