// Social media relationship declarations (section 8), their reviews by senior leaders, and the
// evidence vault of rejected approaches (8.3.2).
import { customType, date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../platform/auth/schema";
import { parents, pupils, schools, staff } from "../core/people/schema";

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
    contactKind: text("contact_kind").notNull(), // pupil | ex-pupil | parent | staff | governor | other
    pupilId: uuid("pupil_id").references(() => pupils.id),
    parentId: uuid("parent_id").references(() => parents.id),
    staffId: uuid("staff_id").references(() => staff.id),
    contactName: text("contact_name").notNull(),
    platforms: text("platforms").array().notNull(),
    otherRelationships: text("other_relationships").array().notNull(),
    note: text("note"),
    verdict: text("verdict").notNull(), // prohibited | permitted-declare | permitted
    clause: text("clause").notNull(),
    reason: text("reason").notNull(),
    // When the verdict changes by itself (an ex-pupil's 18th birthday)
    changesAt: timestamp("changes_at", { withTimezone: true }),
    status: text("status").notNull().default("awaiting-review"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("declarations_school").on(t.schoolId, t.status),
    index("declarations_user").on(t.userId),
    index("declarations_changes").on(t.changesAt),
  ],
);

export const declarationReviews = pgTable("declaration_reviews", {
  id: uuid("id").primaryKey().defaultRandom(),
  declarationId: uuid("declaration_id")
    .notNull()
    .references(() => declarations.id, { onDelete: "cascade" }),
  reviewerId: uuid("reviewer_id")
    .notNull()
    .references(() => users.id),
  action: text("action").notNull(), // acknowledged | more-information | concern
  note: text("note"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

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
