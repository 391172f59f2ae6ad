// For tests of any capability: a member of staff as the import leaves them (a staff record, a
// sign-in account and the staff role at their school), signed in.
import { roleAssignments, users } from "../../platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../../platform/auth/sessions";
import type { Db } from "../../platform/db";
import { staff } from "./schema";

export type TestStaffMember = { staffId: string; userId: string; email: string; cookie: string };

/** `key` names them: key@school.example.org, "Key Tester", MIS id `key`. */
export async function addStaffMember(
  db: Db,
  key: string,
  schoolId: string,
  values: Partial<typeof staff.$inferInsert> = {},
): Promise<TestStaffMember> {
  const email = `${key}@school.example.org`;
  const [row] = await db
    .insert(staff)
    .values({
      schoolId,
      externalId: key,
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: "Tester",
      email,
      jobTitle: "Teacher",
      employment: "employee",
      startDate: "2020-09-01",
      ...values,
    })
    .returning();
  const [user] = await db
    .insert(users)
    .values({ email, name: `${key} Tester`, staffId: row!.id })
    .returning();
  await db.insert(roleAssignments).values({ userId: user!.id, role: "staff", schoolId });
  const cookie = `${SESSION_COOKIE}=${await startSession(db, user!.id, "password")}`;
  return { staffId: row!.id, userId: user!.id, email, cookie };
}
