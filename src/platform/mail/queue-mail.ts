// The transactional outbox: write a message in the same transaction as the change that causes it.
// Nothing is sent here; the mail.deliver job sends queued messages (and tries failed ones again).
import type { DbOrTx } from "../db";
import { eq } from "drizzle-orm";
import { notificationPreferences, notifications, outbox } from "./schema";

export type QueuedMail = {
  to: string;
  subject: string;
  /** The body: never a pupil's name, a concern's detail or anything else sensitive (it leaves Conduct). */
  text: string;
  /** A sign-in secret (a reset link): the outbox page shows that it was sent, never its body. */
  sensitive?: boolean;
};

export async function queueMail(tx: DbOrTx, message: QueuedMail): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({
      to: message.to,
      subject: message.subject,
      text: message.text,
      status: "queued",
      sensitive: message.sensitive ?? false,
    })
    .returning({ id: outbox.id });
  if (!row) throw new Error("The outbox refused a message");
  return row.id;
}

/**
 * Tells a person: an in-app notification and, when they have an address, an email, both in the
 * caller's transaction. `kind` names the capability's message (for digests and filtering).
 */
export async function notify(
  tx: DbOrTx,
  message: QueuedMail & { userId: string | null; kind: string; link?: string },
): Promise<void> {
  const digest =
    message.userId !== null && !alwaysAtOnce(message.kind) && (await wantsDigest(tx, message.userId));
  const outboxId = message.to && !digest ? await queueMail(tx, message) : null;
  if (message.userId)
    await tx.insert(notifications).values({
      userId: message.userId,
      kind: message.kind,
      title: message.subject,
      link: message.link ?? null,
      outboxId,
      digestPending: digest && Boolean(message.to),
    });
}

/**
 * Safeguarding concerns and allegations (12.1: to the DSL at once) and a declared relationship
 * the policy prohibits are never held for a digest, whatever the person chose.
 */
export function alwaysAtOnce(kind: string): boolean {
  return kind.startsWith("concerns.") || kind === "declarations.prohibited";
}

async function wantsDigest(tx: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return row?.email === "daily";
}
