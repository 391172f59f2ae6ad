// Sends email through SMTP when SMTP_URL is set; every message is also kept in the outbox, which
// is all there is when no SMTP server is configured (admins read it in the UI).
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db } from "../db";
import type { Logger } from "../logger";
import { outbox } from "./schema";

export type MailMessage = { to: string; subject: string; text: string; sensitive?: boolean };
export type Mailer = {
  send: (message: MailMessage) => Promise<{ id: string; status: "sent" | "stored" | "failed" }>;
};

export function createMailer(options: { db: Db; smtpUrl?: string; from: string; logger?: Logger }): Mailer {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
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
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
        });
        await options.db.update(outbox).set({ status: "sent", sentAt: new Date() }).where(eq(outbox.id, id));
        return { id, status: "sent" };
      } catch (error) {
        options.logger?.error({ err: error, to: message.to }, "email could not be sent");
        await options.db
          .update(outbox)
          .set({ status: "failed", error: String(error) })
          .where(eq(outbox.id, id));
        return { id, status: "failed" };
      }
    },
  };
}
