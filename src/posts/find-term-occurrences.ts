// Finds where each word list (lexicon) occurs in a tokenised post, including disguised forms of
// the lists marked as obfuscation-aware: "sh1t", "fuuuuck", "f***ing", "f u c k".
import type { TermEntry, TermIndex, TokenPattern } from "./compile-term-index";
import { collapseRepeats, isStretched, maskFits, readLeetspeak } from "./fold-word";
import type { Token } from "./tokenise-post";

/** Occurrences of each lexicon (and entity) as token ranges [start, end). */
export class Occurrences {
  private readonly starts: number[][];
  private readonly ends: number[][];
  /** Per lexicon, the end of the longest occurrence starting at each token (0: none), made on first use. */
  private readonly longest: Array<Int32Array | undefined>;
  private readonly listed: Array<Array<[number, number]> | undefined>;

  constructor(
    readonly count: number,
    private readonly tokenCount: number,
  ) {
    this.starts = Array.from({ length: count }, () => []);
    this.ends = Array.from({ length: count }, () => []);
    this.longest = new Array(count);
    this.listed = new Array(count);
  }

  add(lexId: number, start: number, end: number): void {
    this.listed[lexId] = undefined;
    let table = this.longest[lexId];
    if (!table) {
      table = new Int32Array(this.tokenCount + 1);
      this.longest[lexId] = table;
    }
    const previous = table[start]!;
    if (previous > 0) {
      if (end > previous) {
        table[start] = end;
        const list = this.starts[lexId]!;
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i] === start) {
            this.ends[lexId]![i] = end;
            break;
          }
        }
      }
      return;
    }
    table[start] = end;
    this.starts[lexId]!.push(start);
    this.ends[lexId]!.push(end);
  }

  /** End of the longest occurrence of lexId starting at token `start`, or -1. */
  endAt(lexId: number, start: number): number {
    const end = this.longest[lexId]?.[start];
    return end ? end : -1;
  }

  has(lexId: number): boolean {
    return this.starts[lexId]!.length > 0;
  }

  /** Occurrences of lexId in order of start (do not modify the returned array). */
  list(lexId: number): ReadonlyArray<[number, number]> {
    const cached = this.listed[lexId];
    if (cached) return cached;
    const starts = this.starts[lexId]!;
    const ends = this.ends[lexId]!;
    const order = starts.map((_, i) => i);
    order.sort((a, b) => starts[a]! - starts[b]!);
    const list = order.map((i): [number, number] => [starts[i]!, ends[i]!]);
    this.listed[lexId] = list;
    return list;
  }
}

const suffixes = ["", "s", "es", "ed", "er", "ers", "ing", "in", "y", "ty", "e", "ey"];

interface TokenForms {
  leet: Array<string | null | undefined>;
  stretched: Array<boolean | undefined>;
}

export interface FindTermOccurrencesOptions {
  text: string;
  index: TermIndex;
  tokens: readonly Token[];
  occurrences: Occurrences;
}

export function findTermOccurrences({ text, index, tokens, occurrences }: FindTermOccurrencesOptions): void {
  const forms: TokenForms = { leet: new Array(tokens.length), stretched: new Array(tokens.length) };
  const context: MatchContext = { text, index, tokens, occurrences, forms, maskCache: new Map() };
  const entityFirst = [...index.entityFirst].map(([lexId, entries]) => ({ lexId, entries }));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.ignored) continue;
    tryEntries(context, i, index.exactFirst.get(token.norm), false);
    const next = tokens[i + 1];
    if (next && index.pairFirst.size > 0)
      tryEntries(context, i, index.pairFirst.get(`${token.norm} ${next.norm}`), false);
    if (token.norm.length >= 2) tryEntries(context, i, index.prefixFirst.get(token.norm.slice(0, 2)), false);
    if (index.templateFirst.size > 0) {
      const code = token.norm.charCodeAt(0);
      tryEntries(context, i, index.templateFirst.get(code >= 48 && code <= 57 ? "#" : token.norm[0]!), false);
    }
    if (index.exactCaseFirst.size > 0) tryEntries(context, i, index.exactCaseFirst.get(token.norm), false);
    for (let k = 0; k < entityFirst.length; k++) {
      if (occurrences.endAt(entityFirst[k]!.lexId, i) >= 0)
        tryEntries(context, i, entityFirst[k]!.entries, false);
    }
    if (index.maskable.length > 0) findDisguised(context, i);
  }
  findSpacedLetters(context);
}

