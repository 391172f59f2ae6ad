// Finds what a post quotes: words between an opening and a closing quotation mark ('…', "…", ‘…’,
// “…”). An apostrophe inside a word ("don't") or after a plural ("the girls' bags") is not a
// quotation mark, because an opening mark follows a space or the start and a closing one is followed
// by a space, punctuation or the end.
import type { Token } from "./tokenise-post";

const pairs: Record<string, string> = { "'": "'", '"': '"', "\u2018": "\u2019", "\u201c": "\u201d" };
const beforeOpening = /[\s([{:—–-]/;
const afterClosing = /[\s.,!?;:)\]}—–-]/;

/** Spans [start, end) of token indices inside quotation marks, in order, with at least `minWords` words. */
export function findQuotedSpans(
  text: string,
  tokens: readonly Token[],
  minWords: number,
): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let t = 0;
  for (let i = 0; i < text.length; i++) {
    const close = pairs[text[i]!];
    if (close === undefined) continue;
    if (i > 0 && !beforeOpening.test(text[i - 1]!)) continue;
    if (i + 1 >= text.length || /\s/.test(text[i + 1]!)) continue;
    // The nearest closing mark that ends a word; a quotation does not run past 400 characters.
    let j = i + 1;
    let found = -1;
    for (; j < text.length && j - i <= 400; j++) {
      if (text[j] === "\n") break;
      if (
        text[j] === close &&
        !/\s/.test(text[j - 1]!) &&
        (j + 1 === text.length || afterClosing.test(text[j + 1]!))
      ) {
        found = j;
        break;
      }
    }
    if (found < 0) continue;
    while (t < tokens.length && tokens[t]!.start < i) t++;
    let u = t;
    while (u < tokens.length && tokens[u]!.end <= found + 1) u++;
    // A token may keep the closing apostrophe as part of the word ("cringe'"): it still ends inside.
    if (u - t >= minWords) spans.push([t, u]);
    i = found;
  }
  return spans;
}
