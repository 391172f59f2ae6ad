// Official accounts (5.3), permission grants to post on them (5.1), official posts and their
// approval (5.4, 8.2.1), platforms sanctioned for work with pupils (6.1) and sites made available
// on school devices (8.6.3). A school of null means the trust's own.
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { schools } from "../core/people/schema";
import { users } from "../platform/auth/schema";

export const ACCOUNT_STATUSES = ["active", "dormant", "closed"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const officialAccounts = pgTable(
  "official_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id").references(() => schools.id),
    platform: text("platform").notNull(),
    handle: text("handle").notNull(),
    link: text("link").notNull(),
    purpose: text("purpose").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    loginEmail: text("login_email").notNull(),
    mfaEnabled: boolean("mfa_enabled").notNull(),
    recoveryContacts: text("recovery_contacts").notNull(),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("active"),
    // Set by the daily job on the owner's leaving date: someone must take the account over.
    handoverFlaggedAt: timestamp("handover_flagged_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("official_accounts_school").on(t.schoolId),
    uniqueIndex("official_accounts_platform_handle").on(sql`lower(${t.platform})`, sql`lower(${t.handle})`),
  ],
);

export const GRANT_SCOPES = ["draft-only", "draft-and-publish"] as const;
export type GrantScope = (typeof GRANT_SCOPES)[number];
export const GRANT_END_REASONS = ["revoked", "left"] as const;

export const postingGrants = pgTable(
  "posting_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => officialAccounts.id),
    granteeId: uuid("grantee_id")
      .notNull()
      .references(() => users.id),
    grantedById: uuid("granted_by_id")
      .notNull()
      .references(() => users.id),
    scope: text("scope", { enum: GRANT_SCOPES }).notNull(),
    reason: text("reason").notNull(),
    // The last day the grant holds (inclusive), in the school's calendar.
    expiresOn: date("expires_on").notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason", { enum: GRANT_END_REASONS }),
    endedById: uuid("ended_by_id").references(() => users.id),
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("posting_grants_account").on(t.accountId), index("posting_grants_grantee").on(t.granteeId)],
);

export const POST_STATUSES = [
  "awaiting-approval",
  "changes-requested",
  "approved",
  "rejected",
  "published",
] as const;
export type OfficialPostStatus = (typeof POST_STATUSES)[number];

/** What the post check found, kept with the draft so the approver sees what the author saw. */
export type StoredCheck = {
  verdict: "clear" | "review" | "block";
  rulesVersion: string;
  policyVersion?: string;
  findings: {
    clause: string;
    severity: string;
    start: number;
    end: number;
    excerpt: string;
    explanation: string;
    suggestion?: string;
  }[];
};

export const officialPosts = pgTable(
  "official_posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => officialAccounts.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    grantId: uuid("grant_id")
      .notNull()
      .references(() => postingGrants.id),
    text: text("text").notNull(),
    plannedAt: timestamp("planned_at", { withTimezone: true }).notNull(),
    altTexts: jsonb("alt_texts").$type<string[]>().notNull().default([]),
    check: jsonb("check").$type<StoredCheck>().notNull(),
    status: text("status", { enum: POST_STATUSES }).notNull().default("awaiting-approval"),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    reviewComment: text("review_comment"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    // The text as approved: what the published post is compared with.
    approvedText: text("approved_text"),
    publishedUrl: text("published_url"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedById: uuid("published_by_id").references(() => users.id),
    differsNote: text("differs_note"),
    differsFlaggedAt: timestamp("differs_flagged_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("official_posts_account").on(t.accountId), index("official_posts_author").on(t.authorId)],
);

export const sanctionedPlatforms = pgTable(
  "sanctioned_platforms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    platform: text("platform").notNull(),
    yearGroups: text("year_groups").notNull(),
    purpose: text("purpose").notNull(),
    decidedById: uuid("decided_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sanctioned_platforms_school_platform").on(t.schoolId, sql`lower(${t.platform})`)],
);

export const deviceSites = pgTable(
  "device_sites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    site: text("site").notNull(),
    decidedBy: text("decided_by").notNull(),
    reason: text("reason").notNull(),
    decidedOn: date("decided_on").notNull(),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("device_sites_school_site").on(t.schoolId, sql`lower(${t.site})`)],
);

/** The trust's school email domains: a login on one of these is a school login (5.3). */
export const accountSettings = pgTable("account_settings", {
  id: text("id").primaryKey().default("trust"),
  schoolEmailDomains: text("school_email_domains").array().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
