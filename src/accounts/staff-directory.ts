// What this capability needs to know of people, read from the core's tables in one place: who can
// be given permission at a school, a person's leaving date, and the trust's administrators.
import { and, asc, eq, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { schools, staff } from "../core/people/schema";
import { roleAssignments, users } from "../platform/auth/schema";
import type { DbOrTx } from "../platform/db";

export type Person = { id: string; name: string; email: string };
export type PersonFacts = Person & { active: boolean; leaveDate: string | null };

/** Active people at a school (by staff record or school role); every member of staff for the trust. */
export async function listStaffOfSchool(db: DbOrTx, schoolId: string | null): Promise<Person[]> {
  const bySchool = schoolId
    ? or(
        eq(staff.schoolId, schoolId),
        sql`exists (select 1 from ${roleAssignments} r where r.user_id = ${users.id} and r.school_id = ${schoolId})`,
      )
    : or(
        isNotNull(users.staffId),
        sql`exists (select 1 from ${roleAssignments} r where r.user_id = ${users.id} and r.role <> 'trustee')`,
      );
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .leftJoin(staff, eq(staff.id, users.staffId))
    .where(and(eq(users.active, true), bySchool))
    .orderBy(asc(users.name), asc(users.id))
    .limit(2000);
}

export async function personFacts(db: DbOrTx, userId: string): Promise<PersonFacts | null> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      leaveDate: staff.leaveDate,
    })
    .from(users)
    .leftJoin(staff, eq(staff.id, users.staffId))
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export async function trustAdmins(db: DbOrTx): Promise<Person[]> {
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "trust-admin"), eq(users.active, true)))
    .orderBy(asc(users.name));
}

/** People whose leaving date is on or before `today` (YYYY-MM-DD), among these ids. */
export async function leaversAmong(
  db: DbOrTx,
  userIds: readonly string[],
  today: string,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staff, eq(staff.id, users.staffId))
    .where(and(inArray(users.id, [...userIds]), isNotNull(staff.leaveDate), lte(staff.leaveDate, today)));
  return new Set(rows.map((r) => r.id));
}

export async function schoolNames(db: DbOrTx): Promise<Map<string, { name: string; slug: string }>> {
  const rows = await db.select({ id: schools.id, name: schools.name, slug: schools.slug }).from(schools);
  return new Map(rows.map((r) => [r.id, { name: r.name, slug: r.slug }]));
}

/** Is this active person at the school (by staff record or school role); for the trust, any staff? */
export async function isStaffOf(db: DbOrTx, userId: string, schoolId: string | null): Promise<boolean> {
  const bySchool = schoolId
    ? or(
        eq(staff.schoolId, schoolId),
        sql`exists (select 1 from ${roleAssignments} r where r.user_id = ${users.id} and r.school_id = ${schoolId})`,
      )
    : or(
        isNotNull(users.staffId),
        sql`exists (select 1 from ${roleAssignments} r where r.user_id = ${users.id} and r.role <> 'trustee')`,
      );
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(staff, eq(staff.id, users.staffId))
    .where(and(eq(users.id, userId), eq(users.active, true), bySchool))
    .limit(1);
  return Boolean(row);
}
