// The grant that lets a member of staff post on an account today, or why there is none (5.1).
import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { type GrantState, grantState } from "./grant-state";
import { postingGrants } from "./schema";
import { personFacts } from "./staff-directory";

export type GrantRow = typeof postingGrants.$inferSelect;
export type LiveGrant = { ok: true; grant: GrantRow } | { ok: false; state: GrantState | "none" };

export async function findLiveGrant(
  db: DbOrTx,
  userId: string,
  accountId: string,
  today: string,
): Promise<LiveGrant> {
  const grants = await db
    .select()
    .from(postingGrants)
    .where(and(eq(postingGrants.granteeId, userId), eq(postingGrants.accountId, accountId)))
    .orderBy(desc(postingGrants.createdAt))
    .limit(50);
  if (grants.length === 0) return { ok: false, state: "none" };
  const leaveDate = (await personFacts(db, userId))?.leaveDate ?? null;
  const states = grants.map((g) => ({
    grant: g,
    state: grantState(
      { expiresOn: g.expiresOn, endedAt: g.endedAt, endReason: g.endReason, granteeLeaveDate: leaveDate },
      today,
    ),
  }));
  const live = states.find((s) => s.state === "live");
  if (live) return { ok: true, grant: live.grant };
  return { ok: false, state: states[0]!.state };
}
