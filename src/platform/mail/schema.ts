// Every email Conduct sends is kept here; with no SMTP server configured this is the outbox admins read.
import { boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    // "stored" (no SMTP configured), "sent", or "failed"
    status: text("status").notNull(),
    error: text("error"),
    // Messages carrying a sign-in secret (password reset) are not shown in full in the outbox page.
    sensitive: boolean("sensitive").notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("outbox_created").on(t.createdAt)],
);
