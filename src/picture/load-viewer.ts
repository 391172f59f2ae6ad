// The person a command-line export is made as (`--as EMAIL`): their account and roles, so the
// export gives them what their pages would and no more.
import { eq } from "drizzle-orm";
import type { RoleAssignment } from "../platform/auth/permissions";
import { roleAssignments, users } from "../platform/auth/schema";
import type { SignedInUser } from "../platform/auth/sessions";
import type { DbOrTx } from "../platform/db";

export async function loadViewer(db: DbOrTx, email: string): Promise<SignedInUser | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user?.active) return null;
  const roles = await db
    .select({ role: roleAssignments.role, schoolId: roleAssignments.schoolId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, user.id));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    staffId: user.staffId,
    roles: roles as RoleAssignment[],
    sessionId: "command-line",
  };
}
