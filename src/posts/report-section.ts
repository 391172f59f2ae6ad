// The post check's part of the committee report: posts checked in the period by verdict, and the
// clauses findings cited most; numbers only (only the verdict of a check is kept, never the text).
import { and, gte, lt, sql } from "drizzle-orm";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { postChecks } from "./schema";

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
  const total = verdicts.reduce((n, v) => n + v.n, 0);
  const count = (v: string) => verdicts.find((x) => x.verdict === v)?.n ?? 0;
  return [
    {
      key: "post-check",
      title: "Posts checked before publishing",
      clauses: cited.map((c) => c.clause),
      headline: total
        ? `${total} posts checked in the period: ${count("block")} would have breached the policy, ${count("review")} needed a second look, ${count("clear")} were clear.`
        : "No posts were checked in the period.",
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
      ],
    },
  ];
}
