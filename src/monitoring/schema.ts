// Monitoring's tables. Raw log lines are never stored: only per-person, per-platform aggregates of
// active minutes, purged after the retention period.
import {
  bigint,
  date,
  index,
  jsonb,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { schools, staff, trusts } from "../core/people/schema";
import { users } from "../platform/auth/schema";

/**
 * Active minutes, one row per person, platform and UTC hour: bit k of a mask is minute k of the
 * hour, and each active minute sits in exactly one of the three class masks (clause 8.6.2, classed
 * at ingest against the bells and timetable then known). The key (person, platform, hour) and a
 * merge by bitwise OR mean re-ingesting a file or an overlapping log can never double-count.
 * Counts are bit counts (minute-masks.ts). No foreign keys: a row per hour checked against staff
 * and schools made ingest PostgreSQL-bound; ingest writes only ids from the school's staff list,
 * and staff and schools are never deleted (the retention purge removes these rows).
 */
export const monitoringMinutes = pgTable(
  "monitoring_minutes",
  {
    staffId: uuid("staff_id").notNull(),
    platform: text("platform").notNull(),
    /** The UTC hour the masks' minutes belong to (minute k is hour + k minutes). */
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    schoolId: uuid("school_id").notNull(),
    pupilsPresent: bigint("pupils_present", { mode: "bigint" }).notNull(),
    directedNoPupils: bigint("directed_no_pupils", { mode: "bigint" }).notNull(),
    allowed: bigint("allowed", { mode: "bigint" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.platform, t.hour] }),
    index("monitoring_minutes_school_hour").on(t.schoolId, t.hour),
  ],
);

/** Network usernames (from the MIS/AD export) the log's usernames are matched to. */
export const monitoringNetworkUsernames = pgTable(
  "monitoring_network_usernames",
  {
    staffId: uuid("staff_id")
      .primaryKey()
      .references(() => staff.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    /** Normalised: lower case, no DOMAIN\ or @domain. */
    username: text("username").notNull(),
  },
  (t) => [uniqueIndex("monitoring_network_usernames_school_username").on(t.schoolId, t.username)],
);

/**
 * The IP-to-staff map (e.g. DHCP leases) kept between ingests: each ingest of the school attributes
 * traffic with no known username through every lease kept, so a map loaded once serves later logs.
 * A lease is [from, to); -infinity and infinity stand for an open start and a lease still held.
 * The key makes loading the same map twice add nothing; leases ended before the retention period
 * are purged with the minutes.
 */
export const monitoringIpLeases = pgTable(
  "monitoring_ip_leases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    /** Canonical text (canonicalIp). */
    ip: text("ip").notNull(),
    /** As the map gives it, lower case. */
    staffEmail: text("staff_email").notNull(),
    /** The member of staff the email was on the school's list for when loaded; null: no one (an overlap still counts). */
    staffId: uuid("staff_id").references(() => staff.id),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    validTo: timestamp("valid_to", { withTimezone: true }).notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("monitoring_ip_leases_once").on(t.schoolId, t.ip, t.staffEmail, t.validFrom, t.validTo),
    index("monitoring_ip_leases_school_to").on(t.schoolId, t.validTo),
  ],
);

