// Folding a word to the form the rules compare: lower case, accents removed, curly apostrophes
// straightened and a possessive "'s" dropped, so "Zoë Müller's" and "zoe muller" meet.
// Per word, never per text, so offsets into the original text stay exact.

const specialLetters: Record<string, string> = {
  ß: "ss",
  ø: "o",
  æ: "ae",
  œ: "oe",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

const marks = /\p{M}/gu;
const specialLetter = /[ßøæœłđðþı]/;
const nonAscii = /[^\u0000-\u007f]/;
const curlyApostrophes = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

export function foldWord(raw: string): string {
  let word = raw.toLowerCase();
  if (nonAscii.test(word)) {
    word = word.normalize("NFKD").replace(marks, "");
    if (specialLetter.test(word)) {
      let out = "";
      for (const ch of word) out += specialLetters[ch] ?? ch;
      word = out;
    }
    word = word.replace(curlyApostrophes, "'");
  }
  return stripPossessive(word);
}

function stripPossessive(word: string): string {
  if (word.length > 2 && word.endsWith("'s")) return word.slice(0, -2);
  if (word.length > 1 && word.endsWith("'")) return word.slice(0, -1);
  return word;
}

// Characters people put in place of letters to dodge a filter ("sh1t", "p4ki", "f@ggot", "$hit").
const leetLetters: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "i",
  "€": "e",
};

/** The word with look-alike characters read as letters, or null when it has none (or no letters). */
export function readLeetspeak(word: string): string | null {
  let hasLetter = false;
  let hasLeet = false;
  for (const ch of word) {
    if (ch in leetLetters) hasLeet = true;
    else if (ch >= "a" && ch <= "z") hasLetter = true;
  }
  if (!hasLetter || !hasLeet) return null;
  let out = "";
  for (const ch of word) out += leetLetters[ch] ?? ch;
  return out;
}

/** True when a letter repeats three or more times in a row, as in "fuuuuck". */
export function isStretched(word: string): boolean {
  let run = 1;
  for (let i = 1; i < word.length; i++) {
    run = word[i] === word[i - 1] ? run + 1 : 1;
    if (run >= 3) return true;
  }
  return false;
}

/** Every run of a repeated character reduced to one: "fuuuuck" -> "fuck", "bollocks" -> "bolocks". */
export function collapseRepeats(word: string): string {
  let out = "";
  for (let i = 0; i < word.length; i++) if (i === 0 || word[i] !== word[i - 1]) out += word[i];
  return out;
}

/**
 * Whether a masked word such as "f***ing" or "bl**dy" could be `candidate`: each run of "*" stands
 * for one or more letters. Words are short, and only words up to 40 characters are tried, so the
 * simple backtracking here is bounded.
 */
export function maskFits(masked: string, candidate: string): boolean {
  if (masked.length > 40 || candidate.length > 40) return false;
  const parts = masked.split(/\*+/);
  if (parts.length < 2) return masked === candidate;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!candidate.startsWith(first) || !candidate.endsWith(last)) return false;
  // Each star run must hide at least one letter.
  const hidden = candidate.length - parts.reduce((sum, part) => sum + part.length, 0);
  if (hidden < parts.length - 1) return false;
  let pos = first.length + 1;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = candidate.indexOf(parts[i]!, pos);
    if (found < 0) return false;
    pos = found + parts[i]!.length + 1;
  }
  return pos - 1 <= candidate.length - last.length;
}
