// Writes one row of the audit trail, in the caller's transaction so the change and its record
// commit together. An advisory lock serialises writers, so the chain has no forks even with
// several app instances on one database.
import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { type AuditFields, GENESIS_HASH, hashAuditEvent } from "./hash-audit-event";
import { type AuditAction, type AuditEventCatalogue, checkAuditDetail } from "./audit-catalogue";
import "./audit-events";
import { auditKey } from "./audit-key";
import { auditEvents } from "./schema";

export type Actor = { id: string | null; label: string };

export const SYSTEM_ACTOR: Actor = { id: null, label: "system" };

export type AuditEventInput<A extends AuditAction = AuditAction> = {
  actor: Actor;
  /** A declared action (see audit-catalogue.ts): a free string does not compile. */
  action: A;
  subjectType: string;
  subjectId?: string | null;
  personId?: string | null;
  schoolId?: string | null;
  detail?: AuditEventCatalogue[A];
};

const AUDIT_LOCK = 727_001; // any constant; names the one lock all audit writers share

export async function recordAuditEvent<A extends AuditAction>(
  db: DbOrTx,
  event: AuditEventInput<A>,
): Promise<void> {
  const detail = checkAuditDetail(event.action, (event.detail ?? {}) as Record<string, unknown>);
  const write = async (tx: DbOrTx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const fields: AuditFields = {
      at: new Date().toISOString(),
      actorId: event.actor.id,
      actorLabel: event.actor.label,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId ?? null,
      personId: event.personId ?? null,
      schoolId: event.schoolId ?? null,
      detail,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await tx
      .insert(auditEvents)
      .values({ ...fields, prevHash, hash: hashAuditEvent(prevHash, fields, auditKey()) });
  };
  // A plain Db has `transaction`; so does a Tx (as a savepoint), which keeps the lock in the outer one.
  if ("rollback" in db) await write(db);
  else await db.transaction(write);
}
