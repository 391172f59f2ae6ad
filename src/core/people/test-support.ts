// For tests of any capability: a member of staff as the import leaves them (a staff record, a
// sign-in account and a role at their school, by default the staff role), signed in; or the staff
// record alone (a volunteer without an account).
import { eq } from "drizzle-orm";
import { roleAssignments, users } from "../../platform/auth/schema";
import type { Role } from "../../platform/auth/permissions";
import { SESSION_COOKIE, startSession } from "../../platform/auth/sessions";
import type { Db } from "../../platform/db";
import { staff } from "./schema";

export type TestStaffMember = { staffId: string; userId: string; email: string; cookie: string };

/** The staff record only. `key` names them: key@school.example.org, "Key Tester", MIS id `key`. */
export async function addStaffRecord(
  db: Db,
  key: string,
  schoolId: string,
  values: Partial<typeof staff.$inferInsert> = {},
): Promise<typeof staff.$inferSelect> {
  const [row] = await db
    .insert(staff)
    .values({
      schoolId,
      externalId: key,
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: "Tester",
      email: `${key}@school.example.org`,
      jobTitle: "Teacher",
      employment: "employee",
      startDate: "2020-09-01",
      ...values,
    })
    .returning();
  return row!;
}

/** A staff record for an account that already exists (from signInAs), linked to it as an import would. */
export async function addStaffRecordFor(
  db: Db,
  account: { userId: string; email: string },
  schoolId: string,
  values: Partial<typeof staff.$inferInsert> = {},
): Promise<string> {
  const row = await addStaffRecord(db, account.email.split("@")[0]!, schoolId, {
    email: account.email,
    ...values,
  });
  await db.update(users).set({ staffId: row.id }).where(eq(users.id, account.userId));
  return row.id;
}

/** A session cookie for this account, as signing in would set it. */
export async function sessionCookieFor(db: Db, userId: string): Promise<string> {
  return `${SESSION_COOKIE}=${await startSession(db, userId, "password")}`;
}

/** The staff record, its account (named "Key Tester") holding `role` at the school, and a session. */
export async function addStaffMember(
  db: Db,
  key: string,
  schoolId: string,
  values: Partial<typeof staff.$inferInsert> = {},
  options: { role?: Role } = {},
): Promise<TestStaffMember> {
  const row = await addStaffRecord(db, key, schoolId, values);
  const [user] = await db
    .insert(users)
    .values({ email: row.email, name: `${key} Tester`, staffId: row.id })
    .returning();
  await db
    .insert(roleAssignments)
    .values({ userId: user!.id, role: options.role ?? "staff", schoolId: row.schoolId });
  return {
    staffId: row.id,
    userId: user!.id,
    email: row.email,
    cookie: await sessionCookieFor(db, user!.id),
  };
}
