// A list page shows safeguarding-grade records, so each declaration or file on it is written to
// the audit trail under its owner, in one transaction (one lock, not one per row).
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";

export interface RecordListViewsOptions {
  db: Db;
  viewer: { id: string; email: string };
  action: "declaration.viewed" | "evidence.listed";
  subjectType: "declaration" | "evidence";
  list: string;
  rows: readonly { id: string; ownerId: string; schoolId: string }[];
}

export async function recordListViews({
  db,
  viewer,
  action,
  subjectType,
  list,
  rows,
}: RecordListViewsOptions): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await recordAuditEvent(tx, {
        actor: { id: viewer.id, label: viewer.email },
        action,
        subjectType,
        subjectId: row.id,
        personId: row.ownerId,
        schoolId: row.schoolId,
        detail: { view: "list", list },
      });
    }
  });
}
