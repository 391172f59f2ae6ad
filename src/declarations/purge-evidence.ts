// The daily job "evidence.purge": deletes files from the evidence vault once their retention has
// passed (the day after purgeAfter, in the school's zone). Each purge is in the audit trail with the
// file's digest and size, never its content, so a later question can be answered without the file.
import { sql } from "drizzle-orm";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";

export interface PurgeEvidenceOptions {
  db: Db;
  asOf?: Date;
}

type PurgedRow = {
  id: string;
  owner_id: string;
  school_id: string;
  sha256: string;
  size: number;
  media_type: string;
  purge_after: string;
  stored_at: Date;
};

export async function purgeEvidence({
  db,
  asOf = new Date(),
}: PurgeEvidenceOptions): Promise<{ purged: number }> {
  return db.transaction(async (tx) => {
    const result = await tx.execute<PurgedRow>(sql`
      delete from evidence_items e
      using schools s
      where s.id = e.school_id
        and e.purge_after < (${asOf.toISOString()}::timestamptz at time zone s.time_zone)::date
      returning e.id, e.owner_id, e.school_id, e.sha256, e.size, e.media_type, e.purge_after, e.stored_at`);
    for (const row of result.rows) {
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "evidence.purged",
        subjectType: "evidence",
        subjectId: row.id,
        personId: row.owner_id,
        schoolId: row.school_id,
        detail: {
          sha256: row.sha256,
          size: row.size,
          mediaType: row.media_type,
          storedAt: new Date(row.stored_at).toISOString(),
          purgeAfter: row.purge_after,
        },
      });
    }
    return { purged: result.rows.length };
  });
}
