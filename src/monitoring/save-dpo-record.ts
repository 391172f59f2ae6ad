// Keeps the record a DPO and an inspector ask for (purpose, lawful basis, DPIA, privacy notice, the
// named senior leader and governor, annual review, retention), audited. Until purpose, lawful basis
// and the DPIA are recorded every report stays locked (ingest still works).
import "./audit-events";
import { eq } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db, DbOrTx } from "../platform/db";
import { monitoringDpoRecords } from "./schema";

export type DpoRecord = typeof monitoringDpoRecords.$inferSelect;
export type DpoRecordInput = Partial<Omit<DpoRecord, "schoolId" | "updatedAt">>;

const REQUIRED: { field: keyof DpoRecord; label: string }[] = [
  { field: "purpose", label: "the purpose of monitoring" },
  { field: "lawfulBasis", label: "the lawful basis" },
  { field: "dpiaReference", label: "the DPIA's reference" },
  { field: "dpiaDate", label: "the DPIA's date" },
];

/** What is missing before reports may open, in plain words; empty when nothing is. */
export function missingForReports(record: DpoRecord | undefined): string[] {
  return REQUIRED.filter(({ field }) => !record || record[field] === null || record[field] === "").map(
    (r) => r.label,
  );
}

export async function loadDpoRecord(db: DbOrTx, schoolId: string): Promise<DpoRecord | undefined> {
  const [record] = await db
    .select()
    .from(monitoringDpoRecords)
    .where(eq(monitoringDpoRecords.schoolId, schoolId));
  return record;
}

export async function saveDpoRecord(options: {
  db: Db;
  actor: Actor;
  schoolId: string;
  input: DpoRecordInput;
}): Promise<DpoRecord> {
  const { db, actor, schoolId, input } = options;
  if (
    input.retentionDays !== undefined &&
    (!Number.isInteger(input.retentionDays) || input.retentionDays! < 1)
  ) {
    throw new RangeError("retention days must be a whole number, 1 or more");
  }
  return db.transaction(async (tx) => {
    const values = { ...input, schoolId, updatedAt: new Date() };
    const [saved] = await tx
      .insert(monitoringDpoRecords)
      .values(values)
      .onConflictDoUpdate({ target: monitoringDpoRecords.schoolId, set: { ...input, updatedAt: new Date() } })
      .returning();
    await recordAuditEvent(tx, {
      actor,
      action: "monitoring.dpo-record-saved",
      subjectType: "school",
      subjectId: schoolId,
      schoolId,
      detail: { fields: Object.keys(input).sort() },
    });
    return saved!;
  });
}
