// Questions about the policy (3.1.2, 3.2.2, 4.10): each question routed to one person (the line
// manager, the principal, or a senior leader when asked privately), its threaded messages, the
// trust's response deadline, and guidance a leader published from an answered question.
import { index, integer, date, boolean, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { schools, trusts } from "../core/people/schema";
import { users } from "../platform/auth/schema";
import { policyVersions } from "../policy/schema";

export const questionSettings = pgTable("question_settings", {
  trustId: uuid("trust_id")
    .primaryKey()
    .references(() => trusts.id),
  responseSchoolDays: integer("response_school_days").notNull().default(3),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const questions = pgTable(
  "questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    askerUserId: uuid("asker_user_id")
      .notNull()
      .references(() => users.id),
    schoolId: uuid("school_id").references(() => schools.id),
    // The clause as numbered in the version current when asked (null: the policy in general).
    clauseId: text("clause_id"),
    versionId: uuid("version_id").references(() => policyVersions.id),
    body: text("body").notNull(),
    private: boolean("private").notNull().default(false),
    routedToUserId: uuid("routed_to_user_id").references(() => users.id),
    routedBecause: text("routed_because", {
      enum: ["line-manager", "principal", "senior-leader"],
    }).notNull(),
    dueOn: date("due_on").notNull(),
    escalatedToUserId: uuid("escalated_to_user_id").references(() => users.id),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    status: text("status", { enum: ["open", "answered", "closed"] })
      .notNull()
      .default("open"),
    askedAt: timestamp("asked_at", { withTimezone: true }).notNull(),
    firstAnsweredAt: timestamp("first_answered_at", { withTimezone: true }),
  },
  (t) => [
    index("questions_routed").on(t.routedToUserId, t.status),
    index("questions_asker").on(t.askerUserId),
    index("questions_school").on(t.schoolId, t.status),
  ],
);

export const questionMessages = pgTable(
  "question_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    questionId: uuid("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("question_messages_question").on(t.questionId, t.at)],
);

/** An answered question, anonymised and edited by a leader, shown under its clause for everyone. */
export const questionGuidance = pgTable(
  "question_guidance",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trustId: uuid("trust_id")
      .notNull()
      .references(() => trusts.id),
    questionId: uuid("question_id").references(() => questions.id, { onDelete: "set null" }),
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id),
    clauseId: text("clause_id").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    // The guidance this row carried forward from the previous version (its clause unchanged).
    carriedFromId: uuid("carried_from_id"),
    publishedByUserId: uuid("published_by_user_id").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("question_guidance_clause").on(t.versionId, t.clauseId)],
);
