// The rules a school's minutes are classed by, kept in Conduct: its bell schedule (form or JSON), its
// staff timetables (CSV, one upload replaces the last, all or nothing), and the trust's excessive-use
// thresholds (9.1). Each change is audited. A fingerprint of the rules in force (with the school
// calendar's terms and closures) tells the re-class job when stored minutes were classed by old rules.
import "./audit-events";
import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { listStaff } from "../core/people/list-staff";
import { loadTrust } from "../core/people/load-trust";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db, DbOrTx } from "../platform/db";
import { type BellSchedule, parseBellSchedule } from "./parse-bell-schedule";
import { parseTimetableCsv, type TimetableEntry, timetablesWithoutLessons } from "./parse-timetable-csv";
import { formatSettingsError, type SettingsError } from "./read-settings-csv";
import { monitoringBellSchedules, monitoringTimetableEntries, monitoringTrustSettings } from "./schema";
import { defaultThresholds, type Thresholds } from "./summarise-minutes";

export type StoredBellSchedule = {
  schedule: BellSchedule;
  /** As saved, in the JSON shape: {"timezone","directedDay","periods":[...]}. */
  json: BellScheduleJson;
  updatedBy: string;
  updatedAt: Date;
};

export type BellScheduleJson = {
  timezone: string;
  directedDay: [string, string];
  periods: { name: string; start: string; end: string; kind: string }[];
};

export async function loadBellSchedule(db: DbOrTx, schoolId: string): Promise<StoredBellSchedule | null> {
  const [row] = await db
    .select()
    .from(monitoringBellSchedules)
    .where(eq(monitoringBellSchedules.schoolId, schoolId));
  if (!row) return null;
  const parsed = parseBellSchedule(JSON.stringify(row.schedule), "stored bell schedule");
  if (!parsed.ok) return null;
  return {
    schedule: parsed.schedule,
    json: row.schedule as BellScheduleJson,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

export type SaveResult = { ok: true } | { ok: false; errors: string[] };

/** Validates (every error names its field) and saves a school's bell schedule. */
export async function saveBellSchedule(options: {
  db: Db;
  actor: Actor;
  schoolId: string;
  jsonText: string;
  /** How errors name the source: "bell.json" for an upload, "Bell schedule" for the form. */
  source: string;
}): Promise<SaveResult> {
  const parsed = parseBellSchedule(options.jsonText, options.source);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const s = parsed.schedule;
  const json: BellScheduleJson = {
    timezone: s.timeZone,
    directedDay: [clock(s.directedStart), clock(s.directedEnd)],
    periods: s.periods.map((p) => ({ name: p.name, start: clock(p.start), end: clock(p.end), kind: p.kind })),
  };
  await options.db.transaction(async (tx) => {
    await tx
      .insert(monitoringBellSchedules)
      .values({ schoolId: options.schoolId, schedule: json, updatedBy: options.actor.label })
      .onConflictDoUpdate({
        target: monitoringBellSchedules.schoolId,
        set: { schedule: json, updatedBy: options.actor.label, updatedAt: new Date() },
      });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "monitoring.bells-saved",
      subjectType: "school",
      subjectId: options.schoolId,
      schoolId: options.schoolId,
      detail: { periods: json.periods.length, timezone: json.timezone },
    });
  });
  return { ok: true };
}

export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A school's stored timetables, by email (lower case), as the classifier takes them. */
export async function loadTimetables(db: DbOrTx, schoolId: string): Promise<Map<string, TimetableEntry[]>> {
  const rows = await db
    .select()
    .from(monitoringTimetableEntries)
    .where(eq(monitoringTimetableEntries.schoolId, schoolId))
    .orderBy(
      asc(monitoringTimetableEntries.staffId),
      asc(monitoringTimetableEntries.weekday),
      asc(monitoringTimetableEntries.startMinute),
    );
  if (rows.length === 0) return new Map();
  const people = await listStaff(db, { staffIds: [...new Set(rows.map((r) => r.staffId))] });
  const emailOf = new Map(people.map((p) => [p.id, p.email.toLowerCase()]));
  const out = new Map<string, TimetableEntry[]>();
  for (const r of rows) {
    const email = emailOf.get(r.staffId);
    if (!email) continue;
    const list = out.get(email) ?? [];
    list.push({
      weekday: r.weekday,
      week: r.week ?? undefined,
      start: r.startMinute,
      end: r.endMinute,
      activity: r.activity,
    });
    out.set(email, list);
  }
  return out;
}

export type TimetableUploadResult =
  | {
      ok: true;
      entries: number;
      people: number;
      /** Emails whose timetable lists no lesson: every lesson period is time without pupils for them. */
      withoutLessons: string[];
    }
  | { ok: false; errors: SettingsError[] };

