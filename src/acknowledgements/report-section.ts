// Acknowledgement's part of the committee report (3.1.1, 3.2.1, 3.3.1): completion of the current
// version by school, and acknowledgements made in the period; numbers only.
import { and, eq, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { COUNTED, completionBySchool } from "./list-completion";
import { acknowledgementAssignments, acknowledgements } from "./schema";

const percent = (part: number, whole: number) => (whole ? Math.round((100 * part) / whole) : 0);

export async function acknowledgementReportSections(context: ReportContext): Promise<ReportSection[]> {
  const { db, scope, from, to, days } = context;
  const version = await loadCurrentPolicy(db);
  const clauses = version
    ? ["3.1.1", "3.2.1", "3.3.1"].flatMap((t) => findTemplateClause(version.parsed, t)?.number ?? [])
    : [];
  if (!version)
    return [
      {
        key: "acknowledgement",
        title: "Acknowledgement of the policy",
        clauses,
        headline: "No policy is current, so nobody has been asked to acknowledge it.",
        tables: [],
      },
    ];
  const bySchool = await completionBySchool(db, { versionId: version.id, scope, today: days.last });
  const [trustees] = await db
    .select({
      asked: sql<number>`count(*)::int`,
      complete: sql<number>`count(*) filter (where ${acknowledgementAssignments.status} in ('done','not-needed'))::int`,
    })
    .from(acknowledgementAssignments)
    .where(
      and(
        eq(acknowledgementAssignments.versionId, version.id),
        isNull(acknowledgementAssignments.schoolId),
        inArray(acknowledgementAssignments.status, [...COUNTED]),
      ),
    );
  const [made] = await db
    .select({
      total: sql<number>`count(*)::int`,
      onBehalf: sql<number>`count(${acknowledgements.onBehalfByUserId})::int`,
      passed: sql<number>`count(*) filter (where ${acknowledgements.score} is not null)::int`,
    })
    .from(acknowledgements)
    .innerJoin(acknowledgementAssignments, eq(acknowledgementAssignments.id, acknowledgements.assignmentId))
    .where(
      and(
        gte(acknowledgements.acknowledgedAt, from),
        lt(acknowledgements.acknowledgedAt, to),
        isNotNull(acknowledgementAssignments.schoolId),
        inSchoolScope(acknowledgementAssignments.schoolId, scope),
      ),
    );
  const asked = bySchool.reduce((n, s) => n + s.asked, 0);
  const complete = bySchool.reduce((n, s) => n + s.complete, 0);
  const overdue = bySchool.reduce((n, s) => n + s.overdue, 0);
  const t = trustees ?? { asked: 0, complete: 0 };
  return [
    {
      key: "acknowledgement",
      title: "Acknowledgement of the policy",
      clauses,
      headline:
        `${complete} of ${asked} staff and volunteers (${percent(complete, asked)}%) have acknowledged version ${version.number}; ` +
        `${overdue} are overdue. ${t.complete} of ${t.asked} trustees have. ${made?.total ?? 0} acknowledgements were made in the period.`,
      tables: [
        {
          caption: `Acknowledgement of version ${version.number} by school (staff and volunteers)`,
          columns: ["School", "Acknowledged", "Not yet", "Overdue", "Per cent complete"],
          rows: bySchool.map((s) => [
            s.name,
            s.complete,
            s.asked - s.complete,
            s.overdue,
            percent(s.complete, s.asked),
          ]),
        },
        {
          caption: "Acknowledged and not yet, by school",
          columns: ["School", "Acknowledged", "Not yet"],
          rows: bySchool.map((s) => [s.name, s.complete, s.asked - s.complete]),
          chart: "stacked",
        },
        {
          caption: "Acknowledgements made in the period",
          columns: ["Kind", "Number"],
          rows: [
            ["Made in the period", made?.total ?? 0],
            ["Recorded by a leader on someone's behalf", made?.onBehalf ?? 0],
            ["With a check of understanding", made?.passed ?? 0],
            ["Trustees asked (current version)", t.asked],
            ["Trustees who have acknowledged", t.complete],
          ],
        },
      ],
    },
  ];
}