interface MatchContext {
  text: string;
  /** Masked word -> lexicon it counts for (-1: none); hostile input repeats the same word. */
  maskCache: Map<string, number>;
  index: TermIndex;
  tokens: readonly Token[];
  occurrences: Occurrences;
  forms: TokenForms;
}

function leetForm(context: MatchContext, i: number): string | null {
  let form = context.forms.leet[i];
  if (form === undefined) {
    form = readLeetspeak(context.tokens[i]!.norm);
    context.forms.leet[i] = form;
  }
  return form;
}

function stretched(context: MatchContext, i: number): boolean {
  let value = context.forms.stretched[i];
  if (value === undefined) {
    const token = context.tokens[i]!;
    value = isStretched(token.norm) || isStretched(leetForm(context, i) ?? "");
    context.forms.stretched[i] = value;
  }
  return value;
}

function findDisguised(context: MatchContext, i: number): void {
  const token = context.tokens[i]!;
  const leet = leetForm(context, i);
  if (leet !== null) {
    tryEntries(context, i, context.index.exactFirst.get(leet), true);
    tryEntries(context, i, context.index.prefixFirst.get(leet.slice(0, 2)), true);
  }
  if (stretched(context, i)) {
    const collapsed = collapseRepeats(leet ?? token.norm);
    tryEntries(context, i, context.index.collapsedFirst.get(collapsed), true);
    tryEntries(context, i, context.index.prefixFirst.get(collapsed.slice(0, 2)), true);
  }
  if (token.masked && token.norm.length <= 40 && !isGrade(token.norm)) findMasked(context, i);
}

/** "A*" and "A*s" are the top exam grade in a school's posts, not a masked swear word. */
const isGrade = (norm: string) => /^a\*s?$/.test(norm);

/** A masked word counts for the first lexicon with an entry it fits, preferring an exact length. */
function findMasked(context: MatchContext, i: number): void {
  const masked = context.tokens[i]!.norm;
  let lexId = context.maskCache.get(masked);
  if (lexId === undefined) {
    lexId = -1;
    const candidates = context.index.maskable.filter((entry) => entry.text[0] === masked[0]);
    for (const exactLength of [true, false]) {
      const entry = candidates.find((candidate) => fitsMask(candidate, masked, exactLength));
      if (entry) {
        lexId = entry.lexId;
        break;
      }
    }
    context.maskCache.set(masked, lexId);
  }
  if (lexId >= 0) context.occurrences.add(lexId, i, i + 1);
}

function fitsMask(entry: TermEntry, masked: string, exactLength: boolean): boolean {
  const pattern = entry.seq[0]!;
  if (pattern.kind !== "word" && pattern.kind !== "prefix") return false;
  const words =
    pattern.kind === "prefix" ? suffixes.map((suffix) => pattern.value + suffix) : [pattern.value];
  return words.some((word) => (!exactLength || word.length === masked.length) && maskFits(masked, word));
}

function tryEntries(
  context: MatchContext,
  i: number,
  entries: readonly TermEntry[] | undefined,
  disguisedOnly: boolean,
) {
  if (!entries) return;
  for (const entry of entries) {
    if (disguisedOnly && !entry.obfuscated) continue;
    const end = matchSequence(context, entry, i);
    if (end > i) context.occurrences.add(entry.lexId, i, end);
  }
}

function matchSequence(context: MatchContext, entry: TermEntry, start: number): number {
  const { tokens, occurrences } = context;
  const sentence = tokens[start]!.sentence;
  let pos = start;
  for (const pattern of entry.seq) {
    if (pattern.kind === "entity") {
      const end = occurrences.endAt(pattern.lexId, pos);
      if (end < 0) return -1;
      pos = end;
      continue;
    }
    const token = tokens[pos];
    if (!token || token.sentence !== sentence || token.ignored) return -1;
    if (pos > start && !plainGap(context.text, tokens[pos - 1]!.end, token.start)) return -1;
    if (!tokenMatches(context, pattern, pos, entry.obfuscated)) return -1;
    pos++;
  }
  return pos;
}

/** Words of one phrase are separated by spaces only: "a friend (me)" is not "friend me". */
function plainGap(text: string, from: number, to: number): boolean {
  if (to - from > 4) return false;
  for (let c = from; c < to; c++) {
    const ch = text[c]!;
    if (ch !== " " && ch !== "\u00a0" && ch !== "\t" && ch !== "-" && ch !== "'" && ch !== "\u2019")
      return false;
  }
  return true;
}

