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

// A post a member of staff chose to give the trust as a labelled example (after "this is wrong" or
// a dismissed finding). Stored only with their consent, with who gave it; it feeds the trust's own
// retraining and evaluation (scripts/train-post-classifier.ts --extra).
export const postExamples = pgTable(
  "post_examples",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => users.id),
    context: text("context").notNull(),
    text: text("text").notNull(),
    /** What the submitter says the post breaches; empty when they say it is harmless. */
    clauses: text("clauses").array().notNull(),
    /** What the checker said, for comparison. */
    checkerClauses: text("checker_clauses").array().notNull(),
    reason: text("reason").notNull(),
    rulesVersion: text("rules_version").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("post_examples_school_time").on(t.schoolId, t.submittedAt)],
);
