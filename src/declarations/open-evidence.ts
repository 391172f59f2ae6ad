// Opens a file from the evidence vault for its owner or for the leader it was shared with, and no
// one else. Each opening is audited under the owner; the bytes are checked against the SHA-256
// taken at upload, so what is served is provably what was stored.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can, type RoleAssignment } from "../platform/auth/permissions";
import type { Db } from "../platform/db";
import { evidenceItems } from "./schema";

export interface OpenEvidenceOptions {
  db: Db;
  viewer: { id: string; email: string; roles: readonly RoleAssignment[] };
  evidenceId: string;
}

export type OpenedEvidence = { fileName: string; mediaType: string; sha256: string; content: Uint8Array };

export type OpenEvidenceResult =
  | ({ ok: true } & OpenedEvidence)
  | { ok: false; status: 403 | 404 }
  | { ok: false; status: 500; message: string };

export async function openEvidence({
  db,
  viewer,
  evidenceId,
}: OpenEvidenceOptions): Promise<OpenEvidenceResult> {
  const [item] = await db.select().from(evidenceItems).where(eq(evidenceItems.id, evidenceId)).limit(1);
  if (!item) return { ok: false, status: 404 };
  const audit = {
    actor: { id: viewer.id, label: viewer.email },
    subjectType: "evidence",
    subjectId: item.id,
    personId: item.ownerId,
    schoolId: item.schoolId,
  };
  const isOwner = item.ownerId === viewer.id;
  // Sharing is with a leader of the school: one who has since lost that role loses the file too.
  const isSharedLeader =
    item.sharedWithId === viewer.id && can(viewer, "declarations.review", { schoolId: item.schoolId });
  if (!isOwner && !isSharedLeader) {
    await recordAuditEvent(db, { ...audit, action: "evidence.open-refused", detail: {} });
    return { ok: false, status: 403 };
  }
  const digest = createHash("sha256").update(item.content).digest("hex");
  if (digest !== item.sha256) {
    await recordAuditEvent(db, {
      ...audit,
      action: "evidence.integrity-failed",
      detail: { stored: item.sha256, found: digest },
    });
    return {
      ok: false,
      status: 500,
      message:
        "This file no longer matches the fingerprint taken when it was stored, so it has not been served. " +
        "The failure is in the audit trail; tell your trust administrator.",
    };
  }
  await recordAuditEvent(db, {
    ...audit,
    action: "evidence.opened",
    detail: { as: isOwner ? "owner" : "shared-with", sha256: item.sha256 },
  });
  return {
    ok: true,
    fileName: item.fileName,
    mediaType: item.mediaType,
    sha256: item.sha256,
    content: new Uint8Array(item.content.buffer, item.content.byteOffset, item.content.byteLength),
  };
}
