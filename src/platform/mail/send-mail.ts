// Sends email through SMTP when SMTP_URL is set; every message is also kept in the outbox, which
// is all there is when no SMTP server is configured (admins read it in the UI). Messages the SMTP
// server refused are tried again by a job, a few times, with growing gaps.
import { and, eq, lt, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db } from "../db";
import type { Logger } from "../logger";
import { outbox } from "./schema";

export type MailMessage = { to: string; subject: string; text: string; sensitive?: boolean };
export type Mailer = {
  send: (message: MailMessage) => Promise<{ id: string; status: "sent" | "stored" | "failed" }>;
  /** Tries failed messages again (at most MAX_ATTEMPTS each); returns how many went this time. */
  retryFailed: (now?: Date) => Promise<number>;
  /**
   * Sends what use cases queued in their transactions (queueMail), then failed messages whose wait
   * is over; without SMTP, marks queued messages "stored" for the outbox page. The mail.deliver job
   * calls it every minute; returns how many were sent.
   */
  deliverQueued: (now?: Date) => Promise<number>;
  /** Delivers queued messages soon, without waiting (after a commit); the job is the safety net. */
  deliverSoon: () => void;
};

/** A message left "sending" this long (its sender crashed) is claimed again. */
const STUCK_MS = 10 * 60_000;
const BATCH = 50;

export const MAX_ATTEMPTS = 5;

/** Minutes to wait after the n-th failed attempt before the next: 5, 20, 80, 320. */
export function retryDelayMinutes(attempts: number): number {
  return 5 * 4 ** Math.max(0, attempts - 1);
}

export function createMailer(options: { db: Db; smtpUrl?: string; from: string; logger?: Logger }): Mailer {
  // Bounded timeouts: a stuck SMTP server must not hold a request or a job for minutes.
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: 15_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      })
    : null;

  async function deliver(id: string, message: MailMessage, attempts: number) {
    try {
      await transport!.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      await options.db
        .update(outbox)
        .set({ status: "sent", sentAt: new Date(), attempts: attempts + 1, error: null })
        .where(eq(outbox.id, id));
      return "sent" as const;
    } catch (error) {
      options.logger?.error({ err: error, to: message.to }, "email could not be sent");
      await options.db
        .update(outbox)
        .set({ status: "failed", error: String(error), attempts: attempts + 1, lastAttemptAt: new Date() })
        .where(eq(outbox.id, id));
      return "failed" as const;
    }
  }

  let delivering: Promise<void> | null = null;
  let again = false;

  const mailer: Mailer = {
    async send(message) {
      const [row] = await options.db
        .insert(outbox)
        .values({
          to: message.to,
          subject: message.subject,
          text: message.text,
          status: transport ? "sending" : "stored",
          sensitive: message.sensitive ?? false,
        })
        .returning({ id: outbox.id });
      const id = row!.id;
      if (!transport) return { id, status: "stored" };
      return { id, status: await deliver(id, message, 0) };
    },
    async deliverQueued(now = new Date()) {
      if (!transport) {
        await options.db.update(outbox).set({ status: "stored" }).where(eq(outbox.status, "queued"));
        return 0;
      }
      let sent = 0;
      for (;;) {
        // Claim a batch, so several instances running the job never send one message twice.
        const claimed = await options.db.execute<{
          id: string;
          to: string;
          subject: string;
          text: string;
          attempts: number;
        }>(sql`
          update outbox set status = 'sending', last_attempt_at = ${now}
           where id in (select id from outbox
                         where status = 'queued'
                            or (status = 'sending' and last_attempt_at < ${new Date(now.getTime() - STUCK_MS)})
                         order by created_at limit ${BATCH} for update skip locked)
          returning id, "to", subject, text, attempts`);
        for (const m of claimed.rows) if ((await deliver(m.id, m, m.attempts)) === "sent") sent++;
        if (claimed.rows.length < BATCH) break;
      }
      return sent + (await mailer.retryFailed(now));
    },
    deliverSoon() {
      if (delivering) {
        again = true;
        return;
      }
      delivering = (async () => {
        do {
          again = false;
          try {
            await mailer.deliverQueued();
          } catch (error) {
            options.logger?.error(
              { err: error },
              "queued email could not be delivered; the job will try again",
            );
          }
        } while (again);
        delivering = null;
      })();
    },
    async retryFailed(now = new Date()) {
      if (!transport) return 0;
      const due = await options.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, "failed"), lt(outbox.attempts, MAX_ATTEMPTS)))
        .orderBy(outbox.createdAt)
        .limit(100);
      let sent = 0;
      for (const m of due) {
        const waited = now.getTime() - (m.lastAttemptAt ?? m.createdAt).getTime();
        if (waited < retryDelayMinutes(m.attempts) * 60_000) continue;
        // Claim it, so two instances running the job do not both send it.
        const claimed = await options.db
          .update(outbox)
          .set({ status: "sending" })
          .where(and(eq(outbox.id, m.id), eq(outbox.status, "failed")))
          .returning({ id: outbox.id });
        if (claimed.length === 0) continue;
        if ((await deliver(m.id, m, m.attempts)) === "sent") sent++;
      }
      return sent;
    },
  };
  return mailer;
}
