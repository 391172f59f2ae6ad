// Downloads a file kept with a case, for someone with full access who has stepped up; audited as a
// view of the case.
import { and, eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadCaseAccess } from "./case-access";
import { concernDocuments } from "./schema";

export async function openCaseDocument(db: Db, user: SignedInUser, concernId: string, documentId: string) {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false as const, status: 404 as const };
  if (found.access.level !== "full") return { ok: false as const, status: 403 as const };
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) return { ok: false as const, status: 404 as const };
  const [doc] = await db
    .select()
    .from(concernDocuments)
    .where(and(eq(concernDocuments.id, documentId), eq(concernDocuments.concernId, concernId)));
  if (!doc) return { ok: false as const, status: 404 as const };
  await recordAuditEvent(db, {
    actor: { id: user.id, label: user.email },
    action: "concern.document-opened",
    subjectType: "concern",
    subjectId: concernId,
    schoolId: found.concern.schoolId,
    detail: { documentId, sha256: doc.sha256 },
  });
  return { ok: true as const, doc };
}
