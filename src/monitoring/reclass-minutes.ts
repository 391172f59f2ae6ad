// Re-classing: when a school's bell schedule, timetables, term dates, closures or the trust's
// thresholds change, every stored minute of the school is classed again by the new rules and the
// findings worked out again, in one transaction, so a report reads either all old or all new rules,
// never a mix. A finding still to review follows the new rules (withdrawn if it no longer holds); one
// already reviewed is kept as the reviewer left it, with a note that its basis changed.
import "./audit-events";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, inArray } from "drizzle-orm";
import { from as copyFrom } from "pg-copy-streams";
import { isSchoolDay } from "../core/calendar/school-days";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { listStaff } from "../core/people/list-staff";
import { type Actor, recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { clientOf, copyText, refreshFindings } from "./ingest-log";
import { CLASSES, HOUR_ROW_COLUMNS, HourRows, STAGED_MASKS } from "./minute-masks";
import type { PlatformList } from "./platforms";
import { MINUTE_SPACE, PLATFORM_SPACE } from "./scan-log";
import { loadSchoolRules } from "./school-rules";
import {
  monitoringChallenges,
  monitoringClassedBasis,
  monitoringFindings,
  monitoringMinutes,
} from "./schema";
import { summariseMinutes } from "./summarise-minutes";

export type ReclassResult =
  | { status: "no-rules" | "up-to-date" }
  | {
      status: "reclassed";
      minutes: number;
      minutesChanged: number;
      findingsOpened: number;
      findingsWithdrawn: number;
      findingsNoted: number;
    };

export async function reclassSchoolMinutes(options: {
  db: Db;
  schoolId: string;
  actor?: Actor;
  now?: Date;
}): Promise<ReclassResult> {
  const { db, schoolId } = options;
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const client = clientOf(tx);
    await client.query("select pg_advisory_xact_lock(hashtext($1))", [`monitoring:${schoolId}`]);
    const rules = await loadSchoolRules(tx, schoolId);
    if (!rules) return { status: "no-rules" };
    const [classed] = await tx
      .select()
      .from(monitoringClassedBasis)
      .where(eq(monitoringClassedBasis.schoolId, schoolId));
    if (classed?.basis === rules.basis) return { status: "up-to-date" };

    // The stored hour rows, each mask in 30-bit halves for JS, turned back into minute keys.
    const stored = await client.query<{
      staff_id: string;
      platform: string;
      h: number;
      halves: number[];
    }>(
      `select staff_id, platform, (extract(epoch from hour) / 3600)::int as h,
         array[(pupils_present & 1073741823)::int, (pupils_present >> 30)::int,
               (directed_no_pupils & 1073741823)::int, (directed_no_pupils >> 30)::int,
               (allowed & 1073741823)::int, (allowed >> 30)::int] as halves
       from monitoring_minutes where school_id = $1`,
      [schoolId],
    );
    const staffIds = [...new Set(stored.rows.map((r) => r.staff_id))];
    const people = await listStaff(tx, { staffIds });
    const emails = people.map((p) => p.email.toLowerCase());
    const personOf = new Map(people.map((p, i) => [p.id, i]));
    const platformIds = [...new Set(stored.rows.map((r) => r.platform))].sort();
    const platformOf = new Map(platformIds.map((id, i) => [id, i]));
    const platforms: PlatformList = {
      version: "stored",
      platforms: platformIds.map((id) => ({ id, name: id, domains: [] })),
    };
    const keyList: number[] = [];
    const oldClass = new Map<number, number>();
    for (const r of stored.rows) {
      const person = personOf.get(r.staff_id)!;
      const platform = platformOf.get(r.platform)!;
      for (let half = 0; half < 6; half++) {
        const bits = r.halves[half]!;
        if (bits === 0) continue;
        for (let b = 0; b < 30; b++) {
          if ((bits & (1 << b)) === 0) continue;
          const minute = r.h * 60 + (half % 2) * 30 + b;
          const key = (person * MINUTE_SPACE + minute) * PLATFORM_SPACE + platform;
          keyList.push(key);
          oldClass.set(key, half >> 1);
        }
      }
    }
    const keys = Float64Array.from(keyList);
    const calendar = await loadSchoolCalendar(tx, schoolId);
    const schoolDay = (date: string) => isSchoolDay(calendar, date);
    // The same arithmetic as ingest: each distinct (person, platform, minute) classed once, and
    // the hour rows built again from the new classes.
    const rows = new HourRows();
    let minutesChanged = 0;
    summariseMinutes({
      keys: [keys],
      staff: emails,
      platforms,
      bells: rules.bells,
      timetables: rules.timetables,
      schoolDay,
      onMinute: (person, platform, minute, minuteClass) => {
        const cls = CLASSES.indexOf(minuteClass);
        const key = (person * MINUTE_SPACE + minute) * PLATFORM_SPACE + platform;
        if (oldClass.get(key) !== cls) minutesChanged++;
        rows.add(person, platform, minute, cls);
      },
    });
    if (minutesChanged > 0) {
      await client.query(
        `create temp table monitoring_reclass (${HOUR_ROW_COLUMNS}) on commit drop;
         create temp table monitoring_reclass_people (person int primary key, staff_id uuid not null) on commit drop;
         create temp table monitoring_reclass_platforms (platform smallint primary key, id text not null) on commit drop`,
      );
      const copy = (target: string, text: string) =>
        pipeline(Readable.from([text]), client.query(copyFrom(`copy ${target} from stdin`)));
      await copy("monitoring_reclass_people", people.map((p, i) => `${i}\t${p.id}\n`).join(""));
      await copy(
        "monitoring_reclass_platforms",
        platformIds.map((id, i) => `${i}\t${copyText(id)}\n`).join(""),
      );
      const lines: string[] = [];
      for (let i = 0; i < rows.length; i++) lines.push(rows.copyLine(i));
      await copy("monitoring_reclass", lines.join(""));
      // The same minutes in each row, each in its new class: only rows whose masks differ change.
      await client.query(
        `update monitoring_minutes m
         set pupils_present = n.p, directed_no_pupils = n.d, allowed = n.a
         from (
           select p.staff_id, pl.id as platform, to_timestamp(s.hour::bigint * 3600) as hour,
             ${STAGED_MASKS.pupilsPresent} as p, ${STAGED_MASKS.directedNoPupils} as d, ${STAGED_MASKS.allowed} as a
           from monitoring_reclass s
           join monitoring_reclass_people p using (person)
           join monitoring_reclass_platforms pl using (platform)) n
         where m.staff_id = n.staff_id and m.platform = n.platform and m.hour = n.hour
           and (m.pupils_present, m.directed_no_pupils, m.allowed) <> (n.p, n.d, n.a)`,
      );
    }

    const refreshed = await refreshFindings(tx, {
      schoolId,
      timeZone: rules.bells.timeZone,
      schoolDay,
      thresholds: rules.thresholds,
      emails,
      people,
      touched: "school",
    });
    // Stored findings for the days the stored minutes cover, against what the new rules give.
    const now_ = new Map(refreshed.computed.map((f) => [`${f.staffId}|${f.kind}|${f.day}`, f.minutes]));
    const existing = await tx
      .select()
      .from(monitoringFindings)
      .where(eq(monitoringFindings.schoolId, schoolId));
    const covered = existing.filter((f) => refreshed.coveredDays.has(`${f.staffId}|${f.day}`));
    const challenged = new Set(
      covered.length === 0
        ? []
        : (
            await tx
              .select({ id: monitoringChallenges.findingId })
              .from(monitoringChallenges)
              .where(
                inArray(
                  monitoringChallenges.findingId,
                  covered.map((f) => f.id),
                ),
              )
          ).map((r) => r.id),
    );
    const on = now.toISOString().slice(0, 10);
    let withdrawn = 0;
    let noted = 0;
    for (const f of covered) {
      const minutes = now_.get(`${f.staffId}|${f.kind}|${f.day}`);
      if (f.status === "to review") {
        if (minutes !== undefined) continue;
        withdrawn++;
        if (!challenged.has(f.id)) {
          await tx.delete(monitoringFindings).where(eq(monitoringFindings.id, f.id));
        } else {
          // The person's side stays on record: the finding is closed in their favour, not deleted.
          await tx
            .update(monitoringFindings)
            .set({
              status: "dismissed",
              reviewReason:
                "Withdrawn: by the school's corrected rules this is no longer over the threshold.",
              reviewedAt: now,
              basisNote: `The bell schedule, timetables, calendar or thresholds changed on ${on}; by the new rules this finding no longer holds.`,
            })
            .where(eq(monitoringFindings.id, f.id));
        }
        continue;
      }
      if (minutes === f.minutes) continue;
      noted++;
      await tx
        .update(monitoringFindings)
        .set({
          basisNote:
            minutes === undefined
              ? `The bell schedule, timetables, calendar or thresholds changed on ${on}, after this review; by the new rules it would not be a finding.`
              : `The bell schedule, timetables, calendar or thresholds changed on ${on}, after this review; by the new rules it counts ${minutes} minutes (reviewed at ${f.minutes}).`,
        })
        .where(and(eq(monitoringFindings.id, f.id)));
    }
    await tx
      .insert(monitoringClassedBasis)
      .values({ schoolId, basis: rules.basis, classedAt: now })
      .onConflictDoUpdate({
        target: monitoringClassedBasis.schoolId,
        set: { basis: rules.basis, classedAt: now },
      });
    const result = {
      status: "reclassed" as const,
      minutes: keys.length,
      minutesChanged,
      findingsOpened: refreshed.opened,
      findingsWithdrawn: withdrawn,
      findingsNoted: noted,
    };
    await recordAuditEvent(tx, {
      actor: options.actor ?? SYSTEM_ACTOR,
      action: "monitoring.reclassed",
      subjectType: "school",
      subjectId: schoolId,
      schoolId,
      detail: { ...result },
    });
    return result;
  });
}

/** The job: every school whose kept rules differ from those its minutes were classed by. */
export async function reclassChangedSchools(options: {
  db: Db;
  schoolIds: readonly string[];
}): Promise<number> {
  let n = 0;
  for (const schoolId of options.schoolIds) {
    const r = await reclassSchoolMinutes({ db: options.db, schoolId });
    if (r.status === "reclassed") n++;
  }
  return n;
}

/** Whether the school's stored minutes were classed by rules other than those it keeps now. */
export async function rulesChangedSince(db: Db, schoolId: string): Promise<boolean> {
  const rules = await loadSchoolRules(db, schoolId);
  if (!rules) return false;
  const [classed] = await db
    .select({ basis: monitoringClassedBasis.basis })
    .from(monitoringClassedBasis)
    .where(eq(monitoringClassedBasis.schoolId, schoolId));
  if (classed?.basis === rules.basis) return false;
  const [any] = await db
    .select({ s: monitoringMinutes.schoolId })
    .from(monitoringMinutes)
    .where(eq(monitoringMinutes.schoolId, schoolId))
    .limit(1);
  return any !== undefined;
}
