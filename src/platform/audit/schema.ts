// The audit trail: append-only (a trigger refuses update, delete and truncate) and hash-chained.
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "string" }).notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    // whose personal data this was, so people can see every look at their own records
    personId: text("person_id"),
    schoolId: uuid("school_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    // Sign-in throttling counts recent refusals by email.
    index("audit_sign_in_refused")
      .on(sql`(${t.detail}->>'email')`, t.at)
      .where(sql`${t.action} = 'sign-in.refused'`),
    index("audit_subject").on(t.subjectType, t.subjectId),
    index("audit_person").on(t.personId),
    index("audit_actor").on(t.actorId),
  ],
);
