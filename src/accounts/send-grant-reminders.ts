// Daily: a permission to post that expires within REMINDER_DAYS reminds the leader who gave it,
// once, through the outbox in the same transaction as the mark that it was sent.
import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { officialAccounts, postingGrants } from "./schema";
import { whoCanGrant } from "./who-can-grant";

export const REMINDER_DAYS = 14;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function sendGrantReminders(options: { db: Db; baseUrl: string; asOf?: Date }): Promise<number> {
  const asOf = options.asOf ?? new Date();
  const today = calendarDateAt(asOf, defaultTimeZone);
  const horizon = addDays(today, REMINDER_DAYS);
  return options.db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: postingGrants.id,
        accountId: postingGrants.accountId,
        schoolId: officialAccounts.schoolId,
        leaderId: users.id,
        leaderEmail: users.email,
        leaderActive: users.active,
        expiresOn: postingGrants.expiresOn,
      })
      .from(postingGrants)
      .innerJoin(officialAccounts, eq(officialAccounts.id, postingGrants.accountId))
      .innerJoin(users, eq(users.id, postingGrants.grantedById))
      .where(
        and(
          isNull(postingGrants.endedAt),
          isNull(postingGrants.reminderSentAt),
          gte(postingGrants.expiresOn, today),
          lte(postingGrants.expiresOn, horizon),
          // Already renewed: a later permission for the same person and account holds.
          sql`not exists (select 1 from posting_grants later where later.account_id = ${postingGrants.accountId}
            and later.grantee_id = ${postingGrants.granteeId} and later.ended_at is null
            and later.expires_on > ${postingGrants.expiresOn})`,
        ),
      )
      .for("update", { of: postingGrants, skipLocked: true });
    for (const grant of due) {
      const link = `${options.baseUrl}/accounts/${grant.accountId}`;
      // The leader who gave it; if they have left, the leaders who could give it now.
      const recipients = grant.leaderActive
        ? [{ id: grant.leaderId, email: grant.leaderEmail }]
        : await whoCanGrant(tx, grant.schoolId);
      // The body names nobody: a link to sign in and see which permission it is.
      for (const leader of recipients)
        await notify(tx, {
          userId: leader.id,
          kind: "posting-grant.expiring",
          to: leader.email,
          subject: "A permission to post on an official account expires soon",
          text: `A permission to post on an official account expires on ${grant.expiresOn}. Renew it or let it lapse: ${link}`,
          link,
        });
      await tx.update(postingGrants).set({ reminderSentAt: asOf }).where(eq(postingGrants.id, grant.id));
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "posting-grant.reminder-queued",
        subjectType: "posting_grant",
        subjectId: grant.id,
        personId: grant.leaderId,
        schoolId: grant.schoolId,
        detail: { expiresOn: grant.expiresOn },
      });
    }
    return due.length;
  });
}
