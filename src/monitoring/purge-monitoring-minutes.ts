// The retention purge: minutes (and kept IP leases that ended) older than the school's retention period (default 90
// days, set in the DPO record) are deleted by a daily job, and each run is in the audit trail.
import "./audit-events";
import { sql } from "drizzle-orm";
import { type Actor, recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { allMinutes, bitCount, minutesWithin } from "./minute-masks";

export const DEFAULT_RETENTION_DAYS = 90;

export async function purgeMonitoringMinutes(options: {
  db: Db;
  now?: Date;
  actor?: Actor;
}): Promise<{ deleted: number; leasesDeleted: number }> {
  const now = options.now ?? new Date();
  return options.db.transaction(async (tx) => {
    // A minute goes when it is older than the school's cutoff: hour rows wholly before it are
    // deleted, and the row of the hour the cutoff falls in loses its earlier minutes.
    const cutoff = sql`${now.toISOString()}::timestamptz - make_interval(days => coalesce(r.retention_days, ${DEFAULT_RETENTION_DAYS}))`;
    const kept = minutesWithin(sql`m.hour`, cutoff, null);
    const trimmed = await tx.execute<{ n: string }>(sql`
      with old as (
        select m.staff_id, m.platform, m.hour, ${kept} as kept, ${bitCount(sql`${allMinutes("m")} & ~${kept}`)} as n
        from monitoring_minutes m
        join schools s on s.id = m.school_id left join monitoring_dpo_records r on r.school_id = s.id
        where m.hour < ${cutoff}),
      gone as (
        delete from monitoring_minutes m using old
        where m.staff_id = old.staff_id and m.platform = old.platform and m.hour = old.hour
          and ${allMinutes("m")} & old.kept = 0),
      cut as (
        update monitoring_minutes m
        set pupils_present = m.pupils_present & old.kept, directed_no_pupils = m.directed_no_pupils & old.kept,
          allowed = m.allowed & old.kept
        from old
        where m.staff_id = old.staff_id and m.platform = old.platform and m.hour = old.hour
          and ${allMinutes("m")} & old.kept <> 0 and old.n > 0)
      select coalesce(sum(n), 0) as n from old`);
    const result = trimmed;
    const deleted = Number(result.rows[0]?.n ?? 0);
    // The IP-to-staff map goes with the minutes: a lease that ended before the cutoff can attribute
    // only minutes the school may no longer keep (one still held, ending at infinity, stays).
    const leases = await tx.execute<{ n: string }>(sql`
      with gone as (
        delete from monitoring_ip_leases l
        using schools s left join monitoring_dpo_records r on r.school_id = s.id
        where s.id = l.school_id and l.valid_to < ${cutoff}
        returning 1)
      select count(*) as n from gone`);
    const leasesDeleted = Number(leases.rows[0]?.n ?? 0);
    await recordAuditEvent(tx, {
      actor: options.actor ?? SYSTEM_ACTOR,
      action: "monitoring.purged",
      subjectType: "monitoring_minutes",
      detail: { deleted, leasesDeleted, at: now.toISOString(), defaultRetentionDays: DEFAULT_RETENTION_DAYS },
    });
    return { deleted, leasesDeleted };
  });
}
