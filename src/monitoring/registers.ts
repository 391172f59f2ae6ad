// Monitoring's registers: findings (named: only principals and senior leaders of the school, as
// the detail pages) and each school's DPO record (no personal data beyond named office holders).
import { asc } from "drizzle-orm";
import { listStaff } from "../core/people/list-staff";
import { listSchools } from "../core/people/find-schools";
import type { RegisterExport } from "../platform/capability";
import type { DbOrTx } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { monitoringDpoRecords, monitoringFindings } from "./schema";

async function schoolNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const schools = await listSchools(db, { schoolIds: [...new Set(ids)] });
  return new Map(schools.map((s) => [s.id, s.name]));
}

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
    async *rows({ db, scope }) {
      const findings = await db
        .select()
        .from(monitoringFindings)
        .where(inSchoolScope(monitoringFindings.schoolId, scope))
        .orderBy(asc(monitoringFindings.day));
      // Names through core's published functions, never its tables.
      const schoolName = await schoolNames(
        db,
        findings.map((f) => f.schoolId),
      );
      const people = await listStaff(db, { staffIds: [...new Set(findings.map((f) => f.staffId))] });
      const name = new Map(people.map((p) => [p.id, `${p.firstName} ${p.lastName}`]));
      const rows = findings
        .map((f) => ({ f, school: schoolName.get(f.schoolId) ?? "", person: name.get(f.staffId) ?? "" }))
        .sort(
          (a, b) =>
            a.school.localeCompare(b.school) ||
            String(a.f.day).localeCompare(String(b.f.day)) ||
            a.person.localeCompare(b.person),
        );
      for (const { f, school, person } of rows)
        yield [
          school,
          person,
          f.clause,
          f.kind,
          f.day,
          f.minutes,
          f.threshold,
          f.status,
          f.reviewReason,
          f.reviewedAt?.toISOString() ?? null,
        ];
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
      const records = await db
        .select()
        .from(monitoringDpoRecords)
        .where(inSchoolScope(monitoringDpoRecords.schoolId, scope));
      const schoolName = await schoolNames(
        db,
        records.map((r) => r.schoolId),
      );
      const rows = records
        .map((r) => ({ r, school: schoolName.get(r.schoolId) ?? "" }))
        .sort((a, b) => a.school.localeCompare(b.school));
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
