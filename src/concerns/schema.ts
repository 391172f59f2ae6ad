// Concerns, low-level concerns, allegations and their cases (3.1.3, 4.1.2, 11, 12). The chronology
// is append-only: a database trigger (custom migration "concern_chronology_append_only") refuses
// UPDATE, DELETE and TRUNCATE, except inside the retention job's transaction.
import {
  bigserial,
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
  uuid,
} from "drizzle-orm/pg-core";
import { schools, staff, trusts } from "../core/people/schema";
import { users } from "../platform/auth/schema";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** The trust's settings for cases: who manages an allegation about a principal, deadlines, retention. */
export const concernSettings = pgTable("concern_settings", {
  trustId: uuid("trust_id")
    .primaryKey()
    .references(() => trusts.id),
  // KCSIE Part 4: the chair of governors, or in a trust the chief executive, is case manager when
  // the allegation is about the principal.
  principalCaseManager: text("principal_case_manager", { enum: ["chair", "chief-executive"] })
    .notNull()
    .default("chair"),
  chairName: text("chair_name"),
  chairEmail: text("chair_email"),
  chiefExecutiveName: text("chief_executive_name"),
  chiefExecutiveEmail: text("chief_executive_email"),
  /** School days to a first action on a case (a prompt start). */
  startWithinSchoolDays: integer("start_within_school_days").notNull().default(1),
  /** School days to an outcome (KCSIE expects most cases resolved within a month). */
  finishWithinSchoolDays: integer("finish_within_school_days").notNull().default(20),
  normalRetirementAge: integer("normal_retirement_age").notNull().default(67),
  /** school id → user id of the person the school names for low-level concerns (else the principal). */
  lowLevelRecipients: jsonb("low_level_recipients").$type<Record<string, string>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const concerns = pgTable(
  "concerns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    /** What the reporter chose. */
    kind: text("kind", {
      enum: ["child-at-risk", "staff-conduct", "reputation", "abuse-of-staff"],
    }).notNull(),
    /** What routing made of it. */
    category: text("category", {
      enum: ["safeguarding", "allegation", "low-level", "reputation", "abuse-of-staff"],
    }).notNull(),
    harmAnswers: jsonb("harm_answers").$type<Record<string, boolean>>(),
    selfReport: boolean("self_report").notNull().default(false),
    reporterId: uuid("reporter_id").references(() => users.id),
    /** The member of staff the concern is about (staff conduct; abuse of staff: the one abused). */
    subjectStaffId: uuid("subject_staff_id").references(() => staff.id),
    /** The subject's account, when they have one (a subject without a staff record is matched by it). */
    subjectUserId: uuid("subject_user_id").references(() => users.id),
    /** Email of the subject, lowercased: low-level patterns across the trust's schools. */
    subjectKey: text("subject_key"),
    subjectEmployment: text("subject_employment", { enum: ["employee", "volunteer"] }),
    subjectBirthYear: integer("subject_birth_year"),
    whatHappened: text("what_happened").notNull(),
    platform: text("platform"),
    link: text("link"),
    seenOn: date("seen_on"),
    status: text("status", { enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    ownerId: uuid("owner_id").references(() => users.id),
    /** The role the concern went to, as the reporter is told ("Designated safeguarding lead"). */
    routedToRole: text("routed_to_role").notNull(),
    investigatorId: uuid("investigator_id").references(() => users.id),
    externalSystem: text("external_system", { enum: ["CPOMS", "MyConcern"] }),
    externalReference: text("external_reference"),
    ladoConsultBy: date("lado_consult_by"),
    startBy: date("start_by"),
    finishBy: date("finish_by"),
    firstActionAt: timestamp("first_action_at", { withTimezone: true }),
    outcome: text("outcome", {
      enum: ["substantiated", "unsubstantiated", "unfounded", "false", "malicious", "resolved"],
    }),
    sanction: text("sanction"),
    clausesBreached: jsonb("clauses_breached").$type<string[]>().notNull().default([]),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    /** Set when the outcome is recorded; the retention job removes the case after it. */
    retainUntil: date("retain_until"),
    /** Low-level concerns are kept until the person leaves: the job checks their leave date. */
    retainWhileEmployed: boolean("retain_while_employed").notNull().default(false),
    declarationId: uuid("declaration_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("concerns_school").on(t.schoolId, t.status),
    index("concerns_subject").on(t.subjectKey),
    index("concerns_reporter").on(t.reporterId),
  ],
);

/** Who a concern involves: picked from the roster (a snapshot of the name) or described. */
export const concernPeople = pgTable(
  "concern_people",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    concernId: uuid("concern_id")
      .notNull()
      .references(() => concerns.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["pupil", "parent", "staff", "described"] }).notNull(),
    staffId: uuid("staff_id"),
    userId: uuid("user_id"),
    description: text("description").notNull(),
  },
  (t) => [index("concern_people_concern").on(t.concernId)],
);

/** Who may open a case: those it was routed to and those they added by name. */
export const concernAccess = pgTable(
  "concern_access",
  {
    concernId: uuid("concern_id")
      .notNull()
      .references(() => concerns.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason", { enum: ["routed", "added", "investigator"] }).notNull(),
    addedBy: uuid("added_by"),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.concernId, t.userId] }), index("concern_access_user").on(t.userId)],
);

/** Files kept with the case (checked as the evidence vault checks them: content type and digest). */
export const concernDocuments = pgTable(
  "concern_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    concernId: uuid("concern_id")
      .notNull()
      .references(() => concerns.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    storedBy: uuid("stored_by"),
    storedAt: timestamp("stored_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("concern_documents_concern").on(t.concernId)],
);

export const CHRONOLOGY_KINDS = [
  "reported",
  "routed",
  "note",
  "action",
  "decision",
  "document",
  "referral",
  "interview",
  "finding",
  "outcome",
  "support",
  "external-record",
  "access-granted",
  "investigator",
  "correction",
  "escalated",
] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

/** The case's chronology: append-only (see the trigger), each entry with who and when. */
export const concernEntries = pgTable(
  "concern_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    concernId: uuid("concern_id")
      .notNull()
      .references(() => concerns.id),
    kind: text("kind", { enum: CHRONOLOGY_KINDS }).notNull(),
    authorId: uuid("author_id"),
    authorLabel: text("author_label").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    text: text("text").notNull(),
    reason: text("reason"),
    referralTo: text("referral_to", { enum: ["LADO", "police", "childrens-social-care"] }),
    referralDate: date("referral_date"),
    referralReference: text("referral_reference"),
    correctsId: uuid("corrects_id"),
    documentId: uuid("document_id"),
  },
  (t) => [index("concern_entries_concern").on(t.concernId, t.seq)],
);
