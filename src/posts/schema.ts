// A record that a post was checked: verdict and clauses only. The text itself is never stored,
// so checking a draft does not create a record of what someone nearly posted.
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { schools } from "../core/people/schema";
import { users } from "../platform/auth/schema";

export const postChecks = pgTable(
  "post_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").references(() => users.id),
    schoolId: uuid("school_id").references(() => schools.id),
    context: text("context").notNull(),
    verdict: text("verdict").notNull(),
    clauses: text("clauses").array().notNull(),
    rulesVersion: text("rules_version").notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("post_checks_school_time").on(t.schoolId, t.checkedAt)],
);
