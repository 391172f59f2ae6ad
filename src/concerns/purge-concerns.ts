// The daily job "concerns.retention": removes closed cases whose retention has ended (decide-
// retention.ts): false and malicious allegations at once, low-level concerns once the person has
// left, others after their date. An open case is never removed: its files are on legal hold. The
// chronology's trigger allows this delete only inside this transaction (conduct.concern_retention).
// The audit row keeps the category and outcome, never the person.
import { and, eq, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { staffLeaveDates } from "./roster";
import { concernEntries, concerns } from "./schema";

export async function purgeConcerns({
  db,
  asOf = new Date(),
}: {
  db: Db;
  asOf?: Date;
}): Promise<{ removed: number }> {
  const today = asOf.toISOString().slice(0, 10);
  const candidates = await db
    .select({
      id: concerns.id,
      schoolId: concerns.schoolId,
      category: concerns.category,
      outcome: concerns.outcome,
      subjectStaffId: concerns.subjectStaffId,
      retainUntil: concerns.retainUntil,
      retainWhileEmployed: concerns.retainWhileEmployed,
    })
    .from(concerns)
    .where(
      and(
        eq(concerns.status, "closed"),
        or(
          and(isNotNull(concerns.retainUntil), lte(concerns.retainUntil, today)),
          eq(concerns.retainWhileEmployed, true),
        ),
      ),
    );
  const leave = await staffLeaveDates(
    db,
    candidates.filter((c) => c.retainWhileEmployed && c.subjectStaffId).map((c) => c.subjectStaffId!),
  );
  const due = candidates.filter((c) => {
    if (!c.retainWhileEmployed) return true;
    if (!c.subjectStaffId) return false;
    const left = leave.get(c.subjectStaffId);
    return !!left && left < today;
  });
  if (due.length === 0) return { removed: 0 };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('conduct.concern_retention', 'on', true)`);
    const ids = due.map((d) => d.id);
    await tx.delete(concernEntries).where(inArray(concernEntries.concernId, ids));
    await tx.delete(concerns).where(inArray(concerns.id, ids));
    for (const d of due)
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "concern.removed",
        subjectType: "concern",
        subjectId: d.id,
        schoolId: d.schoolId,
        detail: {
          category: d.category,
          outcome: d.outcome,
          why: d.retainWhileEmployed ? "the person left" : "retention ended",
        },
      });
  });
  return { removed: due.length };
}
