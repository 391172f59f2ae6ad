// Acknowledgement of the policy (3.1.1, 3.2.1, 3.3.1): the trust's settings, one round per version
// that became current (with the leader's marking of material changes), each person's assignment,
// the acknowledgements themselves (bound to the clauses they covered), check questions, scanned
// forms kept with an acknowledgement recorded on someone's behalf, and reminders already sent.
import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { schools, staff, trusts } from "../core/people/schema";
import { users } from "../platform/auth/schema";
import { policyVersions } from "../policy/schema";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/** The trust's schedule, in school days (a reminder N days before the due date, and so on). */
export const acknowledgementSettings = pgTable("acknowledgement_settings", {
  trustId: uuid("trust_id")
    .primaryKey()
    .references(() => trusts.id),
  dueSchoolDays: integer("due_school_days").notNull().default(10),
  remindBefore: jsonb("remind_before").$type<number[]>().notNull().default([3]),
  remindAfter: jsonb("remind_after").$type<number[]>().notNull().default([1]),
  escalateLineManagerAfter: integer("escalate_line_manager_after").notNull().default(3),
  escalatePrincipalAfter: integer("escalate_principal_after").notNull().default(6),
  checkEnabled: boolean("check_enabled").notNull().default(true),
  passMark: integer("pass_mark").notNull().default(80),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A version that became current, and which of its changes a leader marked material. */
export const acknowledgementRounds = pgTable("acknowledgement_rounds", {
  versionId: uuid("version_id")
    .primaryKey()
    .references(() => policyVersions.id),
  trustId: uuid("trust_id")
    .notNull()
    .references(() => trusts.id),
  previousVersionId: uuid("previous_version_id").references(() => policyVersions.id),
  // "pending" while a leader has still to mark the changes; "decided" after (or when nothing changed).
  materiality: text("materiality", { enum: ["pending", "decided"] }).notNull(),
  materialClauseIds: jsonb("material_clause_ids").$type<string[]>().notNull().default([]),
  decidedByUserId: uuid("decided_by_user_id").references(() => users.id),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const acknowledgementAssignments = pgTable(
  "acknowledgement_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id),
    // A member of staff or volunteer (staffId), or a trustee or local governor with an account and no
    // staff record (a local governor's at their school).
    staffId: uuid("staff_id").references(() => staff.id),
    userId: uuid("user_id").references(() => users.id),
    schoolId: uuid("school_id").references(() => schools.id),
    // The person across schools: someone who moves school keeps their acknowledgement.
    personEmail: text("person_email").notNull(),
    // whole policy, only the material clauses, or waiting for a leader to mark the changes
    scope: text("scope", { enum: ["whole", "material", "pending"] }).notNull(),
    clauseIds: jsonb("clause_ids").$type<string[]>().notNull().default([]),
    assignedOn: date("assigned_on").notNull(),
    dueOn: date("due_on"),
    status: text("status", { enum: ["open", "done", "not-needed", "left", "superseded"] })
      .notNull()
      .default("open"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("ack_assignments_version_staff").on(t.versionId, t.staffId),
    uniqueIndex("ack_assignments_version_user").on(t.versionId, t.userId).where(sql`${t.staffId} is null`),
    index("ack_assignments_school").on(t.schoolId, t.status),
    index("ack_assignments_email").on(t.personEmail),
  ],
);

export const acknowledgementForms = pgTable("acknowledgement_forms", {
  id: uuid("id").primaryKey().defaultRandom(),
  fileName: text("file_name").notNull(),
  mimeType: text("mime_type").notNull(),
  bytes: bytea("bytes").notNull(),
  sha256: text("sha256").notNull(),
  uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
});

export type CheckAnswer = { questionId: string; clauseId: string; chosen: number; correct: boolean };

export const acknowledgements = pgTable(
  "acknowledgements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => acknowledgementAssignments.id),
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id),
    clauseIds: jsonb("clause_ids").$type<string[]>().notNull(),
    answers: jsonb("answers").$type<CheckAnswer[]>().notNull().default([]),
    score: integer("score"),
    secondsReading: integer("seconds_reading"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull(),
    // Recorded by a leader for someone else (a volunteer without an account, a signed paper form).
    onBehalfByUserId: uuid("on_behalf_by_user_id").references(() => users.id),
    onBehalfReason: text("on_behalf_reason"),
    formId: uuid("form_id").references(() => acknowledgementForms.id),
    // Carried over from an acknowledgement made at another school (a move of school).
    carriedFromId: uuid("carried_from_id"),
  },
  (t) => [uniqueIndex("acknowledgements_assignment").on(t.assignmentId)],
);

/** Check-of-understanding questions a leader writes against a clause (the school's number). */
export const acknowledgementQuestions = pgTable("acknowledgement_questions", {
  id: uuid("id").primaryKey().defaultRandom(),
  trustId: uuid("trust_id")
    .notNull()
    .references(() => trusts.id),
  clauseId: text("clause_id").notNull(),
  prompt: text("prompt").notNull(),
  choices: jsonb("choices").$type<string[]>().notNull(),
  correct: integer("correct").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Reminders and escalations already sent, so the daily job sends each once. */
export const acknowledgementReminders = pgTable(
  "acknowledgement_reminders",
  {
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => acknowledgementAssignments.id, { onDelete: "cascade" }),
    step: text("step").notNull(),
    sentOn: date("sent_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.step] })],
);
