// Daily: a leaver's permissions to post end on their leaving date (5.1), recorded as ended.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { officialAccounts, postingGrants } from "./schema";
import { leaversAmong } from "./staff-directory";

export async function endLeaversGrants(options: { db: Db; asOf?: Date }): Promise<number> {
  const asOf = options.asOf ?? new Date();
  const today = calendarDateAt(asOf, defaultTimeZone);
  return options.db.transaction(async (tx) => {
    const open = await tx
      .select({
        id: postingGrants.id,
        granteeId: postingGrants.granteeId,
        schoolId: officialAccounts.schoolId,
      })
      .from(postingGrants)
      .innerJoin(officialAccounts, eq(officialAccounts.id, postingGrants.accountId))
      .where(isNull(postingGrants.endedAt));
    const leavers = await leaversAmong(tx, [...new Set(open.map((g) => g.granteeId))], today);
    const ending = open.filter((g) => leavers.has(g.granteeId));
    if (ending.length === 0) return 0;
    await tx
      .update(postingGrants)
      .set({ endedAt: asOf, endReason: "left" })
      .where(
        and(
          inArray(
            postingGrants.id,
            ending.map((g) => g.id),
          ),
          isNull(postingGrants.endedAt),
        ),
      );
    for (const g of ending)
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "posting-grant.ended-leaver",
        subjectType: "posting_grant",
        subjectId: g.id,
        personId: g.granteeId,
        schoolId: g.schoolId,
        detail: { clause: "5.1", on: today },
      });
    return ending.length;
  });
}
