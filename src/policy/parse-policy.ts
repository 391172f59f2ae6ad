// Turns the text of a policy (.txt, .md, or a Word document read by read-policy-file.ts) into data:
// front matter, contents, sections and the clause tree with actors and modalities. Nothing here
// knows any one school's document; the layout conventions are those of the common UK template.
import { classifyPolicyLines, type PolicyLine } from "./classify-policy-lines";
import { actorOfHeading, actorOfSectionTitle, findModals, readClause } from "./detect-clause-actor";
import type {
  ActorSource,
  ContentsEntry,
  ParsedPolicy,
  ParsePolicyResult,
  ParseWarning,
  PolicyClause,
  PolicySection,
} from "./parsed-policy";
import { readFrontMatter } from "./read-front-matter";

interface Part {
  kind: "para" | "item";
  text: string;
  indent: number;
}

interface Block {
  number: string;
  line: number;
  endLine: number;
  headingLevel: number;
  parts: Part[];
}

const TERMINAL_RE = /[.;:!?)'"’”]$/;
const CONTENTS_HEADING_RE = /^(table of )?contents:?$/i;
const ORGANISATION_RE =
  /\b(trust|academy|academies|school|college|federation|council|partnership|diocese|foundation|MAT)\b/i;
// Control characters other than tab, newline, form feed, and the replacement character that
// decoding leaves in place of bytes that are not UTF-8.
const JUNK_RE = /[\u0000-\u0008\u000E-\u001F\uFFFD]/g;

function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function findJunk(text: string): number | null {
  const matches = [...text.matchAll(JUNK_RE)];
  if (matches.length === 0) return null;
  if (text.includes("\u0000") || matches.length > Math.max(2, text.length / 200)) {
    return lineOfIndex(text.replace(/\r\n?/g, "\n"), matches[0]!.index);
  }
  return null;
}

interface PageEntry {
  number: string | null;
  title: string;
  page: number;
  leaders: boolean;
}

/** A contents line: a title, then dotted leaders, a tab or a wide gap, then a page number. */
function pageEntryOf(line: PolicyLine): PageEntry | null {
  const text = line.number !== null ? line.rest : line.text;
  const match = /^(.*?\S)([\s.…_·]+)(\d{1,3})$/.exec(text);
  if (!match) return null;
  const separator = match[2]!;
  const leaders = /\.{2,}|…|_{2,}|·{2,}/.test(separator);
  if (!leaders && !/\t|\s{2,}/.test(separator)) return null;
  return { number: line.number, title: match[1]!.replace(/[.…_·\s]+$/, ""), page: Number(match[3]), leaders };
}

