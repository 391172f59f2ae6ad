// The people who hold a leadership role at one school: who is told about a prohibited
// declaration, and whom a member of staff may share a file in the vault with.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Role } from "../../platform/auth/permissions";
import { roleAssignments, users } from "../../platform/auth/schema";
import type { DbOrTx } from "../../platform/db";

export type SchoolLeader = { id: string; name: string; email: string; roles: Role[] };

/** Leaders a member of staff may share evidence with (8.3.2 "consider reporting these to senior leaders"). */
export const EVIDENCE_LEADER_ROLES: readonly Role[] = ["principal", "senior-leader", "dsl"];

export interface FindSchoolLeadersOptions {
  db: DbOrTx;
  schoolId: string;
  roles: readonly Role[];
}

export async function findSchoolLeaders({
  db,
  schoolId,
  roles,
}: FindSchoolLeadersOptions): Promise<SchoolLeader[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.schoolId, schoolId),
        inArray(roleAssignments.role, [...roles]),
        eq(users.active, true),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  const byId = new Map<string, SchoolLeader>();
  for (const r of rows) {
    const leader = byId.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [] };
    leader.roles.push(r.role);
    byId.set(r.id, leader);
  }
  return [...byId.values()];
}
