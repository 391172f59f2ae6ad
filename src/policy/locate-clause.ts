// Controls are linked to clauses by an anchor that survives renumbering: the clause's wording
// (an exact fingerprint and its content words), with the number only as a fallback.
import type { ParsedPolicy, PolicyClause } from "./parsed-policy";
import { contentWords, wordsOf } from "./text-similarity";

export interface ClauseAnchor {
  clauseId: string;
  /** 16 hex digits: FNV-1a 64 of the clause's normalised words (case, punctuation and spacing ignored). */
  fingerprint: string;
  /** The clause's distinct content words, stemmed, in order of first use. */
  keywords: string[];
}

export interface LocatedClause {
  clauseId: string;
  /** 1 for the same wording; the weighted word overlap for similar wording; low for number only. */
  confidence: number;
  by: "content" | "number";
}

/** Weighted keyword overlap at or above which a clause is the anchored one, reworded. */
export const CONTENT_MATCH_THRESHOLD = 0.45;
const MAX_KEYWORDS = 40;

function fingerprintOf(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(wordsOf(text).join(" "))) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

function keywordsOf(text: string): string[] {
  return [...new Set(contentWords(text))].slice(0, MAX_KEYWORDS);
}

export function clauseAnchor(clause: PolicyClause): ClauseAnchor {
  return { clauseId: clause.id, fingerprint: fingerprintOf(clause.text), keywords: keywordsOf(clause.text) };
}

export function locateClause({
  anchor,
  policy,
}: {
  anchor: ClauseAnchor;
  policy: ParsedPolicy;
}): LocatedClause | null {
  return locateAmong({ anchor, policy, taken: new Set(), scorer: keywordScorer(policy) });
}

/**
 * Locates many anchors in a new version at once (e.g. every control's clause when a version is
 * imported). Each clause is given to one anchor only, exact wording first, so a removed clause is
 * not mistaken for a near-identical neighbour that another anchor matches exactly (Summit 4.5
 * "criticise or insult" and 4.6 "harass, bully" share most of their words).
 */
export function locateClauses({
  anchors,
  policy,
}: {
  anchors: ClauseAnchor[];
  policy: ParsedPolicy;
}): (LocatedClause | null)[] {
  const results: (LocatedClause | null)[] = anchors.map(() => null);
  const taken = new Set<string>();
  const fingerprints = policy.clauses.map((clause) => fingerprintOf(clause.text));
  anchors.forEach((anchor, index) => {
    const matches = policy.clauses.filter(
      (clause, k) => fingerprints[k] === anchor.fingerprint && !taken.has(clause.id),
    );
    const best = matches.find((clause) => clause.id === anchor.clauseId) ?? matches[0];
    if (best) {
      taken.add(best.id);
      results[index] = { clauseId: best.id, confidence: 1, by: "content" };
    }
  });
  const scorer = keywordScorer(policy);
  anchors.forEach((anchor, index) => {
    if (results[index]) return;
    const located = locateAmong({ anchor, policy, taken, scorer });
    if (located && located.by === "content") taken.add(located.clauseId);
    results[index] = located;
  });
  return results;
}

type Scorer = (anchor: ClauseAnchor) => number[];

// Words that appear in few clauses ("ex-pupil", "18") say more than "staff" or "social media".
function keywordScorer(policy: ParsedPolicy): Scorer {
  const { clauses } = policy;
  const keywordSets = clauses.map((clause) => new Set(keywordsOf(clause.text)));
  const documentFrequency = new Map<string, number>();
  for (const set of keywordSets)
    for (const word of set) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const weight = (word: string) =>
    Math.log(1 + (clauses.length + 1) / ((documentFrequency.get(word) ?? 0) + 0.5));
  return (anchor) => {
    const anchorSet = new Set(anchor.keywords);
    return keywordSets.map((set) => {
      let shared = 0;
      let total = 0;
      for (const word of new Set([...anchorSet, ...set])) {
        const w = weight(word);
        total += w;
        if (anchorSet.has(word) && set.has(word)) shared += w;
      }
      return total === 0 ? 0 : shared / total;
    });
  };
}

function locateAmong({
  anchor,
  policy,
  taken,
  scorer,
}: {
  anchor: ClauseAnchor;
  policy: ParsedPolicy;
  taken: Set<string>;
  scorer: Scorer;
}): LocatedClause | null {
  const { clauses } = policy;
  const exact = clauses.filter(
    (clause) => !taken.has(clause.id) && fingerprintOf(clause.text) === anchor.fingerprint,
  );
  if (exact.length > 0) {
    const best = exact.find((clause) => clause.id === anchor.clauseId) ?? exact[0]!;
    return { clauseId: best.id, confidence: 1, by: "content" };
  }
  const scores = scorer(anchor);
  let bestIndex = -1;
  scores.forEach((score, index) => {
    if (taken.has(clauses[index]!.id)) return;
    if (bestIndex < 0) {
      bestIndex = index;
      return;
    }
    const best = scores[bestIndex]!;
    const sameNumber = clauses[index]!.id === anchor.clauseId;
    if (score > best + 0.02 || (sameNumber && score >= best - 0.02)) bestIndex = index;
  });
  if (bestIndex >= 0 && scores[bestIndex]! >= CONTENT_MATCH_THRESHOLD) {
    return {
      clauseId: clauses[bestIndex]!.id,
      confidence: Math.round(scores[bestIndex]! * 100) / 100,
      by: "content",
    };
  }

  // The wording has gone; the same number is a guess, and says so with its low confidence.
  const byNumber = clauses.findIndex((clause) => clause.id === anchor.clauseId && !taken.has(clause.id));
  if (byNumber >= 0) {
    const confidence = Math.min(CONTENT_MATCH_THRESHOLD - 0.05, Math.max(0.1, scores[byNumber]!));
    return { clauseId: anchor.clauseId, confidence: Math.round(confidence * 100) / 100, by: "number" };
  }
  return null;
}
