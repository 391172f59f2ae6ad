// Finds where each word list (lexicon) occurs in a tokenised post, including disguised forms of
// the lists marked as obfuscation-aware: "sh1t", "fuuuuck", "f***ing", "f u c k".
import type { TermEntry, TermIndex, TokenPattern } from "./compile-term-index";
import { collapseRepeats, isStretched, maskFits, readLeetspeak } from "./fold-word";
import type { Token } from "./tokenise-post";

/** Occurrences of each lexicon (and entity) as token ranges [start, end). */
export class Occurrences {
  /**
   * Per lexicon, its occurrences as flat pairs [start, end, start, end, ...], made on first add:
   * most of the ~500 lexicons never occur in a post, and an empty list each was most of a check's
   * garbage (enough that V8 began allocating them straight into the old generation).
   */
  private readonly pairs: Array<number[] | undefined>;
  /**
   * Per lexicon with many occurrences, where in its pairs the occurrence starting at each token is
   * (index + 1; 0: none), so add and endAt stay constant-time on hostile input; a short list is
   * scanned instead.
   */
  private longest: Array<Int32Array | undefined> | undefined;
  private listed: Array<ReadonlyArray<[number, number]> | undefined> | undefined;

  constructor(
    readonly count: number,
    private readonly tokenCount: number,
  ) {
    this.pairs = new Array(count);
  }

  add(lexId: number, start: number, end: number): void {
    if (this.listed) this.listed[lexId] = undefined;
    const pairs = this.pairs[lexId];
    if (!pairs) {
      this.pairs[lexId] = [start, end];
      return;
    }
    const table = this.longest?.[lexId];
    const at = table ? table[start]! - 1 : indexOfStart(pairs, start);
    if (at >= 0) {
      if (end > pairs[at + 1]!) pairs[at + 1] = end;
      return;
    }
    pairs.push(start, end);
    if (table) table[start] = pairs.length - 1;
    else if (pairs.length > longListPairs) {
      const made = new Int32Array(this.tokenCount + 1);
      for (let i = 0; i < pairs.length; i += 2) made[pairs[i]!] = i + 1;
      this.longest ??= new Array(this.count);
      this.longest[lexId] = made;
    }
  }

  /** End of the longest occurrence of lexId starting at token `start`, or -1. */
  endAt(lexId: number, start: number): number {
    const pairs = this.pairs[lexId];
    if (!pairs) return -1;
    const table = this.longest?.[lexId];
    const at = table ? table[start]! - 1 : indexOfStart(pairs, start);
    return at >= 0 ? pairs[at + 1]! : -1;
  }

  has(lexId: number): boolean {
    return this.pairs[lexId] !== undefined;
  }

  /** Occurrences of lexId in order of start (do not modify the returned array). */
  list(lexId: number): ReadonlyArray<[number, number]> {
    const pairs = this.pairs[lexId];
    if (!pairs) return noSpans;
    this.listed ??= new Array(this.count);
    const cached = this.listed[lexId];
    if (cached) return cached;
    const list: Array<[number, number]> = [];
    let sorted = true;
    for (let i = 0; i < pairs.length; i += 2) {
      if (i > 0 && pairs[i]! < pairs[i - 2]!) sorted = false;
      list.push([pairs[i]!, pairs[i + 1]!]);
    }
    // Starts are unique per lexicon, so the order is the same whatever the sort.
    if (!sorted) list.sort((a, b) => a[0] - b[0]);
    this.listed[lexId] = list;
    return list;
  }
}

/** Above this many numbers (start, end pairs) a lexicon gets its lookup table. */
const longListPairs = 16;

const noSpans: ReadonlyArray<[number, number]> = Object.freeze([]);

function indexOfStart(pairs: readonly number[], start: number): number {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === start) return i;
  return -1;
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
  /** Tokens inside a person's name (markInsideNames): no term begins there. */
  insideNames?: Uint8Array;
}

/**
 * Lookups derived from a compiled index (complete once compiled), keyed so that a post's words are
 * looked up without building a string per word: the pair "first second" as two nested maps, a stem's
 * first two characters as one number.
 */
interface IndexLookups {
  pairs: Map<string, Map<string, TermEntry[]>>;
  prefixes: Map<number, TermEntry[]>;
  entityFirst: Array<{ lexId: number; entries: TermEntry[] }>;
}

const lookupsCache = new WeakMap<TermIndex, IndexLookups>();

