// The post check's part of a subject access record: verdicts and clauses (the text is never kept).
import { asc, eq } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { postChecks, postExamples } from "./schema";

export async function postSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  const checks = await db
    .select()
    .from(postChecks)
    .where(eq(postChecks.userId, person.userId))
    .orderBy(asc(postChecks.checkedAt));
  const examples = await db
    .select()
    .from(postExamples)
    .where(eq(postExamples.submittedBy, person.userId))
    .orderBy(asc(postExamples.submittedAt));
  return [
    {
      key: "post-checks",
      title: "Posts you have checked",
      note: "The text of a checked post is never kept: only its verdict and the clauses cited.",
      records: checks.map((c) => ({
        id: c.id,
        context: c.context,
        verdict: c.verdict,
        clauses: c.clauses,
        checkedAt: iso(c.checkedAt),
      })),
    },
    {
      key: "post-examples",
      title: "Posts you gave the trust as examples",
      records: examples.map((e) => ({
        id: e.id,
        context: e.context,
        text: e.text,
        clausesYouCited: e.clauses,
        clausesTheCheckerCited: e.checkerClauses,
        reason: e.reason,
        submittedAt: iso(e.submittedAt),
      })),
    },
  ];
}
