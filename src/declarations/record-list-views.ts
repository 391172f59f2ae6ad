// A list page shows safeguarding-grade records, so what it showed goes to the audit trail: one
// chain row for the whole page, listing each record and whose it is (so "My record" still shows
// every look), not one locked row per record.
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import "./audit-events";

export interface RecordListViewsOptions {
  db: Db;
  viewer: { id: string; email: string };
  action: "declarations.listed" | "declarations.exported" | "evidence.listed";
  subjectType: "declaration" | "evidence";
  list: string;
  rows: readonly { id: string; ownerId: string; schoolId: string }[];
  /** The filters that chose the rows (a register page or its CSV), kept with them. */
  filters?: Record<string, string>;
}

export async function recordListViews({
  db,
  viewer,
  action,
  subjectType,
  list,
  rows,
  filters,
}: RecordListViewsOptions): Promise<void> {
  if (rows.length === 0) return;
  const personIds = [...new Set(rows.map((r) => r.ownerId))];
  const schoolIds = [...new Set(rows.map((r) => r.schoolId))];
  await recordAuditEvent(db, {
    actor: { id: viewer.id, label: viewer.email },
    action,
    subjectType,
    subjectId: rows.length === 1 ? rows[0]!.id : null,
    // One person's or one school's list keeps the plain columns, so filters by them still find it.
    personId: personIds.length === 1 ? personIds[0]! : null,
    schoolId: schoolIds.length === 1 ? schoolIds[0]! : null,
    detail: {
      list,
      ...(filters ? { filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) } : {}),
      records: rows.map((r) => ({ id: r.id, personId: r.ownerId, schoolId: r.schoolId })),
      personIds,
    },
  });
}
