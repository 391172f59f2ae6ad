// Daily: an official account whose owner leaves is flagged for handover on their leaving date
// (5.3), and the leaders who can grant on it are told, in the same transaction.
import { and, inArray, isNull, ne } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { officialAccounts } from "./schema";
import { leaversAmong } from "./staff-directory";
import { whoCanGrant } from "./who-can-grant";

export async function flagLeaversAccounts(options: {
  db: Db;
  baseUrl: string;
  asOf?: Date;
}): Promise<number> {
  const asOf = options.asOf ?? new Date();
  const today = calendarDateAt(asOf, defaultTimeZone);
  return options.db.transaction(async (tx) => {
    const unflagged = await tx
      .select({
        id: officialAccounts.id,
        ownerId: officialAccounts.ownerId,
        schoolId: officialAccounts.schoolId,
      })
      .from(officialAccounts)
      .where(and(isNull(officialAccounts.handoverFlaggedAt), ne(officialAccounts.status, "closed")));
    const leavers = await leaversAmong(tx, [...new Set(unflagged.map((a) => a.ownerId))], today);
    const flagging = unflagged.filter((a) => leavers.has(a.ownerId));
    if (flagging.length === 0) return 0;
    await tx
      .update(officialAccounts)
      .set({ handoverFlaggedAt: asOf })
      .where(
        and(
          inArray(
            officialAccounts.id,
            flagging.map((a) => a.id),
          ),
          isNull(officialAccounts.handoverFlaggedAt),
        ),
      );
    for (const account of flagging) {
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "official-account.handover-flagged",
        subjectType: "official_account",
        subjectId: account.id,
        personId: account.ownerId,
        schoolId: account.schoolId,
        detail: { clause: "5.3", on: today },
      });
      const link = `${options.baseUrl}/accounts/${account.id}`;
      for (const leader of await whoCanGrant(tx, account.schoolId))
        await notify(tx, {
          userId: leader.id,
          kind: "official-account.handover",
          to: leader.email,
          subject: "An official account needs a new owner",
          text: `The owner of an official account has left. Choose a new owner and change its login and recovery details: ${link}`,
          link,
        });
    }
    return flagging.length;
  });
}
