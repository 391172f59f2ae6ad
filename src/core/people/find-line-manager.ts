// A member of staff's line manager (from the MIS import), as an account Conduct can notify: where
// questions go and to whom overdue acknowledgements escalate. Null when there is none, or when the
// line manager has no active account (the caller then goes to the principal).
import { and, eq } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { DbOrTx } from "../../platform/db";
import { staff } from "./schema";

export type LineManager = { staffId: string; userId: string; name: string; email: string };

export async function findLineManager(db: DbOrTx, staffId: string): Promise<LineManager | null> {
  const [me] = await db
    .select({ lineManagerId: staff.lineManagerId })
    .from(staff)
    .where(eq(staff.id, staffId));
  if (!me?.lineManagerId) return null;
  const [manager] = await db
    .select({ staffId: staff.id, userId: users.id, name: users.name, email: users.email })
    .from(staff)
    .innerJoin(users, and(eq(users.staffId, staff.id), eq(users.active, true)))
    .where(eq(staff.id, me.lineManagerId));
  return manager ?? null;
}

/** The staff a person line-manages (directly), by staff id: who they may not see a case about. */
export async function directReports(db: DbOrTx, staffId: string): Promise<string[]> {
  const rows = await db.select({ id: staff.id }).from(staff).where(eq(staff.lineManagerId, staffId));
  return rows.map((r) => r.id);
}
