// Training on the policy (3.1.1): briefings and training sessions a leader records at a school,
// who attended (picked by name or from an uploaded register), the clauses covered (of the version
// current on the day) and the materials used, kept in the vault beside the session.
import {
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
import { schools, staff } from "../core/people/schema";
import { users } from "../platform/auth/schema";
import { policyVersions } from "../policy/schema";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const trainingSessions = pgTable(
  "training_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id),
    kind: text("kind", { enum: ["briefing", "training"] }).notNull(),
    title: text("title").notNull(),
    heldOn: date("held_on").notNull(),
    // Who led it: a member of staff when they are on the list, else a name (an outside trainer).
    ledByStaffId: uuid("led_by_staff_id").references(() => staff.id),
    ledByName: text("led_by_name").notNull(),
    clauseIds: jsonb("clause_ids").$type<string[]>().notNull().default([]),
    recordedByUserId: uuid("recorded_by_user_id").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("training_sessions_school").on(t.schoolId, t.heldOn)],
);

export const trainingAttendance = pgTable(
  "training_attendance",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => trainingSessions.id, { onDelete: "cascade" }),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    // How the leader said they were there: picked by name, or a row of an uploaded register.
    source: text("source", { enum: ["picked", "register"] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.staffId] }),
    index("training_attendance_staff").on(t.staffId),
  ],
);

export const trainingMaterials = pgTable("training_materials", {
  id: uuid("id").primaryKey().defaultRandom(),
  sessionId: uuid("session_id")
    .notNull()
    .references(() => trainingSessions.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  mimeType: text("mime_type").notNull(),
  bytes: bytea("bytes").notNull(),
  sha256: text("sha256").notNull(),
  uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * "Opportunities to discuss on a regular basis" (3.1.2): one discussion of the policy a term that
 * the trust schedules at a school, due by the term's last school day, with a reminder to the
 * principal some school days before; and, once held, the day, who led it and how many took part
 * (a count, not names or notes: the record shows it happened).
 */
export const termlyDiscussions = pgTable(
  "termly_discussions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    termName: text("term_name").notNull(),
    termStartsOn: date("term_starts_on").notNull(),
    dueOn: date("due_on").notNull(),
    remindOn: date("remind_on").notNull(),
    scheduledByUserId: uuid("scheduled_by_user_id").references(() => users.id),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull().defaultNow(),
    reminderSentOn: date("reminder_sent_on"),
    heldOn: date("held_on"),
    ledByName: text("led_by_name"),
    attended: integer("attended"),
    recordedByUserId: uuid("recorded_by_user_id").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("termly_discussions_school_term").on(t.schoolId, t.termStartsOn)],
);

/**
 * The account privacy check-up's checklist (4.9: staff are responsible for the security and privacy
 * of their accounts), as the trust last saved it: platforms, each with the things to check. A new
 * row each time it is saved (the version and the day); the newest is the one staff work through.
 * Until the trust saves one, the default in privacy-checklist.ts is used (version 0).
 */
export const privacyChecklists = pgTable("privacy_checklists", {
  id: uuid("id").primaryKey().defaultRandom(),
  version: integer("version").notNull().unique(),
  platforms: jsonb("platforms").$type<{ name: string; items: string[] }[]>().notNull(),
  savedByUserId: uuid("saved_by_user_id").references(() => users.id),
  savedAt: timestamp("saved_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A member of staff's own record of a check-up: when, against which version of the checklist, and
 * their answers (kept with the wording they saw). Only they read the answers; leaders see a count.
 */
export const privacyCheckUps = pgTable(
  "privacy_check_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    checklistVersion: integer("checklist_version").notNull(),
    answers: jsonb("answers")
      .$type<{ platform: string; hasAccount: boolean; items: { text: string; done: boolean }[] }[]>()
      .notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("privacy_check_ups_staff").on(t.staffId, t.completedAt)],
);
