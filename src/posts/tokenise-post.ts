// Splits a post into words with exact offsets, folded forms and sentence numbers. One pass over the
// characters, no regular expression over the whole text, so cost stays linear on hostile input.
import { foldWord } from "./fold-word";

export interface Token {
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
  raw: string;
  /** Folded form the rules compare (see foldWord); a hashtag loses its "#". */
  norm: string;
  sentence: number;
  /** First letter is upper case ("Dickson", "TOM"). */
  capitalised: boolean;
  /** Two or more letters, all upper case ("SLT", "SEND"). */
  upper: boolean;
  /** Contains "*" standing for hidden letters ("f***ing"). */
  masked: boolean;
  /** Digits only. */
  numeric: boolean;
  /** Part of a web address or email address: only the contact-detail finders look at it. */
  ignored: boolean;
}

const coreChar = /[\p{L}\p{M}\p{N}]/u;
const letterChar = /\p{L}/u;
/** "A*" and "A**" are grades, not a masked word. */
const grade = /^A\*{1,2}s?$/;
// Characters that may sit inside a word: apostrophes, hyphens, and the symbols used to mask or
// disguise letters ("f***", "sh!t", "$hit"), plus "@", "#" and "_" for handles and hashtags.
// Compared as char codes: the tokeniser runs on every post and a string per character is garbage.
const joiners = new Set([..."'\u2019-*!@$|_#"].map((ch) => ch.charCodeAt(0)));
const keepAtStart = new Set([..."@#$"].map((ch) => ch.charCodeAt(0)));
const keepAtEnd = new Set([..."*"].map((ch) => ch.charCodeAt(0)));
const hyphen = 45;
const abbreviations = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "sir",
  "no",
  "vs",
  "v",
  "eg",
  "ie",
  "etc",
]);

/** Whether a code point is a letter, mark or digit: 1 or 0, or -1 when only the Unicode regex can tell. */
function coreKind(code: number): number {
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0;
  // Common scripts without a regex test: Latin letters, combining marks, Greek, Cyrillic, Hebrew,
  // Arabic and CJK. Everything else asks the Unicode property regex.
  if (code >= 0xc0 && code <= 0x24f) return code !== 0xd7 && code !== 0xf7 ? 1 : 0;
  if (
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x391 && code <= 0x3ff) ||
    (code >= 0x400 && code <= 0x4ff)
  )
    return 1;
  if (
    (code >= 0x5d0 && code <= 0x5ea) ||
    (code >= 0x620 && code <= 0x64a) ||
    (code >= 0x4e00 && code <= 0x9fff)
  )
    return 1;
  return -1;
}

/** The code point at i (width 1 or 2 code units) is a letter, mark or digit. */
function isCoreAt(text: string, i: number, code: number, width: number): boolean {
  const kind = coreKind(code);
  if (kind >= 0) return kind === 1;
  return coreChar.test(width === 2 ? text.slice(i, i + 2) : text[i]!);
}

export function tokenisePost(text: string): Token[] {
  // Flat [start, end] pairs, one per word.
  const pieces: number[] = [];
  let runStart = -1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let width = 1;
    let inRun = false;
    if (i < n) {
      const code = text.codePointAt(i)!;
      width = code > 0xffff ? 2 : 1;
      inRun = isCoreAt(text, i, code, width) || joiners.has(code);
    }
    if (inRun) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      splitRun(text, runStart, i, pieces);
      runStart = -1;
    }
    i += width;
  }
  return toTokens(text, pieces);
}

function splitRun(text: string, start: number, end: number, out: number[]): void {
  // Trim joiners that cannot begin or end a word.
  while (start < end && joiners.has(text.charCodeAt(start)) && !keepAtStart.has(text.charCodeAt(start)))
    start++;
  while (end > start && joiners.has(text.charCodeAt(end - 1)) && !keepAtEnd.has(text.charCodeAt(end - 1)))
    end--;
  if (start >= end) return;
  let hasHyphen = false;
  for (let c = start; c < end && !hasHyphen; c++) hasHyphen = text.charCodeAt(c) === hyphen;
  if (!hasHyphen) {
    pushIfWord(text, start, end, out);
    return;
  }
  // "Anne-Marie", "piss-up" stay whole; "Year-9", "f-u-c-k", "9-4" split at the hyphens.
  if (partsAreWords(text, start, end)) {
    pushIfWord(text, start, end, out);
    return;
  }
  const parts = text.slice(start, end).split("-");
  let pos = start;
  for (const part of parts) {
    if (part.length > 0) splitRun(text, pos, pos + part.length, out);
    pos += part.length + 1;
  }
}

/** Every part between hyphens has two or more characters and no digit. */
function partsAreWords(text: string, start: number, end: number): boolean {
  let length = 0;
  for (let c = start; c <= end; c++) {
    const code = c < end ? text.charCodeAt(c) : hyphen;
    if (code === hyphen) {
      if (length < 2) return false;
      length = 0;
    } else if (code >= 48 && code <= 57) return false;
    else length++;
  }
  return true;
}

function pushIfWord(text: string, start: number, end: number, out: number[]): void {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isCoreAt(text, i, code, 1) || (code >= 0xd800 && code <= 0xdbff)) {
      out.push(start, end);
      return;
    }
  }
}

function toTokens(text: string, pieces: readonly number[]): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let previousEnd = 0;
  let previousNorm = "";
  for (let p = 0; p < pieces.length; p += 2) {
    const start = pieces[p]!;
    const end = pieces[p + 1]!;
    if (tokens.length > 0 && endsSentence(text, previousEnd, start, previousNorm)) sentence++;
    const raw = text.slice(start, end);
    let norm = foldWord(raw);
    if (norm.startsWith("#") && norm.length > 1) norm = norm.slice(1);
    // Capitals and digits by char code for ASCII; anything else by its code point's string.
    let capitalised = false;
    let seenLetter = false;
    let letters = 0;
    let upperLetters = 0;
    let digits = 0;
    for (let c = 0; c < raw.length; c++) {
      const code = raw.charCodeAt(c);
      if (code < 128) {
        if (code >= 48 && code <= 57) digits++;
        else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
          const isUpper = code <= 90;
          if (!seenLetter) capitalised = isUpper;
          seenLetter = true;
          letters++;
          if (isUpper) upperLetters++;
        }
        continue;
      }
      const point = raw.codePointAt(c)!;
      const ch = point > 0xffff ? raw.slice(c, c + 2) : raw[c]!;
      if (point > 0xffff) c++;
      if (letterChar.test(ch)) {
        const isUpper = ch !== ch.toLowerCase();
        if (!seenLetter) capitalised = isUpper;
        seenLetter = true;
        letters++;
        if (isUpper) upperLetters++;
      }
    }
    tokens.push({
      start,
      end,
      raw,
      norm,
      sentence,
      capitalised,
      upper: letters >= 2 && upperLetters === letters,
      masked: raw.includes("*") && !grade.test(raw),
      numeric: digits > 0 && digits === raw.length,
      ignored: false,
    });
    previousEnd = end;
    previousNorm = norm;
  }
  return tokens;
}

function endsSentence(text: string, from: number, to: number, previousNorm: string): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) return true; // "\n"
    if (code === 46 || code === 33 || code === 63) {
      // ".", "!", "?" followed by a space, a line end or the end of the text.
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
      const followedBySpace = next === -1 || next === 32 || next === 10 || next === 9;
      if (!followedBySpace) continue;
      if (code === 46 && i === from && abbreviations.has(previousNorm)) continue;
      return true;
    }
  }
  return false;
}