function tokenMatches(context: MatchContext, pattern: TokenPattern, i: number, obfuscated: boolean): boolean {
  const token = context.tokens[i]!;
  switch (pattern.kind) {
    case "any":
      return true;
    case "exact-case":
      return (
        token.raw === pattern.value ||
        (token.raw.length === pattern.value.length + 2 &&
          token.raw.startsWith(pattern.value) &&
          token.norm.length === pattern.value.length)
      );
    case "template":
      return fitsTemplate(pattern.value, token.norm);
    case "word":
    case "prefix": {
      if (formFits(pattern.kind, token.norm, pattern.value)) return true;
      if (!obfuscated) return false;
      const leet = leetForm(context, i);
      if (leet !== null && formFits(pattern.kind, leet, pattern.value)) return true;
      if (stretched(context, i))
        return formFits(pattern.kind, collapseRepeats(leet ?? token.norm), collapseRepeats(pattern.value));
      return false;
    }
    default:
      return false;
  }
}

function formFits(kind: "word" | "prefix", form: string, value: string): boolean {
  return kind === "word" ? form === value : form.startsWith(value);
}

/** "y#" fits "y9", "year #" parts fit "year" and "11"; "#" is one or more digits. */
export function fitsTemplate(template: string, word: string): boolean {
  let w = 0;
  for (let t = 0; t < template.length; t++) {
    const ch = template[t]!;
    if (ch === "#") {
      const from = w;
      while (w < word.length && word.charCodeAt(w) >= 48 && word.charCodeAt(w) <= 57) w++;
      if (w === from) return false;
    } else {
      if (word[w] !== ch) return false;
      w++;
    }
  }
  return w === word.length;
}

const spacedSeparators = new Set([" ", ".", "-", "_", "*"]);

/** "f u c k", "s.h.i.t": runs of single letters read as one word, tried against disguisable lists. */
function findSpacedLetters(context: MatchContext): void {
  const { tokens, index } = context;
  if (index.maskable.length === 0) return;
  let runStart = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const continues =
      i < tokens.length &&
      isSingleLetter(tokens[i]!) &&
      (i === runStart || (tokens[i]!.sentence === tokens[i - 1]!.sentence && closeGap(context, i)));
    if (continues) continue;
    if (i - runStart >= 3) matchRun(context, runStart, i);
    runStart = i < tokens.length && isSingleLetter(tokens[i]!) ? i : i + 1;
  }
}

function isSingleLetter(token: Token): boolean {
  return token.norm.length === 1 && !token.ignored;
}

function closeGap(context: MatchContext, i: number): boolean {
  const previous = context.tokens[i - 1]!;
  const token = context.tokens[i]!;
  if (token.start - previous.end > 3) return false;
  for (let c = previous.end; c < token.start; c++) {
    if (!spacedSeparators.has(context.text[c]!)) return false;
  }
  return true;
}

function matchRun(context: MatchContext, from: number, to: number): void {
  const { tokens, index, occurrences } = context;
  let s = from;
  while (s <= to - 3) {
    if (!index.maskableStarts.has(tokens[s]!.norm + tokens[s + 1]!.norm)) {
      s++;
      continue;
    }
    const words: string[] = [];
    let word = "";
    for (let k = s; k < Math.min(s + 12, to); k++) {
      word += tokens[k]!.norm;
      words.push(word);
    }
    let matched = 0;
    for (let len = words.length; len >= 3 && matched === 0; len--) {
      const candidate = words[len - 1]!;
      let lexId = spacedLexicon(index.exactFirst.get(candidate), candidate);
      if (lexId < 0) lexId = spacedLexicon(index.prefixFirst.get(candidate.slice(0, 2)), candidate);
      if (lexId >= 0) {
        occurrences.add(lexId, s, s + len);
        matched = len;
      }
    }
    s += matched > 0 ? matched : 1;
  }
}

/** The lexicon of the first disguisable one-word entry the joined letters spell, or -1. */
function spacedLexicon(entries: readonly TermEntry[] | undefined, word: string): number {
  for (const entry of entries ?? []) {
    const pattern = entry.seq[0]!;
    if (!entry.obfuscated || entry.seq.length !== 1) continue;
    if (
      pattern.kind === "word"
        ? word === pattern.value
        : pattern.kind === "prefix" && word.startsWith(pattern.value)
    ) {
      return entry.lexId;
    }
  }
  return -1;
}
