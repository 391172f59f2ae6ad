// The post check's part of the committee report: posts checked in the period by verdict, and the
// clauses findings cited most, and what the examples staff gave in the period say it got wrong;
// numbers only (only the verdict of a check is kept, never the text; no example's text or giver).
import { and, gte, lt, sql } from "drizzle-orm";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { tallyReportedAnswers } from "./examples-today";
import { postChecks, postExamples } from "./schema";

export async function postCheckReportSections({
  db,
  scope,
  from,
  to,
}: ReportContext): Promise<ReportSection[]> {
  const where = and(
    gte(postChecks.checkedAt, from),
    lt(postChecks.checkedAt, to),
    inSchoolScope(postChecks.schoolId, scope),
  );
  const verdicts = await db
    .select({ verdict: postChecks.verdict, n: sql<number>`count(*)::int` })
    .from(postChecks)
    .where(where)
    .groupBy(postChecks.verdict);
  const cited = await db
    .select({ clause: sql<string>`c`, n: sql<number>`count(*)::int` })
    .from(sql`${postChecks}, unnest(${postChecks.clauses}) as c`)
    .where(where)
    .groupBy(sql`c`)
    .orderBy(sql`2 desc`, sql`c`)
    .limit(15);
  const examples = await db
    .select({ clauses: postExamples.clauses, checkerClauses: postExamples.checkerClauses })
    .from(postExamples)
    .where(
      and(
        gte(postExamples.submittedAt, from),
        lt(postExamples.submittedAt, to),
        inSchoolScope(postExamples.schoolId, scope),
      ),
    );
  const reported = tallyReportedAnswers(examples);
  const wrong = examples.length - reported.agreed;
  const total = verdicts.reduce((n, v) => n + v.n, 0);
  const count = (v: string) => verdicts.find((x) => x.verdict === v)?.n ?? 0;
  return [
    {
      key: "post-check",
      title: "Posts checked before publishing",
      clauses: cited.map((c) => c.clause),
      // The check's mistakes go to the committee beside its counts: a tool that is sometimes wrong
      // says so where its figures are read.
      headline: `${
        total
          ? `${total} posts checked in the period: ${count("block")} would have breached the policy, ${count("review")} needed a second look, ${count("clear")} were clear`
          : "No posts were checked in the period"
      }${wrong ? `; staff said the check was wrong about ${wrong} posts they gave as examples` : ""}.`,
      tables: [
        {
          caption: "Posts checked in the period, by verdict",
          columns: ["Verdict", "Posts"],
          rows: [
            ["Would breach the policy", count("block")],
            ["Needs a second look", count("review")],
            ["Clear", count("clear")],
          ],
        },
        {
          caption: "Clauses cited most by the post check",
          columns: ["Clause", "Posts"],
          rows: cited.map((c) => [c.clause, c.n]),
          chart: "bar",
        },
        {
          caption: "Posts staff gave as examples in the period, by what the check had said",
          columns: ["The check", "Examples"],
          rows: [
            ["Missed a problem", reported.missed],
            ["Flagged a harmless post", reported.flaggedHarmless],
            ["Cited another clause than the one breached", reported.otherClause],
            ["Agreed with them", reported.agreed],
          ],
        },
      ],
    },
  ];
}