export const monitoringFindings = pgTable(
  "monitoring_findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    clause: text("clause").notNull(),
    kind: text("kind", { enum: ["pupils-present", "daily-excessive", "weekly-excessive"] }).notNull(),
    /** The school-local day, or the Monday of a weekly finding. */
    day: date("day").notNull(),
    minutes: integer("minutes").notNull(),
    threshold: integer("threshold").notNull(),
    reason: text("reason").notNull(),
    /** Every finding is "to review" until a named leader confirms or dismisses it with a reason. */
    status: text("status", { enum: ["to review", "confirmed", "dismissed"] })
      .notNull()
      .default("to review"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewReason: text("review_reason"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** Set when the bell schedule, a timetable or the calendar changed after the finding was reviewed. */
    basisNote: text("basis_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("monitoring_findings_once").on(t.staffId, t.kind, t.day),
    index("monitoring_findings_school").on(t.schoolId, t.status),
  ],
);

/** The member of staff's side of a finding, which the reviewer must answer. */
export const monitoringChallenges = pgTable("monitoring_challenges", {
  id: uuid("id").primaryKey().defaultRandom(),
  findingId: uuid("finding_id")
    .notNull()
    .references(() => monitoringFindings.id),
  byUserId: uuid("by_user_id")
    .notNull()
    .references(() => users.id),
  text: text("text").notNull(),
  answer: text("answer"),
  answeredBy: uuid("answered_by").references(() => users.id),
  answeredAt: timestamp("answered_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Each look at a named person's detail, with its reason: shown to that person on their own page. */
export const monitoringDetailViews = pgTable(
  "monitoring_detail_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    viewerLabel: text("viewer_label").notNull(),
    viewerUserId: uuid("viewer_user_id").references(() => users.id),
    reason: text("reason").notNull(),
    viewedAt: timestamp("viewed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("monitoring_detail_views_staff").on(t.staffId, t.viewedAt)],
);

/** The record a DPO and an inspector ask for, one per school. Reports stay locked until purpose, lawful basis and DPIA are in. */
export const monitoringDpoRecords = pgTable("monitoring_dpo_records", {
  schoolId: uuid("school_id")
    .primaryKey()
    .references(() => schools.id),
  purpose: text("purpose"),
  lawfulBasis: text("lawful_basis"),
  dpiaReference: text("dpia_reference"),
  dpiaDate: date("dpia_date"),
  dpiaNextReview: date("dpia_next_review"),
  privacyNotice: text("privacy_notice"),
  privacyNoticeShownOn: date("privacy_notice_shown_on"),
  seniorLeader: text("senior_leader"),
  governor: text("governor"),
  annualReviewOn: date("annual_review_on"),
  retentionDays: integer("retention_days").notNull().default(90),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A school's bell schedule as a leader saved it, in the JSON shape (parseBellSchedule reads it). */
export const monitoringBellSchedules = pgTable("monitoring_bell_schedules", {
  schoolId: uuid("school_id")
    .primaryKey()
    .references(() => schools.id),
  schedule: jsonb("schedule").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Staff timetables (when pupils are present, 8.6.2): one upload per school replaces the last. */
export const monitoringTimetableEntries = pgTable(
  "monitoring_timetable_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    /** 1 = Monday ... 5 = Friday. */
    weekday: integer("weekday").notNull(),
    /** A or B for a two-week timetable; null: every week. */
    week: text("week", { enum: ["A", "B"] }),
    /** Minutes after local midnight, [start, end). */
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
    activity: text("activity", { enum: ["lesson", "duty", "ppa", "meeting"] }).notNull(),
  },
  (t) => [index("monitoring_timetable_entries_school").on(t.schoolId)],
);

/**
 * The rules a school's stored minutes were classed by: a fingerprint of the bell schedule,
 * timetables and calendar. When the school's rules no longer match it, the re-class job runs.
 */
export const monitoringClassedBasis = pgTable("monitoring_classed_basis", {
  schoolId: uuid("school_id")
    .primaryKey()
    .references(() => schools.id),
  basis: text("basis").notNull(),
  classedAt: timestamp("classed_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The trust's excessive-use thresholds (clause 9.1), one row for the trust. */
export const monitoringTrustSettings = pgTable("monitoring_trust_settings", {
  trustId: uuid("trust_id")
    .primaryKey()
    .references(() => trusts.id),
  pupilsPresentMinutesPerDay: integer("pupils_present_minutes_per_day").notNull(),
  dailyMinutesOutsideBreaks: integer("daily_minutes_outside_breaks").notNull(),
  weeklyMinutes: integer("weekly_minutes").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
