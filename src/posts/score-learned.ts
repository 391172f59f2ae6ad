// The learned second opinion: a small logistic classifier per clause family over the post's pooled
// GloVe word vectors, the frames the rules' word lists found (a child named, an invitation, the
// school named...) and the context. It speaks only where the rules found nothing for a family, and
// then only as "review": a person decides. Pure, and it never throws: a post it cannot read gets no
// learned finding rather than an error.
import type { Occurrences } from "./find-term-occurrences";
import type { RuleSet } from "./load-rule-set";
import { collectBuckets } from "./lexical-buckets";
import type { Token } from "./tokenise-post";
import type { ClauseFamily, Finding, PostContext } from "./types";
import { POST_CONTEXTS } from "./types";

export interface FamilyHead {
  family: ClauseFamily;
  /** Contexts the head speaks in (a personal account has no "official voice" to misuse). */
  contexts: PostContext[];
  weights: Float64Array;
  /** One weight per word bucket (lexical-buckets.ts); empty when the model has none. */
  lexical: Float64Array;
  bias: number;
  /** Set on out-of-fold scores, one author a fold, for a small share of harmless alarms; see scripts/train-post-classifier.ts. */
  threshold: number;
}

export interface PostModel {
  version: string;
  dims: number;
  /** Word -> row in `values`. */
  vocab: ReadonlyMap<string, number>;
  /** One scale per word: vector = values[row * dims + d] * scales[row]. */
  scales: Float32Array;
  values: Int8Array;
  /** Word lists ("@childRefs") and entities ("$rosterPupil") whose presence is a feature. */
  frames: readonly string[];
  stopWords: ReadonlySet<string>;
  /** How many buckets the words and word pairs are hashed into (0: vectors and frames only). */
  buckets: number;
  heads: readonly FamilyHead[];
}

/** Words read per post: a 280-character post has about 50; the rest of a long post adds little. */
const maxWords = 400;

export interface PostFeatures {
  vector: Float64Array;
  /** Index into tokens of each word that had a vector, for the explanation. */
  wordTokens: number[];
}

/** Mean of the word vectors, then one 0/1 per frame, then the context one-hot. */
export function postFeatures(
  model: PostModel,
  tokens: readonly Token[],
  occurrences: Occurrences,
  rules: RuleSet,
  context: PostContext,
): PostFeatures {
  const features: PostFeatures = { vector: new Float64Array(featureLength(model)), wordTokens: [] };
  fillFeatures(model, tokens, occurrences, rules, context, features);
  return features;
}

function featureLength(model: PostModel): number {
  return model.dims + model.frames.length + POST_CONTEXTS.length;
}

/** Writes the features into `out`, whose vector is zero and whose wordTokens is empty. */
function fillFeatures(
  model: PostModel,
  tokens: readonly Token[],
  occurrences: Occurrences,
  rules: RuleSet,
  context: PostContext,
  out: PostFeatures,
): void {
  const { dims } = model;
  const { vector, wordTokens } = out;
  const { values, scales } = model;
  for (let i = 0; i < tokens.length && wordTokens.length < maxWords; i++) {
    const row = wordRow(model, tokens[i]!);
    if (row < 0) continue;
    wordTokens.push(i);
    const scale = scales[row]!;
    const base = row * dims;
    for (let d = 0; d < dims; d++) vector[d] = vector[d]! + values[base + d]! * scale;
  }
  if (wordTokens.length > 0) for (let d = 0; d < dims; d++) vector[d]! /= wordTokens.length;
  for (let k = 0; k < model.frames.length; k++) {
    const id = rules.lexiconIds.get(model.frames[k]!);
    if (id !== undefined && occurrences.has(id)) vector[dims + k] = 1;
  }
  vector[dims + model.frames.length + POST_CONTEXTS.indexOf(context)] = 1;
}

/**
 * One feature buffer per model, reused by every check (scoring is synchronous): a fresh vector per
 * post was garbage the collector had to chase on the hot path.
 */
const scratchFeatures = new WeakMap<PostModel, PostFeatures>();

function clearedScratch(model: PostModel): PostFeatures {
  let features = scratchFeatures.get(model);
  if (!features || features.vector.length !== featureLength(model)) {
    features = { vector: new Float64Array(featureLength(model)), wordTokens: [] };
    scratchFeatures.set(model, features);
  } else {
    features.vector.fill(0);
    features.wordTokens.length = 0;
  }
  return features;
}

