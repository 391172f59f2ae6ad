// Handles a "forgotten password" request after the reply has gone: one live link per account (a
// new one voids the older), at most a few requests per account in a window, and the email.
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../db";
import type { Mailer } from "../../platform/mail/send-mail";
import { passwordResets, users } from "./schema";
import { notALeaver } from "./sessions";
import { newToken, tokenDigest } from "./tokens";

export const RESET_LINK_MINUTES = 60;
/** At most this many links per account in RESET_WINDOW_MINUTES: a mailbox is not flooded, nor links hoarded. */
export const MAX_RESETS_PER_WINDOW = 3;
export const RESET_WINDOW_MINUTES = 15;

export async function requestPasswordReset(options: {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  email: string;
  now?: Date;
}): Promise<"sent" | "no-account" | "throttled"> {
  const { db } = options;
  const now = options.now ?? new Date();
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, options.email), eq(users.active, true), notALeaver))
    .limit(1);
  if (!user) return "no-account";
  const token = newToken();
  const outcome = await db.transaction(async (tx) => {
    // Serialise requests for one account, so two at once cannot both pass the throttle.
    await tx.execute(sql`select 1 from users where id = ${user.id} for update`);
    const [recent] = await tx
      .select({ n: count() })
      .from(passwordResets)
      .where(
        and(
          eq(passwordResets.userId, user.id),
          gt(passwordResets.createdAt, new Date(now.getTime() - RESET_WINDOW_MINUTES * 60_000)),
        ),
      );
    if ((recent?.n ?? 0) >= MAX_RESETS_PER_WINDOW) {
      await recordAuditEvent(tx, {
        actor: { id: null, label: "anonymous" },
        action: "password-reset.throttled",
        subjectType: "user",
        subjectId: user.id,
      });
      return "throttled" as const;
    }
    // One live link per account: the newest.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({
      id: tokenDigest(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
    });
    await recordAuditEvent(tx, {
      actor: { id: null, label: "anonymous" },
      action: "password-reset.requested",
      subjectType: "user",
      subjectId: user.id,
    });
    return "sent" as const;
  });
  if (outcome !== "sent") return outcome;
  await options.mailer.send({
    to: user.email,
    subject: "Reset your Conduct password",
    text: `Someone (we hope you) asked to reset the password for ${user.email}.\n\nSet a new password here (the link works once, for ${RESET_LINK_MINUTES} minutes):\n${options.baseUrl}/password/reset/${token}\n\nIf you did not ask, ignore this email: your password has not changed.`,
    sensitive: true,
  });
  return "sent";
}
