// Monitoring's registers: findings (named: only principals and senior leaders of the school, as
// the detail pages) and each school's DPO record (no personal data beyond named office holders).
import { and, asc, eq } from "drizzle-orm";
import { listStaff } from "../core/people/list-staff";
import { schools } from "../core/people/schema";
import type { RegisterExport } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { monitoringDpoRecords, monitoringFindings } from "./schema";

export const monitoringRegisters: readonly RegisterExport[] = [
  {
    table: "monitoring-findings",
    name: "Monitoring findings and their review",
    action: "monitoring.detail",
    columns: [
      "school",
      "member_of_staff",
      "clause",
      "kind",
      "day",
      "minutes",
      "threshold",
      "status",
      "review_reason",
      "reviewed_at",
    ],
    async *rows({ db, scope, notePerson }) {
      const rows = await db
        .select({ f: monitoringFindings, school: schools.name })
        .from(monitoringFindings)
        .innerJoin(schools, eq(schools.id, monitoringFindings.schoolId))
        .where(and(inSchoolScope(monitoringFindings.schoolId, scope)))
        .orderBy(asc(schools.name), asc(monitoringFindings.day));
      const people = await listStaff(db, { staffIds: [...new Set(rows.map((r) => r.f.staffId))] });
      const name = new Map(people.map((p) => [p.id, `${p.firstName} ${p.lastName}`]));
      for (const { f, school } of rows) {
        notePerson?.(f.staffId);
        yield [
          school,
          name.get(f.staffId) ?? "",
          f.clause,
          f.kind,
          f.day,
          f.minutes,
          f.threshold,
          f.status,
          f.reviewReason,
          f.reviewedAt?.toISOString() ?? null,
        ];
      }
    },
  },
  {
    table: "monitoring-dpo-records",
    name: "Monitoring: each school's DPO record and annual review",
    action: "monitoring.dpo",
    columns: [
      "school",
      "purpose",
      "lawful_basis",
      "dpia_reference",
      "dpia_date",
      "dpia_next_review",
      "privacy_notice_shown_on",
      "senior_leader",
      "governor",
      "annual_review_on",
      "retention_days",
    ],
    async *rows({ db, scope }) {
      const rows = await db
        .select({ r: monitoringDpoRecords, school: schools.name })
        .from(monitoringDpoRecords)
        .innerJoin(schools, eq(schools.id, monitoringDpoRecords.schoolId))
        .where(inSchoolScope(monitoringDpoRecords.schoolId, scope))
        .orderBy(asc(schools.name));
      for (const { r, school } of rows)
        yield [
          school,
          r.purpose,
          r.lawfulBasis,
          r.dpiaReference,
          r.dpiaDate,
          r.dpiaNextReview,
          r.privacyNoticeShownOn,
          r.seniorLeader,
          r.governor,
          r.annualReviewOn,
          r.retentionDays,
        ];
    },
  },
];
