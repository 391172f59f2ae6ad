// Staff whose leaving date has passed lose their sign-in: their account is made inactive and
// their sessions end. Their records stay (declarations and the audit trail still name them).
import { and, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { recordAuditEvent, SYSTEM_ACTOR } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { sessions, users } from "../../platform/auth/schema";
import { staff } from "./schema";

export async function deactivateLeavers(db: Db, today = new Date()): Promise<number> {
  const todayIso = today.toISOString().slice(0, 10);
  return db.transaction(async (tx) => {
    const leavers = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(staff, eq(staff.id, users.staffId))
      .where(and(eq(users.active, true), isNotNull(staff.leaveDate), lt(staff.leaveDate, todayIso)));
    if (leavers.length === 0) return 0;
    const ids = leavers.map((l) => l.id);
    await tx.update(users).set({ active: false }).where(inArray(users.id, ids));
    await tx.delete(sessions).where(inArray(sessions.userId, ids));
    await recordAuditEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: "accounts.deactivated-leavers",
      subjectType: "users",
      detail: { count: leavers.length, emails: leavers.map((l) => l.email) },
    });
    return leavers.length;
  });
}