function romanValue(numeral: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = values[numeral[i]!]!;
    const next = values[numeral[i + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.[^.]+$/, "");
}

export function parsePolicy({ text, fileName }: { text: string; fileName: string }): ParsePolicyResult {
  const junkLine = findJunk(text);
  if (junkLine !== null) {
    return {
      ok: false,
      error: {
        file: fileName,
        line: junkLine,
        message: "this is not readable text (binary data found); save the policy as .txt, .md or .docx",
      },
    };
  }
  const markdown = /\.(md|markdown)$/i.test(fileName);
  const lines = classifyPolicyLines({ text, markdown });
  const firstText = lines.find((line) => !line.blank && !line.decoration);
  if (!firstText) {
    return { ok: false, error: { file: fileName, line: 1, message: "the policy is empty" } };
  }

  const warnings: ParseWarning[] = [];

  // Front matter and contents: everything before the first numbered line outside the contents.
  const front: PolicyLine[] = [];
  const contents: ContentsEntry[] = [];
  let contentsLine: number | null = null;
  let inContents = false;
  let contentsHasPages = false;
  let bodyStart = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.blank || line.decoration) continue;
    if (line.number === null && CONTENTS_HEADING_RE.test(line.text)) {
      if (contentsLine === null) contentsLine = line.no;
      else warnings.push({ code: "contents-repeated", line: line.no, message: "a second contents heading" });
      inContents = true;
      continue;
    }
    const page = pageEntryOf(line);
    if (inContents) {
      if (page) {
        contents.push({ number: page.number, title: page.title, page: page.page, line: line.no });
        contentsHasPages = true;
        continue;
      }
      // A contents list without page numbers runs until the numbering starts again or a heading.
      const restarts = contents.length > 0 && line.number === contents[0]!.number;
      if (line.number !== null && line.headingLevel === 0 && !contentsHasPages && !restarts) {
        contents.push({ number: line.number, title: line.rest, line: line.no });
        continue;
      }
      inContents = false;
    } else if (page && (page.number !== null || page.leaders) && bodyStart === lines.length) {
      inContents = true;
      contentsHasPages = true;
      contents.push({ number: page.number, title: page.title, page: page.page, line: line.no });
      continue;
    }
    if (line.number !== null) {
      bodyStart = i;
      break;
    }
    front.push(line);
  }

  const frontMatter = readFrontMatter({ lines: front });
  warnings.push(...frontMatter.warnings);
  const metadata = frontMatter.metadata;

  // Title and organisation come from the short unlabelled lines at the top.
  let title: string | null = null;
  let titleLine: number | null = null;
  let organisation: string | null = null;
  let organisationLine: number | null = null;
  const plain = frontMatter.plainLines.filter((line) => wordCount(line.text) <= 14 && !/\.$/.test(line.text));
  const titleCandidate = plain.find((line) => /\bpolic(y|ies)\b/i.test(line.text));
  const organisationCandidate = plain.find(
    (line) => line !== titleCandidate && ORGANISATION_RE.test(line.text),
  );
  const chosenTitle = titleCandidate ?? plain.find((line) => line !== organisationCandidate);
  if (chosenTitle) {
    title = chosenTitle.text;
    titleLine = chosenTitle.no;
  }
  const chosenOrganisation = organisationCandidate ?? plain.find((line) => line !== chosenTitle);
  if (chosenOrganisation && chosenOrganisation !== chosenTitle) {
    organisation = chosenOrganisation.text;
    organisationLine = chosenOrganisation.no;
  }
  for (const line of frontMatter.plainLines) {
    if (line === chosenTitle || line === chosenOrganisation) continue;
    warnings.push({
      code: "text-before-first-section",
      line: line.no,
      message: `"${line.text.slice(0, 80)}" is above the first numbered section and is not part of any clause; number it or move it into a section`,
    });
  }
  title ??= metadata.raw.Title?.value ?? null;
  organisation ??= metadata.raw.Organisation?.value ?? metadata.raw.Trust?.value ?? null;
  if (title === null) {
    title = fileStem(fileName);
    warnings.push({
      code: "title-missing",
      line: firstText.no,
      message: `no title found; "${title}" (the file name) is used, put the policy's title on its own line at the top`,
    });
  }

  // Body: numbered sections and clauses, and the text that belongs to each.
  const sectionBlocks: (Block & { title: string })[] = [];
  const clauseBlocks: Block[] = [];
  let current: Block | null = null;
  let currentSection: (Block & { title: string }) | null = null;
  let blankBefore = false;
  let previous: PolicyLine | null = null;

  const expected = (number: string): boolean => {
    const segments = number.split(".");
    if (!currentSection) return true;
    if (segments.length === 1) return Number(number) === Number(currentSection.number) + 1;
    return segments[0] === currentSection.number;
  };

  const append = (block: Block, line: PolicyLine, text: string, asItem: boolean) => {
    const last = block.parts[block.parts.length - 1];
    if (asItem) block.parts.push({ kind: "item", text, indent: line.indent });
    else if (!last || blankBefore) block.parts.push({ kind: "para", text, indent: line.indent });
    else if (last.kind === "para" || line.indent > last.indent) last.text = `${last.text} ${text}`;
    else block.parts.push({ kind: "para", text, indent: line.indent });
    block.endLine = Math.max(block.endLine, line.no);
  };

  let pageBreakInGap = false;
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.pageBreak || line.furniture) pageBreakInGap = true;
    if (line.blank || line.decoration) {
      blankBefore = true;
      continue;
    }
    // A sentence that runs on over a page break ("A member of" / footer / "staff's …") is one
    // paragraph: the blank lines around the footer are the page's, not the author's.
    if (pageBreakInGap && previous !== null && !TERMINAL_RE.test(previous.text)) blankBefore = false;
    pageBreakInGap = false;
    // A number at the start of a wrapped line ("…the age of\n18 in…") continues the sentence.
    const structural =
      line.number !== null &&
      (line.bullet ||
        line.headingLevel > 0 ||
        blankBefore ||
        previous === null ||
        expected(line.number) ||
        TERMINAL_RE.test(previous.text));
    if (line.number !== null && structural) {
      const segments = line.number.split(".");
      const endLine = Math.max(line.no, line.textFromLine ?? 0);
      // A short numbered sentence that goes back in the numbering is an ordered list item.
      const listItem =
        segments.length === 1 &&
        line.headingLevel === 0 &&
        currentSection !== null &&
        current !== null &&
        Number(line.number) <= Number(currentSection.number) &&
        /[.;,]$/.test(line.rest);
      if (listItem) {
        append(current!, line, line.text, true);
      } else if (segments.length === 1) {
        if (sectionBlocks.some((section) => section.number === line.number)) {
          warnings.push({
            code: "section-number-repeated",
            line: line.no,
            message: `section ${line.number} appears twice; renumber one of them`,
          });
        }
        currentSection = {
          number: line.number,
          title: line.rest.replace(/:$/, ""),
          line: line.no,
          endLine,
          headingLevel: line.headingLevel,
          parts: [],
        };
        sectionBlocks.push(currentSection);
        current = currentSection;
      } else {
        const sectionNumber = segments[0]!;
        if (!sectionBlocks.some((section) => section.number === sectionNumber)) {
          warnings.push({
            code: "clause-without-section",
            line: line.no,
            message: `clause ${line.number} comes before any section ${sectionNumber} heading; add a "${sectionNumber} Title" line above it`,
          });
          currentSection = {
            number: sectionNumber,
            title: "",
            line: line.no,
            endLine: line.no,
            headingLevel: 0,
            parts: [],
          };
          sectionBlocks.push(currentSection);
        }
        const clause: Block = {
          number: line.number,
          line: line.no,
          endLine,
          headingLevel: line.headingLevel,
          parts: [],
        };
        if (line.rest !== "") clause.parts.push({ kind: "para", text: line.rest, indent: line.indent });
        clauseBlocks.push(clause);
        current = clause;
      }
    } else if (line.roman !== null && line.number === null) {
      // Roman numerals are not part of the numbering the clauses use, so the heading cannot be
      // placed; it still ends the clause above it rather than joining that clause's wording.
      warnings.push({
        code: "roman-heading",
        line: line.no,
        message: `heading "${line.text.slice(0, 80)}" is numbered in Roman numerals and is not imported; number it like the other sections (${romanValue(line.roman)} ${line.text.replace(/^\S+\s+/, "").slice(0, 40)})`,
      });
      current = null;
    } else if (line.headingLevel > 0 && line.number === null) {
      // An unnumbered heading (an appendix, say) ends the clause above it; its text is not a clause.
      warnings.push({
        code: "unnumbered-heading",
        line: line.no,
        message: `heading "${line.text}" has no number and is not imported; number it as a section or clause`,
      });
      current = null;
    } else if (current) {
      const asItem = line.bullet || line.letter !== null;
      append(current, line, line.text, asItem);
    } else {
      warnings.push({
        code: "text-outside-clause",
        line: line.no,
        message: `"${line.text.slice(0, 80)}" follows an unnumbered heading and is not part of any clause; number it or move it into a clause`,
      });
    }
    blankBefore = false;
    previous = line;
  }

  const furniture = lines.filter((line) => line.furniture);
  if (furniture.length > 0) {
    const shown = furniture
      .slice(0, 3)
      .map((line) => line.no)
      .join(", ");
    warnings.push({
      code: "page-furniture",
      line: furniture[0]!.no,
      message: `${furniture.length} page header/footer line(s) left out as layout, not wording (line ${shown}${furniture.length > 3 ? ", …" : ""}: "${furniture[0]!.raw.replace(/\s+/g, " ").trim().slice(0, 80)}")`,
    });
  }

  if (clauseBlocks.length === 0) {
    const firstSection = sectionBlocks[0];
    return {
      ok: false,
      error: {
        file: fileName,
        line: firstSection?.line ?? firstText.no,
        message: firstSection
          ? `found ${sectionBlocks.length} numbered section(s) but no numbered clauses under them (like "${firstSection.number}.1 Staff must …"); number each clause`
          : `no numbered clauses found (like "1.1 Staff must …"); number each section and clause`,
      },
    };
  }

  const sections: PolicySection[] = sectionBlocks.map((block) => ({
    number: block.number,
    title: block.title,
    line: block.line,
    endLine: block.endLine,
    intro: block.parts.map((part) => part.text).join("\n"),
    items: block.parts.filter((part) => part.kind === "item").map((part) => part.text),
  }));

  const clauses = buildClauses({ blocks: clauseBlocks, sections, warnings });

  const policy: ParsedPolicy = {
    title,
    titleLine,
    organisation,
    organisationLine,
    metadata,
    contentsLine,
    contents,
    sections,
    clauses,
  };
  return { ok: true, policy, warnings };
}

