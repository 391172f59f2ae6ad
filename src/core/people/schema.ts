// The trust, its schools and the people Conduct knows about: staff (employees and volunteers),
// pupils and ex-pupils, and parents or carers linked to pupils.
import { sql } from "drizzle-orm";
import {
  boolean,
  jsonb,
  date,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const trusts = pgTable("trusts", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  // The trust's own additions to the post check's word lists and rules (validated on save).
  postRules: jsonb("post_rules").$type<Record<string, unknown>>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const schools = pgTable("schools", {
  id: uuid("id").primaryKey().defaultRandom(),
  trustId: uuid("trust_id")
    .notNull()
    .references(() => trusts.id),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  phase: text("phase").notNull(),
  urn: text("urn"),
  timeZone: text("time_zone").notNull().default("Europe/London"),
  // What the post check needs to know of the school: other names, official handles, platforms
  // sanctioned for work with pupils (6.1), nearby streets.
  settings: jsonb("settings")
    .$type<{
      shortNames: string[];
      officialHandles: string[];
      sanctionedPlatforms: string[];
      streets: string[];
    }>()
    .notNull()
    .default({ shortNames: [], officialHandles: [], sanctionedPlatforms: [], streets: [] }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const staff = pgTable(
  "staff",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    externalId: text("external_id").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email").notNull(),
    jobTitle: text("job_title").notNull(),
    employment: text("employment", { enum: ["employee", "volunteer"] }).notNull(),
    lineManagerId: uuid("line_manager_id"),
    startDate: date("start_date").notNull(),
    leaveDate: date("leave_date"),
    /** Their login on the school network (MIS/AD export), lower case with no domain; one person's at a school. */
    networkUsername: text("network_username"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("staff_school_external").on(t.schoolId, t.externalId),
    uniqueIndex("staff_school_network_username").on(t.schoolId, t.networkUsername),
    index("staff_email").on(sql`lower(${t.email})`),
    index("staff_line_manager").on(t.lineManagerId),
  ],
);

export const pupils = pgTable(
  "pupils",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    externalId: text("external_id").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    preferredName: text("preferred_name"),
    yearGroup: text("year_group").notNull(),
    dateOfBirth: date("date_of_birth").notNull(),
    leftOn: date("left_on"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pupils_school_external").on(t.schoolId, t.externalId),
    index("pupils_name").on(t.lastName, t.firstName),
  ],
);

export const parents = pgTable(
  "parents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    externalId: text("external_id").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    relationship: text("relationship").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("parents_school_external").on(t.schoolId, t.externalId)],
);

export const parentPupils = pgTable(
  "parent_pupils",
  {
    parentId: uuid("parent_id")
      .notNull()
      .references(() => parents.id, { onDelete: "cascade" }),
    pupilId: uuid("pupil_id")
      .notNull()
      .references(() => pupils.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.parentId, t.pupilId] })],
);

/** Documents the trust has on record (e.g. its acceptable use policy), so policy links can be checked. */
export const trustDocuments = pgTable("trust_documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  trustId: uuid("trust_id")
    .notNull()
    .references(() => trusts.id),
  title: text("title").notNull(),
  url: text("url"),
  active: boolean("active").notNull().default(true),
});
