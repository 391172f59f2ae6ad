// Which school a member of staff works at: the school of their staff record, or else of their
// school role. Declarations and evidence belong to that school and are reviewed by its leaders.
import { asc, eq, inArray } from "drizzle-orm";
import { schools, staff } from "./schema";
import type { RoleAssignment } from "../../platform/auth/permissions";
import type { DbOrTx } from "../../platform/db";

export type StaffSchool = { id: string; name: string; timeZone: string };

export interface FindStaffSchoolOptions {
  db: DbOrTx;
  user: { staffId: string | null; roles: readonly RoleAssignment[] };
}

export async function findStaffSchool({ db, user }: FindStaffSchoolOptions): Promise<StaffSchool | null> {
  const columns = { id: schools.id, name: schools.name, timeZone: schools.timeZone };
  if (user.staffId) {
    const [row] = await db
      .select(columns)
      .from(staff)
      .innerJoin(schools, eq(schools.id, staff.schoolId))
      .where(eq(staff.id, user.staffId))
      .limit(1);
    if (row) return row;
  }
  // Someone with roles at several schools and no staff record: the first by name, so the answer
  // does not depend on the order the roles were granted.
  const schoolIds = [...new Set(user.roles.map((r) => r.schoolId).filter((id): id is string => id !== null))];
  if (schoolIds.length === 0) return null;
  const [first] = await db
    .select(columns)
    .from(schools)
    .where(inArray(schools.id, schoolIds))
    .orderBy(asc(schools.name))
    .limit(1);
  return first ?? null;
}