/**
 * Replaces a school's timetables with a CSV (staff_email,weekday,start,end,activity). All or
 * nothing: any error (with its line and field) stores nothing; a re-upload replaces, never adds.
 */
export async function uploadTimetable(options: {
  db: Db;
  actor: Actor;
  schoolId: string;
  csvText: string;
  fileName: string;
}): Promise<TimetableUploadResult> {
  const parsed = parseTimetableCsv(options.csvText, options.fileName);
  if (!parsed.ok) return parsed;
  const people = await listStaff(options.db, { schoolIds: [options.schoolId] });
  const idOf = new Map(people.map((p) => [p.email.toLowerCase(), p.id]));
  const errors: SettingsError[] = [];
  for (const [email, line] of parsed.firstLine) {
    if (!idOf.has(email))
      errors.push({
        file: options.fileName,
        line,
        field: "staff_email",
        message: `"${email}" is not a member of staff at this school`,
      });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  const rows = [...parsed.timetables].flatMap(([email, entries]) =>
    entries.map((e) => ({
      schoolId: options.schoolId,
      staffId: idOf.get(email)!,
      weekday: e.weekday,
      week: e.week ?? null,
      startMinute: e.start,
      endMinute: e.end,
      activity: e.activity,
    })),
  );
  await options.db.transaction(async (tx) => {
    await tx
      .delete(monitoringTimetableEntries)
      .where(eq(monitoringTimetableEntries.schoolId, options.schoolId));
    for (let i = 0; i < rows.length; i += 1000)
      await tx.insert(monitoringTimetableEntries).values(rows.slice(i, i + 1000));
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "monitoring.timetable-uploaded",
      subjectType: "school",
      subjectId: options.schoolId,
      schoolId: options.schoolId,
      detail: { entries: rows.length, people: parsed.timetables.size },
    });
  });
  return {
    ok: true,
    entries: rows.length,
    people: parsed.timetables.size,
    withoutLessons: timetablesWithoutLessons(parsed.timetables),
  };
}

export { formatSettingsError };

/** The trust's excessive-use thresholds (9.1): as the trust set them, else the defaults. */
export async function loadThresholds(db: DbOrTx): Promise<Thresholds & { updatedBy: string | null }> {
  const [row] = await db.select().from(monitoringTrustSettings).limit(1);
  if (!row) return { ...defaultThresholds, updatedBy: null };
  return {
    pupilsPresentMinutesPerDay: row.pupilsPresentMinutesPerDay,
    dailyMinutesOutsideBreaks: row.dailyMinutesOutsideBreaks,
    weeklyMinutes: row.weeklyMinutes,
    updatedBy: row.updatedBy,
  };
}

export async function saveThresholds(options: {
  db: Db;
  actor: Actor;
  thresholds: Thresholds;
}): Promise<void> {
  const trust = await loadTrust(options.db);
  if (!trust) throw new Error("No trust is set up");
  const t = options.thresholds;
  const values = {
    pupilsPresentMinutesPerDay: t.pupilsPresentMinutesPerDay,
    dailyMinutesOutsideBreaks: t.dailyMinutesOutsideBreaks,
    weeklyMinutes: t.weeklyMinutes,
    updatedBy: options.actor.label,
  };
  await options.db.transaction(async (tx) => {
    await tx
      .insert(monitoringTrustSettings)
      .values({ trustId: trust.id, ...values })
      .onConflictDoUpdate({
        target: monitoringTrustSettings.trustId,
        set: { ...values, updatedAt: new Date() },
      });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "monitoring.thresholds-saved",
      subjectType: "trust",
      subjectId: trust.id,
      detail: { ...t },
    });
  });
}

/** Everything a school's minutes and findings are computed from, as kept in Conduct. */
export type SchoolRules = {
  bells: BellSchedule;
  timetables: Map<string, TimetableEntry[]>;
  thresholds: Thresholds;
  /** A fingerprint of all of it, with the calendar's zone, terms and closures. */
  basis: string;
};

/** The school's rules, or null when it keeps no bell schedule in Conduct. */
export async function loadSchoolRules(db: DbOrTx, schoolId: string): Promise<SchoolRules | null> {
  const stored = await loadBellSchedule(db, schoolId);
  if (!stored) return null;
  const timetables = await loadTimetables(db, schoolId);
  const { updatedBy: _, ...thresholds } = await loadThresholds(db);
  const calendar = await loadSchoolCalendar(db, schoolId);
  const basis = createHash("sha256")
    .update(
      JSON.stringify({
        bells: stored.json,
        timetables: [...timetables].sort(([a], [b]) => (a < b ? -1 : 1)),
        thresholds,
        terms: calendar.terms,
        closures: [...calendar.closures].map((c) => c.date).sort(),
      }),
    )
    .digest("hex");
  return { bells: stored.schedule, timetables, thresholds, basis };
}
