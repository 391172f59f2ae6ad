// Keeps a file with a case (an interview record, a screenshot): checked by content as the evidence
// vault checks it, stored unaltered with its SHA-256, and entered in the chronology. The file and its
// entry commit together or not at all.
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { checkEvidenceFile } from "../declarations/check-evidence-file";
import { loadCaseAccess } from "./case-access";
import { MAX_FILE_BYTES, type ReportFile, safeFileName } from "./report-concern";
import { concernDocuments, concernEntries } from "./schema";

export type StoreCaseDocumentResult =
  | { ok: true; documentId: string; sha256: string }
  | { ok: false; status: 400 | 403 | 404; errors: Record<string, string> };

export async function storeCaseDocument(
  db: Db,
  user: SignedInUser,
  concernId: string,
  file: ReportFile | null,
  asOf = new Date(),
): Promise<StoreCaseDocumentResult> {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false, status: 404, errors: { form: "There is no such case." } };
  if (found.access.level !== "full")
    return { ok: false, status: 403, errors: { form: "You do not have access to this case." } };
  if (!file) return { ok: false, status: 400, errors: { file: "Choose the file to keep with the case." } };
  const checked = await checkEvidenceFile({
    bytes: file.bytes,
    declaredName: file.name,
    declaredType: file.type,
    maxBytes: MAX_FILE_BYTES,
  });
  if (!checked.ok) return { ok: false, status: 400, errors: { file: checked.error.message } };
  const fileName = safeFileName(file.name, checked.extension);
  const documentId = await db.transaction(async (tx) => {
    const [doc] = await tx
      .insert(concernDocuments)
      .values({
        concernId,
        fileName,
        mediaType: checked.mediaType,
        size: file.bytes.length,
        sha256: checked.sha256,
        content: Buffer.from(file.bytes),
        storedBy: user.id,
        storedAt: asOf,
      })
      .returning({ id: concernDocuments.id });
    await tx.insert(concernEntries).values({
      concernId,
      kind: "document",
      authorId: user.id,
      authorLabel: user.name,
      at: asOf,
      text: `File ${fileName} (${checked.mediaType}, SHA-256 ${checked.sha256}).`,
      documentId: doc!.id,
    });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "concern.document-stored",
      subjectType: "concern",
      subjectId: concernId,
      schoolId: found.concern.schoolId,
      detail: { sha256: checked.sha256, size: file.bytes.length },
    });
    return doc!.id;
  });
  return { ok: true, documentId, sha256: checked.sha256 };
}
