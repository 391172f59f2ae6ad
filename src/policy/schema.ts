// Policy versions (each import is a draft; approval makes one current), their clauses, the
// mapping of controls to clauses (data, so it survives renumbering), and review notices sent.
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../platform/auth/schema";
import { trusts } from "../core/people/schema";
import type { ParsedPolicy } from "./parsed-policy";

export type StoredFinding = {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  line: number | null;
  clauseId?: string;
};

export const policyVersions = pgTable(
  "policy_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trustId: uuid("trust_id")
      .notNull()
      .references(() => trusts.id),
    // A short number per trust (v1, v2 …) for people to refer to.
    number: integer("number").notNull(),
    title: text("title").notNull(),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    sourceText: text("source_text").notNull(),
    sourceSha256: text("source_sha256").notNull(),
    parsed: jsonb("parsed").$type<ParsedPolicy>().notNull(),
    findings: jsonb("findings").$type<StoredFinding[]>().notNull(),
    warnings: jsonb("warnings").$type<{ code: string; line: number; message: string }[]>().notNull(),
    // draft → current → superseded
    status: text("status", { enum: ["draft", "current", "superseded"] })
      .notNull()
      .default("draft"),
    importedBy: text("imported_by").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    approvingBody: text("approving_body"),
    // The day approved, or the first day of the month when the source gave only a month
    // ("approved March 2021"): approvalDatePrecision says which.
    approvalDate: date("approval_date"),
    approvalDatePrecision: text("approval_date_precision", { enum: ["day", "month"] })
      .notNull()
      .default("day"),
    approvedByUserId: uuid("approved_by_user_id").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    // The last day the review is due by; "month" when the source gave only a month ("March 2027"),
    // so it is shown and exported as that month while comparisons use its last day.
    nextReviewDue: date("next_review_due"),
    nextReviewPrecision: text("next_review_precision", { enum: ["day", "month"] })
      .notNull()
      .default("day"),
  },
  (t) => [
    uniqueIndex("policy_versions_trust_number").on(t.trustId, t.number),
    uniqueIndex("policy_versions_trust_source").on(t.trustId, t.sourceSha256),
  ],
);

export const policyClauses = pgTable(
  "policy_clauses",
  {
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id, { onDelete: "cascade" }),
    clauseId: text("clause_id").notNull(),
    parentId: text("parent_id"),
    sectionNumber: text("section_number").notNull(),
    position: integer("position").notNull(),
    actor: text("actor"),
    modality: text("modality").notNull(),
    heading: text("heading"),
    text: text("text").notNull(),
  },
  (t) => [
    uniqueIndex("policy_clauses_version_clause").on(t.versionId, t.clauseId),
    index("policy_clauses_modality").on(t.modality),
  ],
);

/** Which control puts which clause into practice. Anchored by content, so a renumbered policy keeps its mapping. */
export const controlMappings = pgTable(
  "control_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trustId: uuid("trust_id")
      .notNull()
      .references(() => trusts.id),
    controlKey: text("control_key").notNull(),
    clauseId: text("clause_id").notNull(),
    anchor: jsonb("anchor").$type<{ clauseId: string; fingerprint: string; keywords: string[] }>().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("control_mappings_unique").on(t.trustId, t.controlKey, t.clauseId)],
);

/** Review reminders already sent, so a daily job tells people once per milestone. */
export const policyReviewNotices = pgTable(
  "policy_review_notices",
  {
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(), // "due-soon", or "overdue-YYYY-MM-DD" (weekly escalation)
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("policy_review_notices_unique").on(t.versionId, t.kind)],
);
