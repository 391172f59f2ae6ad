// Every email Conduct sends is kept here, and so is every in-app notification. A use case writes
// its messages in its own transaction (queueMail / notify), so a message exists exactly when the
// change that caused it committed; the mail.deliver job sends them, with retries.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { oneOf } from "../sql-check";
import { users } from "../../platform/auth/schema";

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "stored"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    // queued (waiting for the job), sending, sent, failed (to be tried again), or stored (no SMTP
    // is configured: the outbox page is all there is)
    status: text("status", { enum: OUTBOX_STATUSES }).notNull(),
    error: text("error"),
    // Messages carrying a sign-in secret (password reset) are not shown in full in the outbox page.
    sensitive: boolean("sensitive").notNull().default(false),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_created").on(t.createdAt),
    index("outbox_status").on(t.status),
    check("outbox_status_allowed", oneOf(t.status, OUTBOX_STATUSES)),
  ],
);

/** What a person sees in Conduct itself: a title and a link, never the sensitive detail. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The capability's kind of message, e.g. "declarations.prohibited" (for digests and filters). */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    link: text("link"),
    outboxId: uuid("outbox_id").references(() => outbox.id),
    /** Held for the person's daily digest instead of an email of its own (cleared when it is sent). */
    digestPending: boolean("digest_pending").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user").on(t.userId, t.createdAt),
    index("notifications_digest_pending").on(t.userId).where(sql`${t.digestPending}`),
  ],
);

export const EMAIL_DELIVERIES = ["instant", "daily"] as const;
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number];

/** Each person's choice: an email for each notification, or one a day listing what is waiting. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email", { enum: EMAIL_DELIVERIES }).notNull().default("instant"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("notification_preferences_email", oneOf(t.email, EMAIL_DELIVERIES))],
);
