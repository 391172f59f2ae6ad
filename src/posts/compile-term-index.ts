// Compiles the word lists of a rule set into one index keyed by a post's words, so that every list
// is matched in a single pass over the post: a map lookup per word, not a regex per term.
//
// Term syntax (one phrase per entry, words separated by spaces):
//   word      a word, compared folded ("Zoë's" matches "zoe")
//   stem*     any word starting with stem ("fuck*": fucking, fucked); stems need 2+ letters
//   y#        "#" stands for one or more digits ("year #", "y#", "#th")
//   =SEND     the exact characters, case and all (tells the acronym SEND from the verb "send")
//   $name     an entity the checker finds itself ($formGroup, $date, $rosterPupil, ...)
//   _         any one word
import { collapseRepeats, foldWord } from "./fold-word";
import { tokenisePost } from "./tokenise-post";

export type TokenPattern =
  | { kind: "word"; value: string }
  | { kind: "prefix"; value: string }
  | { kind: "template"; value: string }
  | { kind: "exact-case"; value: string }
  | { kind: "entity"; lexId: number }
  | { kind: "any" };

export interface TermEntry {
  lexId: number;
  seq: TokenPattern[];
  /** Matched through leetspeak, stretched letters, masks and spaced letters too. */
  obfuscated: boolean;
  text: string;
}

export interface TermIndex {
  exactFirst: Map<string, TermEntry[]>;
  /** Plain entries whose first two parts are words, keyed "first second": "a" starts dozens of phrases. */
  pairFirst: Map<string, TermEntry[]>;
  /** Obfuscation-aware single words keyed by collapsed form, for "fuuuuck". */
  collapsedFirst: Map<string, TermEntry[]>;
  /** Entries starting with a stem, keyed by the stem's first two characters. */
  prefixFirst: Map<string, TermEntry[]>;
  /** Entries starting with a "#" template, keyed by the template's first character ("#": a digit). */
  templateFirst: Map<string, TermEntry[]>;
  /** Entries starting with an exact-case word ("=SEND"), keyed by its folded form. */
  exactCaseFirst: Map<string, TermEntry[]>;
  entityFirst: Map<number, TermEntry[]>;
  /** Obfuscation-aware one-word entries, in lexicon order, tried against masked words ("f***ing"). */
  maskable: TermEntry[];
  /** First two letters of every maskable entry, to skip most runs of spaced letters at once. */
  maskableStarts: Set<string>;
}

export interface LexiconSource {
  lexId: number;
  name: string;
  terms: readonly string[];
  obfuscated: boolean;
}

export type ParsedTerm = { ok: true; seq: TokenPattern[] } | { ok: false; message: string };

export function parseTerm(text: string, entityIds: ReadonlyMap<string, number>): ParsedTerm {
  const seq: TokenPattern[] = [];
  for (const part of text.trim().split(/\s+/)) {
    if (part === "") continue;
    if (part === "_") {
      seq.push({ kind: "any" });
    } else if (part.startsWith("$") && part.length > 1 && /^\$[A-Za-z][A-Za-z0-9]*$/.test(part)) {
      const lexId = entityIds.get(part);
      if (lexId === undefined) {
        return { ok: false, message: `unknown entity ${part}; known: ${[...entityIds.keys()].join(", ")}` };
      }
      seq.push({ kind: "entity", lexId });
    } else if (part.startsWith("=") && part.length > 1) {
      seq.push({ kind: "exact-case", value: part.slice(1) });
    } else if (part.endsWith("*") && !part.slice(0, -1).includes("*")) {
      const stem = foldWord(part.slice(0, -1));
      if (stem.length < 2)
        return { ok: false, message: `stem "${part}" is too short; use 2 or more letters` };
      seq.push({ kind: "prefix", value: stem });
    } else if (part.includes("#")) {
      seq.push({ kind: "template", value: foldWord(part) });
    } else {
      const words = tokenisePost(part).map((token) => token.norm);
      if (words.length === 0) return { ok: false, message: `"${part}" has no letters or digits` };
      for (const value of words) seq.push({ kind: "word", value });
    }
  }
  if (seq.length === 0) return { ok: false, message: "empty term" };
  if (seq[0]!.kind === "any") return { ok: false, message: "a term cannot start with _" };
  return { ok: true, seq };
}

export interface CompileTermIndexOptions {
  lexicons: readonly LexiconSource[];
  entityIds: ReadonlyMap<string, number>;
}

export interface TermError {
  lexicon: string;
  term: string;
  message: string;
}

export type CompiledTermIndex = { ok: true; index: TermIndex } | { ok: false; errors: TermError[] };

export function compileTermIndex({ lexicons, entityIds }: CompileTermIndexOptions): CompiledTermIndex {
  const index: TermIndex = {
    exactFirst: new Map(),
    pairFirst: new Map(),
    collapsedFirst: new Map(),
    prefixFirst: new Map(),
    templateFirst: new Map(),
    exactCaseFirst: new Map(),
    entityFirst: new Map(),
    maskable: [],
    maskableStarts: new Set(),
  };
  const errors: TermError[] = [];
  for (const lexicon of lexicons) {
    for (const text of lexicon.terms) {
      const parsed = parseTerm(text, entityIds);
      if (!parsed.ok) {
        errors.push({ lexicon: lexicon.name, term: text, message: `"${text}": ${parsed.message}` });
        continue;
      }
      addEntry(index, { lexId: lexicon.lexId, seq: parsed.seq, obfuscated: lexicon.obfuscated, text });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, index };
}

export function addEntry(index: TermIndex, entry: TermEntry): void {
  const first = entry.seq[0]!;
  switch (first.kind) {
    case "word": {
      const second = entry.seq[1];
      if (second?.kind === "word" && !entry.obfuscated) {
        push(index.pairFirst, `${first.value} ${second.value}`, entry);
        break;
      }
      push(index.exactFirst, first.value, entry);
      if (entry.obfuscated) push(index.collapsedFirst, collapseRepeats(first.value), entry);
      break;
    }
    case "prefix":
      push(index.prefixFirst, first.value.slice(0, 2), entry);
      break;
    case "entity":
      push(index.entityFirst, first.lexId, entry);
      break;
    case "template":
      push(index.templateFirst, first.value[0]!, entry);
      break;
    case "exact-case":
      push(index.exactCaseFirst, first.value.toLowerCase(), entry);
      break;
    case "any":
      throw new Error("a term cannot start with _");
  }
  if (entry.obfuscated && entry.seq.length === 1 && (first.kind === "word" || first.kind === "prefix")) {
    index.maskable.push(entry);
    index.maskableStarts.add(first.value.slice(0, 2));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
