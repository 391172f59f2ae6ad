// Subject access requests a leader answers for someone (UK GDPR Art. 15: one month from receipt),
// and the redactions made to case entries for each, every one with its reason.
import { boolean, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { schools } from "../core/people/schema";
import { users } from "../platform/auth/schema";

export const subjectAccessRequests = pgTable(
  "subject_access_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Whose data: their account. */
    personUserId: uuid("person_user_id")
      .notNull()
      .references(() => users.id),
    /** The person's school when the request was recorded (null: no staff record); scopes principals. */
    schoolId: uuid("school_id").references(() => schools.id),
    /** Who asked, in the recorder's words ("the person, by email"; "their solicitor"). */
    requestedBy: text("requested_by").notNull(),
    receivedOn: date("received_on").notNull(),
    /** One calendar month after receipt. */
    dueOn: date("due_on").notNull(),
    /** Closed cases about the person may be disclosed (the case manager agreed); else they are left out. */
    disclosureAllowed: boolean("disclosure_allowed").notNull().default(false),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastProducedAt: timestamp("last_produced_at", { withTimezone: true }),
  },
  (t) => [index("subject_access_requests_school").on(t.schoolId, t.receivedOn)],
);

export const subjectAccessRedactions = pgTable(
  "subject_access_redactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => subjectAccessRequests.id, { onDelete: "cascade" }),
    section: text("section").notNull(),
    recordId: text("record_id").notNull(),
    reason: text("reason").notNull(),
    redactedBy: uuid("redacted_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("subject_access_redactions_once").on(t.requestId, t.section, t.recordId)],
);
