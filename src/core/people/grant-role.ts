// Gives or takes away a role. School roles need a school; trust-wide roles must not have one.
import { and, eq, isNull, sql } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { isTrustRole, ROLES, type Role } from "../../platform/auth/permissions";
import { roleAssignments, users } from "../../platform/auth/schema";
import { schools } from "./schema";

export type RoleChange = { email: string; role: string; schoolSlug?: string | null };
export type RoleChangeResult =
  | { ok: true; changed: boolean }
  | { ok: false; field: "email" | "role" | "school"; message: string };

async function resolve(db: Db, change: RoleChange) {
  if (!(ROLES as readonly string[]).includes(change.role)) {
    return {
      ok: false as const,
      field: "role" as const,
      message: `"${change.role}" is not a role. Roles: ${ROLES.join(", ")}.`,
    };
  }
  const role = change.role as Role;
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, change.email.trim().toLowerCase()))
    .limit(1);
  if (!user)
    return {
      ok: false as const,
      field: "email" as const,
      message: `No account has the email ${change.email}. Import the person as staff first.`,
    };
  let schoolId: string | null = null;
  if (isTrustRole(role)) {
    if (change.schoolSlug)
      return {
        ok: false as const,
        field: "school" as const,
        message: `${role} is a trust-wide role: leave the school empty.`,
      };
  } else {
    const [school] = change.schoolSlug
      ? await db.select().from(schools).where(eq(schools.slug, change.schoolSlug)).limit(1)
      : [];
    if (!school)
      return {
        ok: false as const,
        field: "school" as const,
        message: `${role} is a school role: choose the school${change.schoolSlug ? ` ("${change.schoolSlug}" is not one)` : ""}.`,
      };
    schoolId = school.id;
  }
  return { ok: true as const, user, role, schoolId };
}

export async function grantRole(db: Db, actor: Actor, change: RoleChange): Promise<RoleChangeResult> {
  const r = await resolve(db, change);
  if (!r.ok) return r;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(roleAssignments)
      .values({ userId: r.user.id, role: r.role, schoolId: r.schoolId })
      .onConflictDoNothing()
      .returning();
    if (inserted.length) {
      await recordAuditEvent(tx, {
        actor,
        action: "role.granted",
        subjectType: "user",
        subjectId: r.user.id,
        personId: r.user.id,
        schoolId: r.schoolId,
        detail: { role: r.role },
      });
    }
    return { ok: true as const, changed: inserted.length > 0 };
  });
}

export async function revokeRole(db: Db, actor: Actor, change: RoleChange): Promise<RoleChangeResult> {
  const r = await resolve(db, change);
  if (!r.ok) return r;
  return db.transaction(async (tx) => {
    if (r.role === "trust-admin") {
      const admins = await tx.select().from(roleAssignments).where(eq(roleAssignments.role, "trust-admin"));
      if (admins.length <= 1 && admins[0]?.userId === r.user.id) {
        return {
          ok: false as const,
          field: "role" as const,
          message: "This is the last trust administrator. Make someone else an administrator first.",
        };
      }
    }
    const removed = await tx
      .delete(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, r.user.id),
          eq(roleAssignments.role, r.role),
          r.schoolId ? eq(roleAssignments.schoolId, r.schoolId) : isNull(roleAssignments.schoolId),
        ),
      )
      .returning();
    if (removed.length) {
      await recordAuditEvent(tx, {
        actor,
        action: "role.revoked",
        subjectType: "user",
        subjectId: r.user.id,
        personId: r.user.id,
        schoolId: r.schoolId,
        detail: { role: r.role },
      });
    }
    return { ok: true as const, changed: removed.length > 0 };
  });
}
