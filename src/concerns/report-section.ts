// Concerns' part of the committee report (3.1.3, 4.1.2, 11, 12): concerns and cases by kind, by
// clause breached and by outcome, and how soon each had a first action; numbers only, never a
// name or a detail of a case.
import { and, gte, lt, sql } from "drizzle-orm";
import { schoolDateSql } from "../core/calendar/school-date-sql";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { concerns } from "./schema";

const CATEGORY_LABELS: Record<string, string> = {
  safeguarding: "Safeguarding",
  allegation: "Allegation about a member of staff",
  "low-level": "Low-level concern",
  reputation: "Reputation of the school",
  "abuse-of-staff": "Abuse of staff",
};

export async function concernReportSections({
  db,
  scope,
  from,
  to,
  schools,
  timeZone,
}: ReportContext): Promise<ReportSection[]> {
  // A first action is on time when it falls by the start-by day, a day in the school's zone.
  const actedOn = schoolDateSql(concerns.firstActionAt, concerns.schoolId, schools, timeZone);
  const reported = and(
    gte(concerns.createdAt, from),
    lt(concerns.createdAt, to),
    inSchoolScope(concerns.schoolId, scope),
  );
  const byCategory = await db
    .select({
      schoolId: concerns.schoolId,
      category: concerns.category,
      n: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${concerns.status} = 'open')::int`,
      acted: sql<number>`count(${concerns.firstActionAt})::int`,
      onTime: sql<number>`count(*) filter (where ${concerns.firstActionAt} is not null and (${concerns.startBy} is null or ${actedOn} <= ${concerns.startBy}))::int`,
      medianHours: sql<
        number | null
      >`round((percentile_cont(0.5) within group (order by extract(epoch from (${concerns.firstActionAt} - ${concerns.createdAt})) / 3600))::numeric, 1)::float`,
    })
    .from(concerns)
    .where(reported)
    .groupBy(concerns.schoolId, concerns.category);
  // Outcomes and clauses of the cases closed in the period, whenever they were reported.
  const closed = and(
    gte(concerns.closedAt, from),
    lt(concerns.closedAt, to),
    inSchoolScope(concerns.schoolId, scope),
  );
  const outcomes = await db
    .select({
      category: concerns.category,
      outcome: sql<string>`coalesce(${concerns.outcome}, 'none recorded')`,
      n: sql<number>`count(*)::int`,
    })
    .from(concerns)
    .where(closed)
    .groupBy(concerns.category, sql`2`);
  const clauses = await db
    .select({ clause: sql<string>`c`, n: sql<number>`count(*)::int` })
    .from(sql`${concerns}, jsonb_array_elements_text(${concerns.clausesBreached}) as c`)
    .where(closed)
    .groupBy(sql`c`)
    .orderBy(sql`c`);
  const total = byCategory.reduce((n, r) => n + r.n, 0);
  const sumBy = (
    pick: (r: (typeof byCategory)[number]) => boolean,
    f: "n" | "open" | "acted" | "onTime" = "n",
  ) => byCategory.filter(pick).reduce((n, r) => n + r[f], 0);
  const categories = Object.keys(CATEGORY_LABELS);
  const version = await loadCurrentPolicy(db);
  const cited = version
    ? ["3.1.3", "4.1.2", "11.1", "11.2", "12.1", "12.2"].flatMap(
        (t) => findTemplateClause(version.parsed, t)?.number ?? [],
      )
    : [];
  const outcomeNames = [...new Set(outcomes.map((o) => o.outcome))].sort();
  return [
    {
      key: "concerns",
      title: "Concerns and cases by kind, clause and outcome",
      clauses: cited,
      headline: total
        ? `${total} concerns reported in the period (${categories.map((c) => `${sumBy((r) => r.category === c)} ${CATEGORY_LABELS[c]!.toLowerCase()}`).join(", ")}); ${sumBy(() => true, "acted")} had a first action, ${sumBy(() => true, "onTime")} by their deadline; ${sumBy(() => true, "open")} are still open. ${outcomes.reduce((n, o) => n + o.n, 0)} cases were closed in the period.`
        : `No concerns were reported in the period. ${outcomes.reduce((n, o) => n + o.n, 0)} cases were closed in it.`,
      tables: [
        {
          caption: "Concerns reported in the period, by kind",
          columns: ["Kind", "Reported", "First action by the deadline", "Still open"],
          rows: categories.map((c) => [
            CATEGORY_LABELS[c]!,
            sumBy((r) => r.category === c),
            sumBy((r) => r.category === c, "onTime"),
            sumBy((r) => r.category === c, "open"),
          ]),
          chart: "bar",
        },
        {
          caption: "Concerns reported in the period, by school and kind",
          columns: ["School", ...categories.map((c) => CATEGORY_LABELS[c]!)],
          rows: schools
            .map(
              (s) =>
                [s.name, ...categories.map((c) => sumBy((r) => r.schoolId === s.id && r.category === c))] as (
                  | string
                  | number
                )[],
            )
            .filter((r) => r.slice(1).some((n) => Number(n) > 0)),
          chart: "stacked",
        },
        {
          caption: "Cases closed in the period, by kind and outcome",
          columns: ["Kind", ...outcomeNames],
          rows: categories
            .map(
              (c) =>
                [
                  CATEGORY_LABELS[c]!,
                  ...outcomeNames.map(
                    (o) => outcomes.find((x) => x.category === c && x.outcome === o)?.n ?? 0,
                  ),
                ] as (string | number)[],
            )
            .filter((r) => r.slice(1).some((n) => Number(n) > 0)),
        },
        {
          caption: "Clauses found breached in cases closed in the period",
          columns: ["Clause", "Cases"],
          rows: clauses.map((c) => [c.clause, c.n]),
          chart: "bar",
        },
      ],
    },
  ];
}
