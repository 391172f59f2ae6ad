// The daily digest: one email to each person with notifications held for it, saying how many
// are waiting and where, never what they are about. The email is queued and the notifications
// released in one transaction, so a retried job never sends a digest twice.
import { and, eq, sql } from "drizzle-orm";
import { users } from "../auth/schema";
import type { Db } from "../db";
import { queueMail } from "./queue-mail";
import { notifications } from "./schema";

export async function sendDigests(db: Db, baseUrl: string): Promise<number> {
  const waiting = await db
    .select({ userId: notifications.userId, email: users.email, name: users.name })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.digestPending, true), eq(users.active, true)))
    .groupBy(notifications.userId, users.email, users.name);
  let sent = 0;
  for (const person of waiting)
    await db.transaction(async (tx) => {
      const released = await tx
        .update(notifications)
        .set({ digestPending: false })
        .where(and(eq(notifications.userId, person.userId), eq(notifications.digestPending, true)))
        .returning({ id: notifications.id });
      if (released.length === 0) return; // another run took them
      const unread = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.userId, person.userId), sql`${notifications.readAt} is null`));
      await queueMail(tx, {
        to: person.email,
        subject: `Conduct: ${released.length} new ${released.length === 1 ? "notification" : "notifications"}`,
        text:
          `Hello ${person.name},\n\n${released.length} new ${released.length === 1 ? "notification is" : "notifications are"} ` +
          `waiting for you in Conduct (${unread[0]?.n ?? released.length} unread in all).\n\n` +
          `Sign in to read them: ${baseUrl}/notifications\n\n` +
          "You chose a daily email. You can choose an email for each notification on the same page.\n",
      });
      sent++;
    });
  return sent;
}
