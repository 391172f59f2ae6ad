// Sends email through SMTP when SMTP_URL is set; every message is also kept in the outbox, which
// is all there is when no SMTP server is configured (admins read it in the UI). Messages the SMTP
// server refused are tried again by a job, a few times, with growing gaps.
import { and, eq, lt } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db } from "../db";
import type { Logger } from "../logger";
import { outbox } from "./schema";

export type MailMessage = { to: string; subject: string; text: string; sensitive?: boolean };
export type Mailer = {
  send: (message: MailMessage) => Promise<{ id: string; status: "sent" | "stored" | "failed" }>;
  /** Tries failed messages again (at most MAX_ATTEMPTS each); returns how many went this time. */
  retryFailed: (now?: Date) => Promise<number>;
};

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

  return {
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
}
