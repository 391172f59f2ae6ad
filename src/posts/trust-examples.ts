// The trust's post examples (given with consent after "this is wrong" or a dismissed finding), for
// the people who look after the post check: a list with who gave each and when, the checker's answer
// beside theirs, a download as JSON Lines in the corpus format (scripts/train-post-classifier.ts
// --extra, npm run eval:posts -- --corpus), and withdrawal. Who sees what: a trust administrator
// every school of the trust; a principal only the schools they lead. Every read is audited (the
// examples name who gave them and may name pupils); withdrawal deletes the example and is audited.
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { loadTrust } from "../core/people/load-trust";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { postExamples } from "./schema";
import { EXAMPLE_REASONS, type ExampleReason } from "./submit-example";

export type ExampleViewer = Pick<SignedInUser, "id" | "email" | "roles">;

/** Pure: the schools whose examples a viewer may see; "trust" for every school of the trust. */
export function exampleScope(viewer: Pick<SignedInUser, "roles">): "trust" | string[] {
  if (viewer.roles.some((r) => r.role === "trust-admin")) return "trust";
  return [
    ...new Set(
      viewer.roles.filter((r) => r.role === "principal" && r.schoolId).map((r) => r.schoolId as string),
    ),
  ];
}

export interface TrustExample {
  id: string;
  school: string;
  schoolName: string;
  context: string;
  text: string;
  clauses: string[];
  checkerClauses: string[];
  reason: string;
  rulesVersion: string;
  submittedAt: Date;
  submittedBy: string;
  submitterName: string;
  submitterEmail: string;
}

export function parseReasonFilter(value: string | undefined): ExampleReason | undefined {
  return EXAMPLE_REASONS.includes(value as ExampleReason) ? (value as ExampleReason) : undefined;
}

async function scopeCondition(db: Db, viewer: ExampleViewer): Promise<SQL | null> {
  const scope = exampleScope(viewer);
  if (scope === "trust") {
    const trust = await loadTrust(db);
    return trust ? eq(schools.trustId, trust.id) : null;
  }
  return scope.length > 0 ? inArray(postExamples.schoolId, scope) : null;
}

async function selectExamples(
  db: Db,
  viewer: ExampleViewer,
  reason: ExampleReason | undefined,
): Promise<TrustExample[]> {
  const scope = await scopeCondition(db, viewer);
  if (!scope) return [];
  return db
    .select({
      id: postExamples.id,
      school: schools.slug,
      schoolName: schools.name,
      context: postExamples.context,
      text: postExamples.text,
      clauses: postExamples.clauses,
      checkerClauses: postExamples.checkerClauses,
      reason: postExamples.reason,
      rulesVersion: postExamples.rulesVersion,
      submittedAt: postExamples.submittedAt,
      submittedBy: postExamples.submittedBy,
      submitterName: users.name,
      submitterEmail: users.email,
    })
    .from(postExamples)
    .innerJoin(schools, eq(schools.id, postExamples.schoolId))
    .innerJoin(users, eq(users.id, postExamples.submittedBy))
    .where(and(scope, reason ? eq(postExamples.reason, reason) : undefined))
    .orderBy(desc(postExamples.submittedAt), asc(postExamples.id))
    .limit(5000);
}

/** The examples the viewer may see, newest first; the read is audited. */
export async function listExamplesFor(
  db: Db,
  viewer: ExampleViewer,
  options: { reason?: ExampleReason; purpose: "viewed" | "downloaded" },
): Promise<TrustExample[]> {
  const rows = await selectExamples(db, viewer, options.reason);
  const scope = exampleScope(viewer);
  await recordAuditEvent(db, {
    actor: { id: viewer.id, label: viewer.email },
    action: options.purpose === "viewed" ? "post-examples.viewed" : "post-examples.downloaded",
    subjectType: "post-examples",
    schoolId: scope !== "trust" && scope.length === 1 ? scope[0] : undefined,
    detail: {
      count: rows.length,
      reason: options.reason ?? null,
      scope: scope === "trust" ? "trust" : scope,
    },
  });
  return rows;
}

/** Pure: one example as a corpus line, the format eval-posts and the training script read. */
export function exampleAsCorpusLine(
  example: Pick<TrustExample, "id" | "school" | "context" | "text" | "clauses">,
): string {
  return JSON.stringify({
    id: `example-${example.id}`,
    context: example.context,
    school: example.school,
    text: example.text,
    expected: { verdict: example.clauses.length > 0 ? "block" : "clear", clauses: example.clauses },
  });
}

/**
 * Withdraws (deletes) one example the viewer may see. An example outside their scope is "not
 * found", the same as one that does not exist, so nothing is learnt about other schools.
 */
export async function withdrawExample(
  db: Db,
  viewer: ExampleViewer,
  exampleId: string,
): Promise<{ ok: true } | { ok: false; status: 404 }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(exampleId))
    return { ok: false, status: 404 };
  const scope = await scopeCondition(db, viewer);
  if (!scope) return { ok: false, status: 404 };
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: postExamples.id, schoolId: postExamples.schoolId, reason: postExamples.reason })
      .from(postExamples)
      .innerJoin(schools, eq(schools.id, postExamples.schoolId))
      .where(and(scope, eq(postExamples.id, exampleId)));
    if (!found) return { ok: false as const, status: 404 as const };
    await tx.delete(postExamples).where(eq(postExamples.id, found.id));
    await recordAuditEvent(tx, {
      actor: { id: viewer.id, label: viewer.email },
      action: "post-example.withdrawn",
      subjectType: "post-example",
      subjectId: found.id,
      schoolId: found.schoolId,
      detail: { reason: found.reason },
    });
    return { ok: true as const };
  });
}
