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
// Characters that may sit inside a word: apostrophes, hyphens, and the symbols used to mask or
// disguise letters ("f***", "sh!t", "$hit"), plus "@", "#" and "_" for handles and hashtags.
const joiners = new Set(["'", "\u2019", "-", "*", "!", "@", "$", "|", "_", "#"]);
const keepAtStart = new Set(["@", "#", "$"]);
const keepAtEnd = new Set(["*"]);
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

function isCore(code: number, ch: string): boolean {
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  // Common scripts without a regex test: Latin letters, combining marks, Greek, Cyrillic, Hebrew,
  // Arabic and CJK. Everything else asks the Unicode property regex.
  if (code >= 0xc0 && code <= 0x24f) return code !== 0xd7 && code !== 0xf7;
  if (
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x391 && code <= 0x3ff) ||
    (code >= 0x400 && code <= 0x4ff)
  )
    return true;
  if (
    (code >= 0x5d0 && code <= 0x5ea) ||
    (code >= 0x620 && code <= 0x64a) ||
    (code >= 0x4e00 && code <= 0x9fff)
  )
    return true;
  return coreChar.test(ch);
}

function isLetter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return letterChar.test(ch);
}

interface Piece {
  start: number;
  end: number;
}

export function tokenisePost(text: string): Token[] {
  const pieces: Piece[] = [];
  let runStart = -1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let width = 1;
    let inRun = false;
    if (i < n) {
      const code = text.codePointAt(i)!;
      width = code > 0xffff ? 2 : 1;
      const ch = width === 2 ? text.slice(i, i + 2) : text[i]!;
      inRun = isCore(code, ch) || joiners.has(ch);
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

function splitRun(text: string, start: number, end: number, out: Piece[]): void {
  // Trim joiners that cannot begin or end a word.
  while (start < end && joiners.has(text[start]!) && !keepAtStart.has(text[start]!)) start++;
  while (end > start && joiners.has(text[end - 1]!) && !keepAtEnd.has(text[end - 1]!)) end--;
  if (start >= end) return;
  const word = text.slice(start, end);
  if (!word.includes("-")) {
    pushIfWord(text, start, end, out);
    return;
  }
  // "Anne-Marie", "piss-up" stay whole; "Year-9", "f-u-c-k", "9-4" split at the hyphens.
  const parts = word.split("-");
  const keepWhole = parts.every((part) => part.length >= 2 && [...part].every((ch) => !/[0-9]/.test(ch)));
  if (keepWhole) {
    pushIfWord(text, start, end, out);
    return;
  }
  let pos = start;
  for (const part of parts) {
    if (part.length > 0) splitRun(text, pos, pos + part.length, out);
    pos += part.length + 1;
  }
}

function pushIfWord(text: string, start: number, end: number, out: Piece[]): void {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isCore(code, text[i]!) || (code >= 0xd800 && code <= 0xdbff)) {
      out.push({ start, end });
      return;
    }
  }
}

function toTokens(text: string, pieces: Piece[]): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let previousEnd = 0;
  let previousNorm = "";
  for (const piece of pieces) {
    if (tokens.length > 0 && endsSentence(text, previousEnd, piece.start, previousNorm)) sentence++;
    const raw = text.slice(piece.start, piece.end);
    let norm = foldWord(raw);
    if (norm.startsWith("#") && norm.length > 1) norm = norm.slice(1);
    let firstLetter = "";
    let letters = 0;
    let upperLetters = 0;
    let digits = 0;
    for (const ch of raw) {
      if (ch >= "0" && ch <= "9") digits++;
      else if (isLetter(ch)) {
        if (!firstLetter) firstLetter = ch;
        letters++;
        if (ch !== ch.toLowerCase()) upperLetters++;
      }
    }
    tokens.push({
      start: piece.start,
      end: piece.end,
      raw,
      norm,
      sentence,
      capitalised: firstLetter !== "" && firstLetter !== firstLetter.toLowerCase(),
      upper: letters >= 2 && upperLetters === letters,
      // "A*" and "A**" are grades, not a masked word.
      masked: raw.includes("*") && !/^A\*{1,2}s?$/.test(raw),
      numeric: digits > 0 && digits === raw.length,
      ignored: false,
    });
    previousEnd = piece.end;
    previousNorm = norm;
  }
  return tokens;
}

function endsSentence(text: string, from: number, to: number, previousNorm: string): boolean {
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === "\n") return true;
    if (ch === "." || ch === "!" || ch === "?") {
      const next = text[i + 1];
      const followedBySpace = next === undefined || next === " " || next === "\n" || next === "\t";
      if (!followedBySpace) continue;
      if (ch === "." && i === from && abbreviations.has(previousNorm)) continue;
      return true;
    }
  }
  return false;
}
