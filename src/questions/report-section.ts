// Questions' part of the committee report (3.1.2, 3.2.2, 4.10): questions asked in the period, how
// many were answered and how fast, by school and by clause; numbers only.
import { and, gte, isNotNull, lt, sql } from "drizzle-orm";
import { schoolDateSql } from "../core/calendar/school-date-sql";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { questions } from "./schema";

const hours = sql<
  number | null
>`round((percentile_cont(0.5) within group (order by extract(epoch from (${questions.firstAnsweredAt} - ${questions.askedAt})) / 3600))::numeric, 1)::float`;

export async function questionReportSections({
  db,
  scope,
  from,
  to,
  days,
  schools,
  timeZone,
}: ReportContext): Promise<ReportSection[]> {
  // Answered late: the first answer falls after the due day, a day in the school's zone.
  const answeredOn = schoolDateSql(questions.firstAnsweredAt, questions.schoolId, schools, timeZone);
  const inPeriod = and(
    gte(questions.askedAt, from),
    lt(questions.askedAt, to),
    isNotNull(questions.schoolId),
    inSchoolScope(questions.schoolId, scope),
  );
  const totals = {
    asked: sql<number>`count(*)::int`,
    answered: sql<number>`count(${questions.firstAnsweredAt})::int`,
    open: sql<number>`count(*) filter (where ${questions.status} = 'open')::int`,
    overdue: sql<number>`count(*) filter (where ${questions.firstAnsweredAt} is null and ${questions.dueOn} < ${days.last})::int`,
    late: sql<number>`count(*) filter (where ${questions.firstAnsweredAt} is not null and ${answeredOn} > ${questions.dueOn})::int`,
    escalated: sql<number>`count(${questions.escalatedAt})::int`,
    medianHours: hours,
  };
  const [all] = await db.select(totals).from(questions).where(inPeriod);
  const bySchool = await db
    .select({ schoolId: questions.schoolId, ...totals })
    .from(questions)
    .where(inPeriod)
    .groupBy(questions.schoolId);
  const byClause = await db
    .select({
      clause: sql<string>`coalesce(${questions.clauseId}, 'the policy in general')`,
      asked: sql<number>`count(*)::int`,
    })
    .from(questions)
    .where(inPeriod)
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`, sql`1`)
    .limit(15);
  const version = await loadCurrentPolicy(db);
  const clauses = version
    ? ["3.1.2", "3.2.2", "4.10"].flatMap((t) => findTemplateClause(version.parsed, t)?.number ?? [])
    : [];
  const a = all ?? { asked: 0, answered: 0, open: 0, overdue: 0, late: 0, escalated: 0, medianHours: null };
  const name = new Map(schools.map((s) => [s.id, s.name]));
  return [
    {
      key: "questions",
      title: "Questions about the policy and time to answer",
      clauses,
      headline: a.asked
        ? `${a.asked} questions asked in the period, ${a.answered} answered (median ${a.medianHours ?? "—"} hours to a first answer), ${a.late} answered after their deadline, ${a.overdue} unanswered past it, ${a.escalated} escalated to the principal.`
        : "No questions were asked in the period.",
      tables: [
        {
          caption: "Questions asked in the period, by school",
          columns: ["School", "Asked", "Answered", "Overdue", "Escalated", "Median hours to answer"],
          rows: bySchool
            .map(
              (s) =>
                [
                  name.get(s.schoolId ?? "") ?? "",
                  s.asked,
                  s.answered,
                  s.overdue,
                  s.escalated,
                  s.medianHours ?? "—",
                ] as (string | number)[],
            )
            .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
        },
        {
          caption: "Answered and waiting, by school",
          columns: ["School", "Answered", "Waiting"],
          rows: bySchool
            .map(
              (s) =>
                [name.get(s.schoolId ?? "") ?? "", s.answered, s.asked - s.answered] as (string | number)[],
            )
            .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
          chart: "stacked",
        },
        {
          caption: "Clauses asked about most in the period",
          columns: ["Clause", "Questions"],
          rows: byClause.map((r) => [r.clause, r.asked]),
          chart: "bar",
        },
      ],
    },
  ];
}