function wordRow(model: PostModel, token: Token): number {
  if (token.ignored || token.norm.length > 40) return -1;
  const first = token.norm.charCodeAt(0);
  const word = first === 64 || first === 35 ? token.norm.slice(1) : token.norm; // "@", "#"
  if (model.stopWords.has(word)) return -1;
  return model.vocab.get(word) ?? -1;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The head's score for a post: its dense features and the word buckets present in it. */
export function headScore(head: FamilyHead, vector: Float64Array, buckets: ArrayLike<number> = []): number {
  let sum = head.bias;
  const n = Math.min(head.weights.length, vector.length);
  for (let i = 0; i < n; i++) sum += head.weights[i]! * vector[i]!;
  const { lexical } = head;
  if (lexical.length > 0) for (let i = 0; i < buckets.length; i++) sum += lexical[buckets[i]!] ?? 0;
  return sigmoid(sum);
}

export interface PostBuckets {
  buckets: number[];
  /** The token each bucket came from, for the explanation. */
  tokens: number[];
}

/** The distinct word buckets of a post, into `out` (emptied first) or a new pair of lists. */
export function postBuckets(
  model: PostModel,
  tokens: readonly Token[],
  out: PostBuckets = { buckets: [], tokens: [] },
): PostBuckets {
  out.buckets.length = 0;
  out.tokens.length = 0;
  collectBuckets(tokens, model.stopWords, model.buckets, out);
  return out;
}

// Reused by every check, like the feature buffer: scoring is synchronous.
const scratchBuckets: PostBuckets = { buckets: [], tokens: [] };

export interface ScoreLearnedOptions {
  model: PostModel;
  text: string;
  tokens: readonly Token[];
  occurrences: Occurrences;
  rules: RuleSet;
  context: PostContext;
  /** What the rules found: a family they already flagged gets no learned finding. */
  findings: readonly Finding[];
}

export function scoreLearned(options: ScoreLearnedOptions): Finding[] {
  try {
    return scoreLearnedUnsafe(options);
  } catch {
    // A model file that does not fit the rules it was trained with must not stop a check.
    return [];
  }
}

function scoreLearnedUnsafe({
  model,
  text,
  tokens,
  occurrences,
  rules,
  context,
  findings,
}: ScoreLearnedOptions): Finding[] {
  const out: Finding[] = [];
  let speaking = 0;
  for (const head of model.heads) if (speaks(head, context, findings)) speaking++;
  if (speaking === 0) return out;
  const features = clearedScratch(model);
  fillFeatures(model, tokens, occurrences, rules, context, features);
  if (features.wordTokens.length === 0) return out;
  const words = postBuckets(model, tokens, scratchBuckets);
  for (const head of model.heads) {
    if (!speaks(head, context, findings)) continue;
    const score = headScore(head, features.vector, words.buckets);
    if (!(score >= head.threshold)) continue;
    const clause = clauseFor(rules, head.family, context);
    if (!clause) continue;
    const weighed = weighWords(model, head, tokens, features.wordTokens, words);
    const top = weighed.slice(0, 3).filter((w) => w.weight > 0);
    if (top.length === 0) continue;
    const sentence = tokens[top[0]!.token]!.sentence;
    let first = top[0]!.token;
    let last = first;
    while (first > 0 && tokens[first - 1]!.sentence === sentence) first--;
    while (last + 1 < tokens.length && tokens[last + 1]!.sentence === sentence) last++;
    const start = tokens[first]!.start;
    const end = tokens[last]!.end;
    const named = [...new Set(top.map((w) => tokens[w.token]!.raw))].map((w) => `"${w}"`).join(", ");
    out.push({
      clause,
      ruleId: `learned.${head.family}`,
      family: head.family,
      severity: "warning",
      start,
      end,
      excerpt: text.slice(start, end),
      explanation: `No rule matched, but this reads like posts that break clause ${clause} (${familyWords[head.family]}); the words that weighed most were ${named}. A person should decide.`,
      suggestion: "Read the sentence as a parent or a pupil would; if it could be taken that way, change it.",
    });
  }
  return out;
}

/** A head speaks in its contexts, for a family the rules have not already flagged. */
function speaks(head: FamilyHead, context: PostContext, findings: readonly Finding[]): boolean {
  if (!head.contexts.includes(context)) return false;
  for (const finding of findings) if (finding.family === head.family) return false;
  return true;
}

/** Each word's share of the score: its vector's part of the average, and its buckets' weights. */
function weighWords(
  model: PostModel,
  head: FamilyHead,
  tokens: readonly Token[],
  wordTokens: readonly number[],
  words: PostBuckets,
): Array<{ token: number; weight: number }> {
  const { dims } = model;
  const byToken = new Map<number, number>();
  for (const token of wordTokens) {
    const row = wordRow(model, tokens[token]!);
    const scale = model.scales[row]!;
    let weight = 0;
    for (let d = 0; d < dims; d++) weight += head.weights[d]! * model.values[row * dims + d]! * scale;
    byToken.set(token, (byToken.get(token) ?? 0) + weight / wordTokens.length);
  }
  if (head.lexical.length > 0)
    words.buckets.forEach((bucket, i) => {
      const token = words.tokens[i]!;
      byToken.set(token, (byToken.get(token) ?? 0) + (head.lexical[bucket] ?? 0));
    });
  return [...byToken].map(([token, weight]) => ({ token, weight })).sort((a, b) => b.weight - a.weight);
}

const familyWords: Record<ClauseFamily, string> = {
  identification: "identifying someone",
  confidentiality: "private school matters",
  offensive: "offensive content",
  criticism: "criticising or insulting the school community",
  harassment: "harassing or intimidating someone",
  contact: "private contact with pupils or parents",
  platforms: "working with pupils on an unagreed platform",
  "official-personal": "personal matters on an official account",
  branding: "speaking for the school",
  reputation: "conduct that harms the school's reputation",
};

/** The clause the rule set cites for this family in this context, so a trust's clauseMap applies. */
function clauseFor(rules: RuleSet, family: ClauseFamily, context: PostContext): string | undefined {
  for (const rule of rules.rules) {
    if (rule.family === family && rule.severity[context] && rule.clause[context]) return rule.clause[context];
  }
  return undefined;
}
