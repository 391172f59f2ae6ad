// Staff and volunteers with their account (if any), for capabilities that work through everyone
// in post (acknowledgement assignment, completion by line manager), the trust's trustees and each
// school's local governors.
import { and, asc, eq, inArray } from "drizzle-orm";
import { roleAssignments, users } from "../../platform/auth/schema";
import type { DbOrTx } from "../../platform/db";
import { staff } from "./schema";

export type StaffMember = {
  id: string;
  schoolId: string;
  email: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  employment: "employee" | "volunteer";
  lineManagerId: string | null;
  startDate: string;
  leaveDate: string | null;
  /** Lower case, no domain; null: none on record. */
  networkUsername: string | null;
  userId: string | null;
};

export async function listStaff(
  db: DbOrTx,
  options: { schoolIds?: readonly string[]; staffIds?: readonly string[] } = {},
): Promise<StaffMember[]> {
  if (options.schoolIds?.length === 0 || options.staffIds?.length === 0) return [];
  return db
    .select({
      id: staff.id,
      schoolId: staff.schoolId,
      email: staff.email,
      firstName: staff.firstName,
      lastName: staff.lastName,
      jobTitle: staff.jobTitle,
      employment: staff.employment,
      lineManagerId: staff.lineManagerId,
      startDate: staff.startDate,
      leaveDate: staff.leaveDate,
      networkUsername: staff.networkUsername,
      userId: users.id,
    })
    .from(staff)
    .leftJoin(users, eq(users.staffId, staff.id))
    .where(
      and(
        options.schoolIds ? inArray(staff.schoolId, [...options.schoolIds]) : undefined,
        options.staffIds ? inArray(staff.id, [...options.staffIds]) : undefined,
      ),
    )
    .orderBy(asc(staff.lastName), asc(staff.firstName), asc(staff.id));
}

/** In post on a day: started on or before it, and not left before it. */
export function inPost(member: Pick<StaffMember, "startDate" | "leaveDate">, day: string): boolean {
  return member.startDate <= day && (member.leaveDate === null || member.leaveDate >= day);
}

/** Trustees with an active account (3.3 binds them; they hold no staff record). */
export async function listTrustees(db: DbOrTx): Promise<{ userId: string; email: string; name: string }[]> {
  return db
    .selectDistinct({ userId: users.id, email: users.email, name: users.name })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "trustee"), eq(users.active, true)))
    .orderBy(asc(users.name));
}

/**
 * Local governors with an active account, each with their school (3.3 binds them as it binds
 * trustees; they hold no staff record). Someone governing at two schools is listed once per school.
 */
export async function listLocalGovernors(
  db: DbOrTx,
): Promise<{ userId: string; email: string; name: string; schoolId: string }[]> {
  const rows = await db
    .selectDistinct({
      userId: users.id,
      email: users.email,
      name: users.name,
      schoolId: roleAssignments.schoolId,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, "local-governor"), eq(users.active, true)))
    .orderBy(asc(users.name), asc(roleAssignments.schoolId));
  // A school role always has its school (grantRole refuses one without).
  return rows.flatMap((r) => (r.schoolId ? [{ ...r, schoolId: r.schoolId }] : []));
}
