// Sessions live in the database, so any app instance behind a load balancer can serve any request.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../db";
import type { RoleAssignment } from "./permissions";
import { sessions, users } from "./schema";
import { newToken, tokenDigest } from "./tokens";

export const SESSION_COOKIE = "conduct_session";
export const SESSION_HOURS = 12;

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  staffId: string | null;
  roles: RoleAssignment[];
  sessionId: string;
};

/**
 * The account may sign in: it is not a member of staff whose leave date has passed (a calendar
 * date, in their school's zone). Checked at every session read and every sign-in, so a leaver
 * loses access the moment an import records the date, not at the nightly job.
 */
export const notALeaver = sql`not exists (select 1 from staff s join schools sc on sc.id = s.school_id
  where s.id = ${users.staffId} and s.leave_date is not null
    and s.leave_date < (now() at time zone sc.time_zone)::date)`;

export async function startSession(
  db: DbOrTx,
  userId: string,
  via: "password" | "sso" | "setup" | "reset",
): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    id: tokenDigest(token),
    userId,
    via,
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000),
  });
  return token;
}

export async function readSession(db: DbOrTx, token: string | undefined): Promise<SignedInUser | null> {
  if (!token || token.length > 100) return null;
  const id = tokenDigest(token);
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      staffId: users.staffId,
      lastSeenAt: sessions.lastSeenAt,
      // The roles come in the same round trip: every request reads them. (A joined query
      // qualifies ${users.id} as "users"."id", so it is safe inside this subquery.)
      roles: sql<
        RoleAssignment[]
      >`coalesce((select json_agg(json_build_object('role', r.role, 'schoolId', r.school_id))
        from role_assignments r where r.user_id = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date()), eq(users.active, true), notALeaver))
    .limit(1);
  if (!row) return null;
  // Touch at most once a minute: a write per request would make every page view a write.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    staffId: row.staffId,
    roles: row.roles,
    sessionId: id,
  };
}

export async function endSession(db: DbOrTx, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.delete(sessions).where(eq(sessions.id, tokenDigest(token)));
}

export async function endAllSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(db: DbOrTx): Promise<number> {
  const result = await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  return result.rowCount ?? 0;
}
