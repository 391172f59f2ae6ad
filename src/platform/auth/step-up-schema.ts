// Step-up: a recent re-check of who is at the keyboard (password, or a TOTP code), per session,
// before the most sensitive pages; and the authenticator apps people have enrolled.
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sessions, users } from "./schema";

export const stepUps = pgTable("step_ups", {
  sessionId: text("session_id")
    .primaryKey()
    .references(() => sessions.id, { onDelete: "cascade" }),
  via: text("via", { enum: ["password", "totp"] }).notNull(),
  at: timestamp("at", { withTimezone: true }).notNull(),
});

export const totpEnrolments = pgTable("totp_enrolments", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text("secret").notNull(),
  /** Null until a first code proves the app has the secret. */
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
