// Word-level comparison used to match clauses across versions, anchors to clauses, and document
// names to the trust's register. Deliberately simple and deterministic: normalised word tokens.

const STOP_WORDS = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "at",
  "by",
  "for",
  "with",
  "is",
  "are",
  "be",
  "it",
  "its",
  "their",
  "they",
  "this",
  "that",
  "any",
  "all",
  "as",
  "from",
  "which",
  "who",
  "when",
]);

/** Lower-case words with curly quotes and possessives normalised ("staff’s" -> "staff"). */
export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/&/g, " and ")
      .match(/[a-z0-9]+(?:'[a-z]+)?/g)
      ?.map((word) => word.replace(/'s$/, "").replace(/'/g, "")) ?? []
  );
}

/** A light stem so "pupils"/"pupil" and "relationships"/"relationship" meet. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** Content words: stemmed, without the commonest function words. */
export function contentWords(text: string): string[] {
  return wordsOf(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

/** Dice coefficient over word multisets: 1 for the same words, 0 for none shared. */
export function diceSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const word of a) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of b) {
    const count = counts.get(word) ?? 0;
    if (count > 0) {
      shared++;
      counts.set(word, count - 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}

/** Similarity of two clause texts by their normalised words. */
export function textSimilarity(a: string, b: string): number {
  return diceSimilarity(wordsOf(a).map(stem), wordsOf(b).map(stem));
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

const NAME_FILLER = new Set(["the", "a", "an", "of", "and", "for", "our", "school", "trust"]);

function nameWords(name: string): string[] {
  return wordsOf(name)
    .filter((word) => !NAME_FILLER.has(word))
    .map(stem);
}

/**
 * Whether two document names mean the same document, forgiving case, punctuation, typing slips
 * and qualifiers: "Code of conduct" = "Staff Code of Conduct", "Acceptible use policy" =
 * "Acceptable Use Policy"; but "Acceptable use agreement" is not "Acceptable use policy".
 */
export function documentNamesMatch(a: string, b: string): boolean {
  const left = nameWords(a);
  const right = nameWords(b);
  if (left.length === 0 || right.length === 0) return false;
  const joinedLeft = left.join(" ");
  const joinedRight = right.join(" ");
  if (joinedLeft === joinedRight) return true;
  const [small, large] = left.length <= right.length ? [left, right] : [right, left];
  if (small.length >= 2 && small.every((word) => large.includes(word))) return true;
  const longest = Math.max(joinedLeft.length, joinedRight.length);
  return levenshtein(joinedLeft, joinedRight) / longest <= 0.15;
}

export interface DiffSegment {
  op: "same" | "added" | "removed";
  text: string;
}

/** Word-level difference from `from` to `to` (longest common subsequence of words). */
export function wordDiff(from: string, to: string): DiffSegment[] {
  const a = from.split(/\s+/).filter((word) => word !== "");
  const b = to.split(/\s+/).filter((word) => word !== "");
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const segments: DiffSegment[] = [];
  const push = (op: DiffSegment["op"], word: string) => {
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text = `${last.text} ${word}`;
    else segments.push({ op, text: word });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]!);
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      push("removed", a[i++]!);
    } else {
      push("added", b[j++]!);
    }
  }
  while (i < a.length) push("removed", a[i++]!);
  while (j < b.length) push("added", b[j++]!);
  return segments;
}
