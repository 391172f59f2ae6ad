// The retention purge: per-minute aggregates older than the school's retention period (default 90
// days, set in the DPO record) are deleted by a daily job, and each run is in the audit trail.
import "./audit-events";
import { sql } from "drizzle-orm";
import { type Actor, recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";

export const DEFAULT_RETENTION_DAYS = 90;

export async function purgeMonitoringMinutes(options: {
  db: Db;
  now?: Date;
  actor?: Actor;
}): Promise<{ deleted: number }> {
  const now = options.now ?? new Date();
  return options.db.transaction(async (tx) => {
    const result = await tx.execute<{ n: string }>(sql`
      with gone as (
        delete from monitoring_minutes m
        using schools s left join monitoring_dpo_records r on r.school_id = s.id
        where m.school_id = s.id
          and m.minute < ${now.toISOString()}::timestamptz - make_interval(days => coalesce(r.retention_days, ${DEFAULT_RETENTION_DAYS}))
        returning 1)
      select count(*) as n from gone`);
    const deleted = Number(result.rows[0]?.n ?? 0);
    await recordAuditEvent(tx, {
      actor: options.actor ?? SYSTEM_ACTOR,
      action: "monitoring.purged",
      subjectType: "monitoring_minutes",
      detail: { deleted, at: now.toISOString(), defaultRetentionDays: DEFAULT_RETENTION_DAYS },
    });
    return { deleted };
  });
}
