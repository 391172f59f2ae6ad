// Walks the whole audit trail in order and checks every link; names the first row that breaks.
import { asc, gt } from "drizzle-orm";
import type { Db } from "../db";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";
import { auditEvents } from "./schema";

export type ChainReport =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenAt: number; reason: string };

export async function verifyAuditChain(
  db: Db,
  options: { batchSize?: number; onProgress?: (rows: number) => void } = {},
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 5000;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let rows = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, lastSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    for (const row of batch) {
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          rows,
          brokenAt: row.seq,
          reason: "its link to the previous row does not match (a row before it was removed or changed)",
        };
      }
      const expected = hashAuditEvent(prevHash, {
        at: row.at,
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        personId: row.personId,
        schoolId: row.schoolId,
        detail: row.detail,
      });
      if (expected !== row.hash) {
        return {
          ok: false,
          rows,
          brokenAt: row.seq,
          reason: "its contents do not match its hash (the row was altered)",
        };
      }
      prevHash = row.hash;
      lastSeq = row.seq;
      rows++;
    }
    options.onProgress?.(rows);
    if (batch.length < batchSize) break;
  }
  return { ok: true, rows, lastHash: prevHash };
}
