// A member of staff whose leaving date has passed loses their sign-in at once: the account is made
// inactive and every session ends. Called inside the import that sets the date (same transaction)
// and by the nightly job, for dates that pass later. Their records stay: declarations and the
// audit trail still name them.
import { and, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../../platform/audit/record-audit-event";
import { sessions, users } from "../../platform/auth/schema";
import type { DbOrTx } from "../../platform/db";
import { staff } from "./schema";

/** Ends sign-in for every active account whose staff record's leave date is before `today` (YYYY-MM-DD). */
export async function endLeaverAccess(tx: DbOrTx, options: { today: string; actor: Actor }): Promise<number> {
  const leavers = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(staff, eq(staff.id, users.staffId))
    .where(and(eq(users.active, true), isNotNull(staff.leaveDate), lt(staff.leaveDate, options.today)));
  if (leavers.length === 0) return 0;
  const ids = leavers.map((l) => l.id);
  await tx.update(users).set({ active: false }).where(inArray(users.id, ids));
  await tx.delete(sessions).where(inArray(sessions.userId, ids));
  await recordAuditEvent(tx, {
    actor: options.actor,
    action: "accounts.deactivated-leavers",
    subjectType: "users",
    detail: { count: leavers.length, emails: leavers.map((l) => l.email) },
  });
  return leavers.length;
}
