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
}

const BULLET_RE = /^[-•*–·▪◦●]\s+/;
const HEADING_RE = /^(#{1,6})\s+/;
const NUMBER_RE = /^(?:section\s+)?(\d{1,2}(?:\.\d{1,2})*)\.?(?:\)|:)?(?=\s|$)\s*(.*)$/i;
const LETTER_RE = /^(\((?:[a-z]|[ivx]{1,4})\)|[a-z]\))\s+(.*)$/i;
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
  return base;
}
