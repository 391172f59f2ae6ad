// Compares two versions of a policy clause by clause, so an approver sees what changed in wording
// and what only moved. Clauses are paired by identical wording first, then by word similarity.
import type { Modality, ParsedPolicy, PolicyClause } from "./parsed-policy";
import { type DiffSegment, textSimilarity, wordDiff } from "./text-similarity";

export type ClauseChangeKind =
  | "unchanged"
  | "added"
  | "removed"
  | "reworded"
  | "renumbered"
  | "renumbered-reworded";

export interface ClauseChange {
  kind: ClauseChangeKind;
  fromId: string | null;
  toId: string | null;
  /** Word similarity of the paired texts (1 = same words); 0 for added and removed clauses. */
  similarity: number;
  fromText: string | null;
  toText: string | null;
  /** Word-level changes, for reworded clauses only. */
  segments?: DiffSegment[];
  /** Set when the clause's strength changed (e.g. must -> should). */
  modality?: { from: Modality; to: Modality };
}

/** Clauses that share at least this much wording are the same clause, moved or reworded. */
export const SAME_CLAUSE_SIMILARITY = 0.6;
/** A clause that keeps its number needs only this much shared wording to count as reworded. */
export const REWORDED_IN_PLACE_SIMILARITY = 0.3;
// A small preference for the same number when two pairings are almost equally similar.
const SAME_NUMBER_BONUS = 0.05;

function comparable(text: string): string {
  return text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();
}

function kindOf(from: PolicyClause, to: PolicyClause): ClauseChangeKind {
  const sameText = comparable(from.text) === comparable(to.text);
  if (from.id === to.id) return sameText ? "unchanged" : "reworded";
  return sameText ? "renumbered" : "renumbered-reworded";
}

export function diffPolicyVersions({ from, to }: { from: ParsedPolicy; to: ParsedPolicy }): ClauseChange[] {
  const pairOfFrom = new Map<number, number>();
  const pairOfTo = new Map<number, number>();
  const pair = (i: number, j: number) => {
    pairOfFrom.set(i, j);
    pairOfTo.set(j, i);
  };

  // 1. Identical wording, preferring the same number among identical texts.
  const toByText = new Map<string, number[]>();
  to.clauses.forEach((clause, j) => {
    const key = comparable(clause.text);
    toByText.set(key, [...(toByText.get(key) ?? []), j]);
  });
  from.clauses.forEach((clause, i) => {
    const candidates = (toByText.get(comparable(clause.text)) ?? []).filter((j) => !pairOfTo.has(j));
    const j = candidates.find((k) => to.clauses[k]!.id === clause.id) ?? candidates[0];
    if (j !== undefined) pair(i, j);
  });

  // 2. Similar wording, most similar pairs first.
  const similarities = new Map<string, number>();
  const similarity = (i: number, j: number) => {
    const key = `${i}:${j}`;
    let value = similarities.get(key);
    if (value === undefined) {
      value = textSimilarity(from.clauses[i]!.text, to.clauses[j]!.text);
      similarities.set(key, value);
    }
    return value;
  };
  const candidates: { i: number; j: number; score: number }[] = [];
  from.clauses.forEach((fromClause, i) => {
    if (pairOfFrom.has(i)) return;
    to.clauses.forEach((toClause, j) => {
      if (pairOfTo.has(j)) return;
      const value = similarity(i, j);
      if (value >= SAME_CLAUSE_SIMILARITY) {
        candidates.push({ i, j, score: value + (fromClause.id === toClause.id ? SAME_NUMBER_BONUS : 0) });
      }
    });
  });
  candidates.sort((a, b) => b.score - a.score || Math.abs(a.i - a.j) - Math.abs(b.i - b.j));
  for (const { i, j } of candidates) if (!pairOfFrom.has(i) && !pairOfTo.has(j)) pair(i, j);

  // 3. Same number, heavily reworded.
  from.clauses.forEach((clause, i) => {
    if (pairOfFrom.has(i)) return;
    const j = to.clauses.findIndex((other, k) => !pairOfTo.has(k) && other.id === clause.id);
    if (j >= 0 && similarity(i, j) >= REWORDED_IN_PLACE_SIMILARITY) pair(i, j);
  });

  const changes: { order: number; change: ClauseChange }[] = [];
  to.clauses.forEach((toClause, j) => {
    const i = pairOfTo.get(j);
    if (i === undefined) {
      changes.push({
        order: j,
        change: {
          kind: "added",
          fromId: null,
          toId: toClause.id,
          similarity: 0,
          fromText: null,
          toText: toClause.text,
        },
      });
      return;
    }
    const fromClause = from.clauses[i]!;
    const kind = kindOf(fromClause, toClause);
    const change: ClauseChange = {
      kind,
      fromId: fromClause.id,
      toId: toClause.id,
      similarity:
        kind === "unchanged" || kind === "renumbered" ? 1 : Math.round(similarity(i, j) * 100) / 100,
      fromText: fromClause.text,
      toText: toClause.text,
    };
    if (kind === "reworded" || kind === "renumbered-reworded")
      change.segments = wordDiff(fromClause.text, toClause.text);
    if (fromClause.modality !== toClause.modality) {
      change.modality = { from: fromClause.modality, to: toClause.modality };
    }
    changes.push({ order: j, change });
  });
  // A removed clause is listed after the change for the clause that came before it.
  from.clauses.forEach((fromClause, i) => {
    if (pairOfFrom.has(i)) return;
    let anchor = -1;
    for (let k = i - 1; k >= 0; k--) {
      const j = pairOfFrom.get(k);
      if (j !== undefined) {
        anchor = j;
        break;
      }
    }
    changes.push({
      order: anchor + 0.5 + i / 1e6,
      change: {
        kind: "removed",
        fromId: fromClause.id,
        toId: null,
        similarity: 0,
        fromText: fromClause.text,
        toText: null,
      },
    });
  });
  return changes.sort((a, b) => a.order - b.order).map(({ change }) => change);
}
