// The schools a signed-in person belongs to: their staff record's school and the schools of their
// school roles; trust-wide roles belong to every school.
import { asc, eq, inArray } from "drizzle-orm";
import type { SignedInUser } from "../../platform/auth/sessions";
import type { DbOrTx } from "../../platform/db";
import { schools, staff } from "./schema";

export async function schoolsOfUser(db: DbOrTx, user: Pick<SignedInUser, "roles" | "staffId">) {
  if (user.roles.some((r) => r.schoolId === null))
    return db.select().from(schools).orderBy(asc(schools.name));
  const ids = new Set(user.roles.map((r) => r.schoolId!).filter(Boolean));
  if (user.staffId) {
    const [me] = await db.select({ schoolId: staff.schoolId }).from(staff).where(eq(staff.id, user.staffId));
    if (me) ids.add(me.schoolId);
  }
  if (ids.size === 0) return [];
  return db
    .select()
    .from(schools)
    .where(inArray(schools.id, [...ids]))
    .orderBy(asc(schools.name));
}
