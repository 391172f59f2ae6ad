// What a person is asked to read of a version that is current (3.1.1 "all existing and new
// staff"): pure, from the round's marking of material changes and what they acknowledged before.

export type RoundState = {
  previousVersionId: string | null;
  materiality: "pending" | "decided";
  materialClauseIds: readonly string[];
};

export type PersonHistory = {
  /** They acknowledged this version already (at another school: a move keeps it). */
  acknowledgedThisVersion: boolean;
  /** They acknowledged the previous version (or were not asked again for it). */
  acknowledgedPrevious: boolean;
};

export type AssignmentPlan = {
  scope: "whole" | "material" | "pending";
  clauseIds: string[];
  status: "open" | "done" | "not-needed";
  carried: boolean;
};

export function planAssignment(
  round: RoundState,
  allClauseIds: readonly string[],
  history: PersonHistory,
): AssignmentPlan {
  if (history.acknowledgedThisVersion)
    return { scope: "whole", clauseIds: [...allClauseIds], status: "done", carried: true };
  // New staff, and anyone who never acknowledged the previous version, read the whole policy.
  if (!round.previousVersionId || !history.acknowledgedPrevious)
    return { scope: "whole", clauseIds: [...allClauseIds], status: "open", carried: false };
  if (round.materiality === "pending")
    return { scope: "pending", clauseIds: [], status: "open", carried: false };
  // A typo fix asks nobody again.
  if (round.materialClauseIds.length === 0)
    return { scope: "material", clauseIds: [], status: "not-needed", carried: false };
  return { scope: "material", clauseIds: [...round.materialClauseIds], status: "open", carried: false };
}

/** The changes a leader must judge: wording that changed, clauses added or removed (not moves). */
export function changesToJudge<T extends { kind: string }>(changes: readonly T[]): T[] {
  return changes.filter((c) => c.kind !== "unchanged" && c.kind !== "renumbered");
}
