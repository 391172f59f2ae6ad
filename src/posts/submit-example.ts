// Learning from use, with consent: a member of staff who thinks the check got a post wrong (or a
// leader who dismisses a finding) may give the post to the trust as a labelled example. It is
// stored only then, with who gave it, and the checker's own answer beside theirs; the trust's
// examples feed its own retraining and evaluation (listTrustExamples, then
// scripts/train-post-classifier.ts --extra FILE). Nothing is stored without the consent box ticked.
import { asc, eq } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { clausesCited } from "./examples-today";
import { loadSchoolForCheck, type SchoolForCheck } from "./load-school-for-check";
import { checkPostForSchool, MAX_POST_LENGTH } from "./run-post-check";
import { postExamples } from "./schema";
import { POST_CONTEXTS, type PostContext } from "./types";

export const EXAMPLE_REASONS = ["wrong", "dismissed"] as const;
export type ExampleReason = (typeof EXAMPLE_REASONS)[number];

export interface SubmitExampleInput {
  userId: string;
  userLabel: string;
  /** The schools the user works at: an example may only be given for one of them. */
  mySchoolSlugs: readonly string[];
  schoolSlug: string;
  context: string;
  text: string;
  /** Clause numbers the submitter says the post breaches, e.g. "4.5, 7.3"; empty for harmless. */
  clauses: string;
  reason: string;
  consent: boolean;
}

export type SubmitExampleResult =
  | { ok: true; id: string }
  | { ok: false; field: "consent" | "school" | "context" | "text" | "clauses" | "reason"; message: string };

const clauseNumber = /^\d{1,2}(\.\d{1,2}){0,3}$/;

/** Pure: the input's problems, or its clean form. */
export function validateExample(
  input: SubmitExampleInput,
):
  | { ok: false; field: Extract<SubmitExampleResult, { ok: false }>["field"]; message: string }
  | { ok: true; context: PostContext; clauses: string[]; reason: ExampleReason } {
  if (!input.consent)
    return {
      ok: false,
      field: "consent",
      message: "Tick the box to agree that the trust may keep this post as an example.",
    };
  if (!input.mySchoolSlugs.includes(input.schoolSlug))
    return { ok: false, field: "school", message: "Choose one of your schools." };
  if (!POST_CONTEXTS.includes(input.context as PostContext))
    return { ok: false, field: "context", message: "Choose where the post would appear." };
  if (!input.text.trim()) return { ok: false, field: "text", message: "Enter the text of the post." };
  if (input.text.length > MAX_POST_LENGTH)
    return { ok: false, field: "text", message: `Examples up to ${MAX_POST_LENGTH} characters can be kept.` };
  const clauses = input.clauses
    .split(/[,\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const bad = clauses.find((c) => !clauseNumber.test(c));
  if (bad) return { ok: false, field: "clauses", message: `"${bad}" is not a clause number such as 4.5.` };
  if (clauses.length > 10) return { ok: false, field: "clauses", message: "Give at most 10 clauses." };
  if (!EXAMPLE_REASONS.includes(input.reason as ExampleReason))
    return {
      ok: false,
      field: "reason",
      message: "Say whether the check was wrong or a finding was dismissed.",
    };
  return {
    ok: true,
    context: input.context as PostContext,
    clauses: [...new Set(clauses)],
    reason: input.reason as ExampleReason,
  };
}

export async function submitExample(db: Db, input: SubmitExampleInput): Promise<SubmitExampleResult> {
  const valid = validateExample(input);
  if (!valid.ok) return valid;
  const school = await loadSchoolForCheck(db, input.schoolSlug);
  if (!school) return { ok: false, field: "school", message: "Choose one of your schools." };
  const id = await storeExample(db, {
    actor: { id: input.userId, label: input.userLabel },
    school,
    context: valid.context,
    text: input.text,
    clauses: valid.clauses,
    reason: valid.reason,
  });
  return { ok: true, id };
}

/**
 * Keeps one example, with the checker's own answer worked out here (never taken from a form), and
 * audits who gave it without the text. The caller has checked consent and the giver's right to
 * speak for that school.
 */
export async function storeExample(
  db: Db,
  input: {
    actor: { id: string; label: string };
    school: SchoolForCheck;
    context: PostContext;
    text: string;
    clauses: string[];
    reason: ExampleReason;
  },
): Promise<string> {
  const { school } = input;
  const result = checkPostForSchool(school, input.context, input.text);
  const checkerClauses = clausesCited(result);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(postExamples)
      .values({
        schoolId: school.schoolId,
        submittedBy: input.actor.id,
        context: input.context,
        text: input.text,
        clauses: input.clauses,
        checkerClauses,
        reason: input.reason,
        rulesVersion: result.rulesVersion,
      })
      .returning({ id: postExamples.id });
    // The audit trail says who gave which example; the post's text stays in its own table only.
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "post-example.submitted",
      subjectType: "post-example",
      subjectId: row!.id,
      schoolId: school.schoolId,
      detail: { clauses: input.clauses, checkerClauses, reason: input.reason },
    });
    return row!.id;
  });
}

/** The trust's examples as corpus lines (the eval format), for its own retraining and evaluation. */
export async function listTrustExamples(db: Db, trustId: string): Promise<string[]> {
  const rows = await db
    .select({
      id: postExamples.id,
      school: schools.slug,
      context: postExamples.context,
      text: postExamples.text,
      clauses: postExamples.clauses,
    })
    .from(postExamples)
    .innerJoin(schools, eq(schools.id, postExamples.schoolId))
    .where(eq(schools.trustId, trustId))
    .orderBy(asc(postExamples.submittedAt));
  return rows.map((row) =>
    JSON.stringify({
      id: `example-${row.id}`,
      context: row.context,
      school: row.school,
      text: row.text,
      expected: { verdict: row.clauses.length > 0 ? "block" : "clear", clauses: row.clauses },
    }),
  );
}
