// How today's post check answers the trust's own examples: each example checked again with the
// rules and model in use now, and a tally against what the giver said. This is how a trust sees
// whether its examples, or a new release, changed anything: the answer stored with an example is
// the check of the day it was given, which a later release may have fixed (or broken).
import type { Db } from "../platform/db";
import { loadSchoolForCheck, type SchoolForCheck } from "./load-school-for-check";
import { checkPostForSchool } from "./run-post-check";
import type { PostCheckResult, PostContext } from "./types";

/** Pure: every clause a result cites, main and "also", once each (what an example stores). */
export function clausesCited(result: Pick<PostCheckResult, "findings">): string[] {
  return [...new Set(result.findings.flatMap((f) => [f.clause, ...(f.alsoClauses ?? [])]))];
}

export interface ExampleAnswers {
  /** What the giver said: empty for a harmless post. */
  clauses: string[];
  /** What the check said on the day the example was given. */
  checkerClauses: string[];
  /** What the check says now. */
  todayClauses: string[];
}

export interface ExampleTally {
  total: number;
  /** Examples the giver said breach the policy. */
  problems: number;
  /** ...that today's check flags at all. */
  problemsFlagged: number;
  /** ...that today's check flags citing at least one of the giver's clauses. */
  problemsRightClause: number;
  /** Examples the giver said are harmless. */
  harmless: number;
  /** ...that today's check lets through with nothing found. */
  harmlessPassed: number;
  /** Examples where the check of the day disagreed with the giver and today's agrees. */
  nowAgree: number;
  /** Examples where the check of the day agreed with the giver and today's does not. */
  nowDisagree: number;
}

/**
 * Pure: whether a check's answer agrees with the giver. A problem needs one of their clauses cited
 * (flagging it under another clause still sends the author to the wrong part of the policy); a
 * harmless post needs nothing cited.
 */
export function agreesWithGiver(clauses: string[], checkClauses: string[]): boolean {
  if (clauses.length === 0) return checkClauses.length === 0;
  return checkClauses.some((clause) => clauses.includes(clause));
}

/** Pure: whether the answer moved towards the giver's since the example was given, or away. */
export function answerMoved(example: ExampleAnswers): "now agrees" | "no longer agrees" | null {
  const then = agreesWithGiver(example.clauses, example.checkerClauses);
  const now = agreesWithGiver(example.clauses, example.todayClauses);
  return then === now ? null : now ? "now agrees" : "no longer agrees";
}

/** Pure: the tally of today's answers against the givers' labels. */
export function tallyExamples(examples: ExampleAnswers[]): ExampleTally {
  const tally: ExampleTally = {
    total: examples.length,
    problems: 0,
    problemsFlagged: 0,
    problemsRightClause: 0,
    harmless: 0,
    harmlessPassed: 0,
    nowAgree: 0,
    nowDisagree: 0,
  };
  for (const example of examples) {
    if (example.clauses.length > 0) {
      tally.problems++;
      if (example.todayClauses.length > 0) tally.problemsFlagged++;
      if (agreesWithGiver(example.clauses, example.todayClauses)) tally.problemsRightClause++;
    } else {
      tally.harmless++;
      if (example.todayClauses.length === 0) tally.harmlessPassed++;
    }
    const moved = answerMoved(example);
    if (moved === "now agrees") tally.nowAgree++;
    if (moved === "no longer agrees") tally.nowDisagree++;
  }
  return tally;
}

/**
 * Checks each example again as the check would today: its school's rules, settings and roster as
 * they stand, and the model in use; the answers line up with the examples. Nothing is recorded:
 * these are not checks of a post someone is about to publish.
 */
export async function checkExamplesToday<T extends { school: string; context: string; text: string }>(
  db: Db,
  examples: T[],
): Promise<{ todayClauses: string[][]; rulesVersion: string | undefined }> {
  const schools = new Map<string, SchoolForCheck>();
  const todayClauses: string[][] = [];
  let rulesVersion: string | undefined;
  for (const [i, example] of examples.entries()) {
    // Up to 5,000 examples is about a second of checking: let other requests in between batches.
    if (i > 0 && i % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
    let school = schools.get(example.school);
    if (!school) {
      // The examples come joined to their school, so it is there unless deleted this instant.
      school = (await loadSchoolForCheck(db, example.school)) ?? undefined;
      if (!school) throw new Error(`school ${example.school} was not found`);
      schools.set(example.school, school);
    }
    const result = checkPostForSchool(school, example.context as PostContext, example.text);
    todayClauses.push(clausesCited(result));
    rulesVersion = result.rulesVersion;
  }
  return { todayClauses, rulesVersion };
}

export interface ReportedAnswers {
  /** The giver said it breaches the policy; the check of the day found nothing. */
  missed: number;
  /** The giver said it is harmless; the check of the day found something. */
  flaggedHarmless: number;
  /** Both found a problem, under no clause in common. */
  otherClause: number;
  /** The check of the day agreed with the giver (a leader can still give one as an example). */
  agreed: number;
}

/** Pure: what the examples given say the check of their day got wrong, by kind. */
export function tallyReportedAnswers(
  examples: Array<Pick<ExampleAnswers, "clauses" | "checkerClauses">>,
): ReportedAnswers {
  const tally: ReportedAnswers = { missed: 0, flaggedHarmless: 0, otherClause: 0, agreed: 0 };
  for (const { clauses, checkerClauses } of examples) {
    if (agreesWithGiver(clauses, checkerClauses)) tally.agreed++;
    else if (clauses.length === 0) tally.flaggedHarmless++;
    else if (checkerClauses.length === 0) tally.missed++;
    else tally.otherClause++;
  }
  return tally;
}
