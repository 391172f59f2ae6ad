// Social media relationship declarations (section 8), their reviews by senior leaders, and the
// evidence vault of rejected approaches (8.3.2).
import {
  type AnyPgColumn,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { oneOf } from "../platform/sql-check";
import { contactKinds, verdicts } from "./judge-declaration";
import { users } from "../platform/auth/schema";
import { parents, pupils, schools, staff } from "../core/people/schema";

export const DECLARATION_STATUSES = [
  "awaiting-review",
  "noted",
  "more-information-requested",
  "concern-opened",
  "withdrawn",
  // Replaced by a correction, which links back to it (supersedesId).
  "superseded",
] as const;
export const REVIEW_ACTIONS = ["noted", "more-information", "concern"] as const;

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const declarations = pgTable(
  "declarations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    contactKind: text("contact_kind", { enum: contactKinds }).notNull(),
    pupilId: uuid("pupil_id").references(() => pupils.id),
    parentId: uuid("parent_id").references(() => parents.id),
    staffId: uuid("staff_id").references(() => staff.id),
    contactName: text("contact_name").notNull(),
    platforms: text("platforms").array().notNull(),
    otherRelationships: text("other_relationships").array().notNull(),
    note: text("note"),
    verdict: text("verdict", { enum: verdicts }).notNull(),
    clause: text("clause").notNull(),
    reason: text("reason").notNull(),
    // When the verdict changes by itself (an ex-pupil's 18th birthday)
    changesAt: timestamp("changes_at", { withTimezone: true }),
    status: text("status", { enum: DECLARATION_STATUSES }).notNull().default("awaiting-review"),
    // The member of staff's own words when they withdrew it; the row itself is kept.
    withdrawnReason: text("withdrawn_reason"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    // A correction is a new declaration pointing at the one it replaces.
    supersedesId: uuid("supersedes_id").references((): AnyPgColumn => declarations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("declarations_school").on(t.schoolId, t.status),
    index("declarations_user").on(t.userId),
    index("declarations_changes").on(t.changesAt),
    check("declarations_contact_kind", oneOf(t.contactKind, contactKinds)),
    check("declarations_verdict", oneOf(t.verdict, verdicts)),
    check("declarations_status", oneOf(t.status, DECLARATION_STATUSES)),
  ],
);

export const declarationReviews = pgTable(
  "declaration_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    declarationId: uuid("declaration_id")
      .notNull()
      .references(() => declarations.id, { onDelete: "cascade" }),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    action: text("action", { enum: REVIEW_ACTIONS }).notNull(),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("declaration_reviews_action", oneOf(t.action, REVIEW_ACTIONS))],
);

// The member of staff's answers when a leader asks for more information: kept as a thread beside
// the reviews, in their own words, which never leave Conduct by email.
export const declarationReplies = pgTable(
  "declaration_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    declarationId: uuid("declaration_id")
      .notNull()
      .references(() => declarations.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("declaration_replies_declaration").on(t.declarationId, t.createdAt)],
);

export const evidenceItems = pgTable(
  "evidence_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    content: bytea("content").notNull(),
    communicationDate: date("communication_date").notNull(),
    concerning: text("concerning").notNull(),
    pupilId: uuid("pupil_id").references(() => pupils.id),
    sharedWithId: uuid("shared_with_id").references(() => users.id),
    storedAt: timestamp("stored_at", { withTimezone: true }).notNull().defaultNow(),
    purgeAfter: date("purge_after").notNull(),
  },
  (t) => [index("evidence_owner").on(t.ownerId), index("evidence_purge").on(t.purgeAfter)],
);
