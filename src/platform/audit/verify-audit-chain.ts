// Walks the whole audit trail in order and checks every link; names the first row that breaks.
import { asc, gt } from "drizzle-orm";
import type { Db } from "../db";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";
import { auditKey } from "./audit-key";
import { auditEvents } from "./schema";

export type ChainReport =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenAt: number; reason: string };

export async function verifyAuditChain(
  db: Db,
  options: {
    batchSize?: number;
    onProgress?: (rows: number) => void;
    key?: Buffer;
    /** A head recorded outside the table (see anchor-audit-head.ts): that row must still be there, unchanged. */
    anchor?: { seq: number; hash: string };
  } = {},
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 5000;
  const key = options.key ?? auditKey();
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
      const expected = hashAuditEvent(
        prevHash,
        {
          at: row.at,
          actorId: row.actorId,
          actorLabel: row.actorLabel,
          action: row.action,
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          personId: row.personId,
          schoolId: row.schoolId,
          detail: row.detail,
        },
        key,
      );
      if (expected !== row.hash) {
        return {
          ok: false,
          rows,
          brokenAt: row.seq,
          reason: "its contents do not match its hash (the row was altered)",
        };
      }
      if (options.anchor && row.seq === options.anchor.seq && row.hash !== options.anchor.hash) {
        return {
          ok: false,
          rows,
          brokenAt: row.seq,
          reason: "its hash is not the one anchored outside the database (the trail was rewritten from here)",
        };
      }
      if (options.anchor && lastSeq < options.anchor.seq && row.seq > options.anchor.seq) {
        return {
          ok: false,
          rows,
          brokenAt: options.anchor.seq,
          reason: "the anchored row is missing (rows were removed)",
        };
      }
      prevHash = row.hash;
      lastSeq = row.seq;
      rows++;
    }
    options.onProgress?.(rows);
    if (batch.length < batchSize) break;
  }
  if (options.anchor && lastSeq < options.anchor.seq) {
    return {
      ok: false,
      rows,
      brokenAt: options.anchor.seq,
      reason: `the trail ends at row ${lastSeq}, but row ${options.anchor.seq} was anchored outside the database (the newest rows were removed)`,
    };
  }
  return { ok: true, rows, lastHash: prevHash };
}
