// Monitoring's part of the committee report (3.1.4, 8.6.2, 9.1, 10.1): social media minutes on
// school equipment, findings made, reviewed and upheld in the period; and the DfE filtering and
// monitoring standards' annual review, from each school's DPO record. Numbers only.
import { formatDay } from "../platform/format-date";
import { and, gte, lt, sql } from "drizzle-orm";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { allMinutes, bitCount, hoursTouching, minutesWithin } from "./minute-masks";
import { monitoringDpoRecords, monitoringFindings, monitoringMinutes } from "./schema";

/** The DfE standards ask for a review at least once every academic year: 12 months at most. */
function yearBefore(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return `${y - 1}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export async function monitoringReportSections({
  db,
  scope,
  from,
  to,
  days,
  schools,
}: ReportContext): Promise<ReportSection[]> {
  const start = sql`${from.toISOString()}::timestamptz`;
  const end = sql`${to.toISOString()}::timestamptz`;
  const within = minutesWithin(sql`monitoring_minutes.hour`, start, end);
  const counted = await db.execute<{ total: number; pupils: number; directed: number; staff: number }>(sql`
    select coalesce(sum(${bitCount(sql`${allMinutes()} & ${within}`)}), 0)::int as total,
      coalesce(sum(${bitCount(sql`monitoring_minutes.pupils_present & ${within}`)}), 0)::int as pupils,
      coalesce(sum(${bitCount(sql`monitoring_minutes.directed_no_pupils & ${within}`)}), 0)::int as directed,
      (count(distinct monitoring_minutes.staff_id) filter (where ${allMinutes()} & ${within} <> 0))::int as staff
    from monitoring_minutes
    where ${hoursTouching(sql`monitoring_minutes.hour`, start, end)}
      and ${inSchoolScope(monitoringMinutes.schoolId, scope) ?? sql`true`}`);
  const minutes = counted.rows[0];
  const findings = await db
    .select({
      schoolId: monitoringFindings.schoolId,
      kind: monitoringFindings.kind,
      n: sql<number>`count(*)::int`,
      reviewed: sql<number>`count(*) filter (where ${monitoringFindings.status} <> 'to review')::int`,
      upheld: sql<number>`count(*) filter (where ${monitoringFindings.status} = 'confirmed')::int`,
      dismissed: sql<number>`count(*) filter (where ${monitoringFindings.status} = 'dismissed')::int`,
    })
    .from(monitoringFindings)
    .where(
      and(
        gte(monitoringFindings.day, days.first),
        lt(monitoringFindings.day, sql`${days.last}::date + 1`),
        inSchoolScope(monitoringFindings.schoolId, scope),
      ),
    )
    .groupBy(monitoringFindings.schoolId, monitoringFindings.kind);
  const dpo = await db
    .select()
    .from(monitoringDpoRecords)
    .where(inSchoolScope(monitoringDpoRecords.schoolId, scope));
  const version = await loadCurrentPolicy(db);
  const clauses = version
    ? ["3.1.4", "8.6.2", "9.1", "10.1"].flatMap((t) => findTemplateClause(version.parsed, t)?.number ?? [])
    : [];
  const sum = (
    pick: (f: (typeof findings)[number]) => boolean,
    field: "n" | "reviewed" | "upheld" | "dismissed",
  ) => findings.filter(pick).reduce((n, f) => n + f[field], 0);
  const kinds = [
    ["pupils-present", "Social media while pupils were present (8.6.2)"],
    ["daily-excessive", "Excessive use in a day (9.1)"],
    ["weekly-excessive", "Excessive use in a week (9.1)"],
  ] as const;
  const m = minutes ?? { total: 0, pupils: 0, directed: 0, staff: 0 };
  const total = sum(() => true, "n");
  const dpoBySchool = new Map(dpo.map((r) => [r.schoolId, r]));
  const cutoff = yearBefore(days.last);
  const reviewRows = schools.map((s) => {
    const r = dpoBySchool.get(s.id);
    const reviewed = r?.annualReviewOn ?? null;
    const inDate = reviewed !== null && reviewed > cutoff && reviewed <= days.last;
    return [
      s.name,
      reviewed ?? "never",
      inDate ? "yes" : "no",
      r?.purpose && r.lawfulBasis && r.dpiaReference ? "yes" : "no",
      r?.dpiaNextReview ?? "",
      r?.privacyNoticeShownOn ?? "",
      r?.seniorLeader ? "yes" : "no",
      r?.governor ? "yes" : "no",
      r?.retentionDays ?? 90,
    ] as (string | number)[];
  });
  const inDate = reviewRows.filter((r) => r[2] === "yes").length;
  return [
    {
      key: "monitoring",
      title: "Monitoring of school equipment: findings reviewed and upheld",
      clauses,
      headline: `${m.total} social media minutes on school equipment in the period (${m.pupils} while pupils were present) by ${m.staff} people; ${total} findings, ${sum(() => true, "reviewed")} reviewed by a named leader, ${sum(() => true, "upheld")} upheld and ${sum(() => true, "dismissed")} dismissed.`,
      tables: [
        {
          caption: "Findings in the period, by kind",
          columns: ["Kind", "Findings", "Reviewed", "Upheld", "Dismissed"],
          rows: kinds.map(([k, label]) => [
            label,
            sum((f) => f.kind === k, "n"),
            sum((f) => f.kind === k, "reviewed"),
            sum((f) => f.kind === k, "upheld"),
            sum((f) => f.kind === k, "dismissed"),
          ]),
          chart: "bar",
        },
        {
          caption: "Findings in the period by school: upheld, dismissed and still to review",
          columns: ["School", "Upheld", "Dismissed", "To review"],
          rows: schools
            .map((s) => {
              const here = (f: (typeof findings)[number]) => f.schoolId === s.id;
              return [
                s.name,
                sum(here, "upheld"),
                sum(here, "dismissed"),
                sum(here, "n") - sum(here, "reviewed"),
              ] as (string | number)[];
            })
            .filter((r) => r.slice(1).some((n) => Number(n) > 0)),
          chart: "stacked",
        },
        {
          caption: "Minutes monitored in the period",
          columns: ["When", "Minutes"],
          rows: [
            ["Pupils present (8.6.2)", m.pupils],
            ["Directed time without pupils", m.directed],
            ["Allowed time (breaks, before and after school)", m.total - m.pupils - m.directed],
          ],
        },
      ],
    },
    {
      key: "filtering-monitoring-review",
      title: "DfE filtering and monitoring standards: the annual review",
      clauses: clauses.slice(0, 1),
      headline: `${inDate} of ${schools.length} schools reviewed their filtering and monitoring in the 12 months to ${formatDay(days.last)}.`,
      tables: [
        {
          caption: "Each school's review and DPO record",
          columns: [
            "School",
            "Last annual review",
            "Within 12 months",
            "Purpose, lawful basis and DPIA recorded",
            "DPIA next review",
            "Privacy notice shown",
            "Senior leader named",
            "Governor named",
            "Minutes kept (days)",
          ],
          rows: reviewRows,
        },
      ],
    },
  ];
}
