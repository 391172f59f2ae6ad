// Each school's term dates and closures (INSET days, snow days, one-off bank holidays): the school
// calendar every deadline in school days is counted against (school-days.ts).
import { date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { schools } from "../../core/people/schema";

export const schoolTerms = pgTable(
  "school_terms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    name: text("name").notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
  },
  (t) => [
    uniqueIndex("school_terms_unique").on(t.schoolId, t.startsOn),
    index("school_terms_school").on(t.schoolId),
  ],
);

export const schoolClosures = pgTable(
  "school_closures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    date: date("date").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [uniqueIndex("school_closures_unique").on(t.schoolId, t.date)],
);