function buildClauses({
  blocks,
  sections,
  warnings,
}: {
  blocks: Block[];
  sections: PolicySection[];
  warnings: ParseWarning[];
}): PolicyClause[] {
  const numbers = blocks.map((block) => block.number);
  const hasChild = (number: string) => numbers.some((other) => other.startsWith(`${number}.`));
  const byId = new Map<string, PolicyClause>();
  const seen = new Map<string, number>();
  const clauses: PolicyClause[] = [];

  for (const block of blocks) {
    const count = (seen.get(block.number) ?? 0) + 1;
    seen.set(block.number, count);
    const id = count === 1 ? block.number : `${block.number}#${count}`;
    if (count > 1) {
      warnings.push({
        code: "clause-number-repeated",
        line: block.line,
        message: `clause ${block.number} appears ${count} times; this one is kept as ${id}, renumber it`,
      });
    }
    const segments = block.number.split(".");
    let parentId: string | null = null;
    for (let k = segments.length - 1; k >= 2; k--) {
      const candidate = segments.slice(0, k).join(".");
      if (byId.has(candidate)) {
        parentId = candidate;
        break;
      }
    }
    const text = block.parts.map((part) => part.text).join("\n");
    const items = block.parts.filter((part) => part.kind === "item").map((part) => part.text);
    const onlyPara = block.parts.length === 1 && block.parts[0]!.kind === "para";
    const isHeading =
      onlyPara &&
      findModals(text).length === 0 &&
      !/[.;!?]$/.test(text) &&
      ((hasChild(block.number) && wordCount(text) <= 10) || block.headingLevel > 0);
    const reading = isHeading
      ? { actor: actorOfHeading(text), modality: "none" as const, modalities: [] }
      : readClause(text);

    let actor = reading.actor;
    let actorSource: ActorSource | null = actor ? (isHeading ? "heading" : "sentence") : null;
    if (!actor) {
      // Inherit from the nearest enclosing clause that names an actor, then from the section title.
      for (
        let ancestorId = parentId;
        ancestorId !== null;
        ancestorId = byId.get(ancestorId)?.parentId ?? null
      ) {
        const ancestor = byId.get(ancestorId)!;
        if (ancestor.actor) {
          actor = ancestor.actor;
          actorSource =
            ancestor.heading !== undefined && ancestor.actorSource === "heading" ? "heading" : "parent";
          break;
        }
      }
    }
    if (!actor) {
      const section = sections.find((candidate) => candidate.number === segments[0]);
      const fromTitle = section ? actorOfSectionTitle(section.title) : null;
      if (fromTitle) {
        actor = fromTitle;
        actorSource = "section";
      }
    }

    const clause: PolicyClause = {
      id,
      number: block.number,
      parentId,
      sectionNumber: segments[0]!,
      depth: segments.length - 1,
      text,
      items,
      actor,
      actorSource,
      modality: reading.modality,
      modalities: reading.modalities,
      line: block.line,
      endLine: block.endLine,
    };
    if (isHeading) clause.heading = text.replace(/:$/, "");
    byId.set(id, clause);
    clauses.push(clause);
  }
  return clauses;
}