function lookupsFor(index: TermIndex): IndexLookups {
  let lookups = lookupsCache.get(index);
  if (lookups) return lookups;
  const pairs = new Map<string, Map<string, TermEntry[]>>();
  for (const entries of index.pairFirst.values()) {
    for (const entry of entries) {
      const first = entry.seq[0] as { value: string };
      const second = entry.seq[1] as { value: string };
      let seconds = pairs.get(first.value);
      if (!seconds) {
        seconds = new Map();
        pairs.set(first.value, seconds);
      }
      const list = seconds.get(second.value);
      if (list) list.push(entry);
      else seconds.set(second.value, [entry]);
    }
  }
  const prefixes = new Map<number, TermEntry[]>();
  for (const [key, entries] of index.prefixFirst) {
    if (key.length === 2) prefixes.set(twoUnits(key), entries);
  }
  const entityFirst = [...index.entityFirst].map(([lexId, entries]) => ({ lexId, entries }));
  lookups = { pairs, prefixes, entityFirst };
  lookupsCache.set(index, lookups);
  return lookups;
}

/** The first two code units of a string of two or more, as one number. */
function twoUnits(word: string): number {
  return word.charCodeAt(0) * 65536 + word.charCodeAt(1);
}

/** The prefix entries for a word's first two characters (none for a word shorter than two). */
function prefixEntries(context: MatchContext, word: string): readonly TermEntry[] | undefined {
  return word.length >= 2 ? context.lookups.prefixes.get(twoUnits(word)) : undefined;
}

export function findTermOccurrences({
  text,
  index,
  tokens,
  occurrences,
  insideNames,
}: FindTermOccurrencesOptions): void {
  const lookups = lookupsFor(index);
  const context: MatchContext = {
    text,
    index,
    lookups,
    tokens,
    occurrences,
    forms: undefined,
    maskCache: undefined,
  };
  const { entityFirst } = lookups;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.ignored || insideNames?.[i]) continue;
    tryEntries(context, i, index.exactFirst.get(token.norm), false);
    const next = tokens[i + 1];
    if (next && index.pairFirst.size > 0)
      tryEntries(context, i, lookups.pairs.get(token.norm)?.get(next.norm), false);
    tryEntries(context, i, prefixEntries(context, token.norm), false);
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

/**
 * Tokens after the first word of a person's name: "Florence Foster" is not foster care, nor "Mr Wood"
 * a wood. A word list's term may still begin at the name's first word ("Mr _").
 */
export function markInsideNames(
  occurrences: Occurrences,
  names: number,
  tokenCount: number,
): Uint8Array | undefined {
  if (!occurrences.has(names)) return undefined;
  const inside = new Uint8Array(tokenCount);
  for (const [start, end] of occurrences.list(names)) for (let k = start + 1; k < end; k++) inside[k] = 1;
  return inside;
}

interface MatchContext {
  text: string;
  /** Masked word -> lexicon it counts for (-1: none); hostile input repeats the same word. Made on first use. */
  maskCache: Map<string, number> | undefined;
  index: TermIndex;
  lookups: IndexLookups;
  tokens: readonly Token[];
  occurrences: Occurrences;
  /** Made on first use: most posts have no disguised words to read. */
  forms: TokenForms | undefined;
}

function formsOf(context: MatchContext): TokenForms {
  context.forms ??= { leet: new Array(context.tokens.length), stretched: new Array(context.tokens.length) };
  return context.forms;
}

function leetForm(context: MatchContext, i: number): string | null {
  const forms = formsOf(context);
  let form = forms.leet[i];
  if (form === undefined) {
    form = readLeetspeak(context.tokens[i]!.norm);
    forms.leet[i] = form;
  }
  return form;
}

function stretched(context: MatchContext, i: number): boolean {
  const forms = formsOf(context);
  let value = forms.stretched[i];
  if (value === undefined) {
    const token = context.tokens[i]!;
    value = isStretched(token.norm) || isStretched(leetForm(context, i) ?? "");
    forms.stretched[i] = value;
  }
  return value;
}

function findDisguised(context: MatchContext, i: number): void {
  const token = context.tokens[i]!;
  const leet = leetForm(context, i);
  if (leet !== null) {
    tryEntries(context, i, context.index.exactFirst.get(leet), true);
    tryEntries(context, i, prefixEntries(context, leet), true);
  }
  if (stretched(context, i)) {
    const collapsed = collapseRepeats(leet ?? token.norm);
    tryEntries(context, i, context.index.collapsedFirst.get(collapsed), true);
    tryEntries(context, i, prefixEntries(context, collapsed), true);
  }
  if (token.masked && token.norm.length <= 40 && !isGrade(token.norm)) findMasked(context, i);
}

/** "A*" and "A*s" are the top exam grade in a school's posts, not a masked swear word. */
const gradeNorm = /^a\*s?$/;
const isGrade = (norm: string) => gradeNorm.test(norm);

/** A masked word counts for the first lexicon with an entry it fits, preferring an exact length. */
function findMasked(context: MatchContext, i: number): void {
  const masked = context.tokens[i]!.norm;
  context.maskCache ??= new Map();
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
