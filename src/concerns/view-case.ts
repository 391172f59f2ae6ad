// Opens a case's detail for someone with full access (caseAccess) who has stepped up recently.
// Every view is in the audit trail, and the case lists its views (who and when).
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { auditEvents } from "../platform/audit/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { users } from "../platform/auth/schema";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { type Concern, loadCaseAccess } from "./case-access";
import { concernAccess, concernDocuments, concernEntries, concernPeople } from "./schema";

export type CaseDetail = {
  concern: Concern;
  people: (typeof concernPeople.$inferSelect)[];
  entries: (typeof concernEntries.$inferSelect)[];
  documents: {
    id: string;
    fileName: string;
    mediaType: string;
    size: number;
    sha256: string;
    storedAt: Date;
  }[];
  access: { userId: string; name: string; reason: string }[];
  views: { at: string; who: string; action: string }[];
};

export type ViewCaseResult =
  | { ok: true; detail: CaseDetail }
  | { ok: false; status: 403 | 404; message: string };

export const CASE_VIEW_ACTIONS = [
  "concern.viewed",
  "concern.document-opened",
  "concern.view-refused",
] as const;

export async function viewCase(db: Db, user: SignedInUser, concernId: string): Promise<ViewCaseResult> {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false, status: 404, message: "There is no such case." };
  if (found.access.level !== "full")
    return { ok: false, status: 403, message: "You do not have access to this case." };
  const { concern } = found;
  await recordAuditEvent(db, {
    actor: { id: user.id, label: user.email },
    action: "concern.viewed",
    subjectType: "concern",
    subjectId: concern.id,
    schoolId: concern.schoolId,
  });
  const [people, entries, documents, access, views] = await Promise.all([
    db.select().from(concernPeople).where(eq(concernPeople.concernId, concern.id)),
    db
      .select()
      .from(concernEntries)
      .where(eq(concernEntries.concernId, concern.id))
      .orderBy(asc(concernEntries.seq)),
    db
      .select({
        id: concernDocuments.id,
        fileName: concernDocuments.fileName,
        mediaType: concernDocuments.mediaType,
        size: concernDocuments.size,
        sha256: concernDocuments.sha256,
        storedAt: concernDocuments.storedAt,
      })
      .from(concernDocuments)
      .where(eq(concernDocuments.concernId, concern.id))
      .orderBy(asc(concernDocuments.storedAt)),
    db
      .select({ userId: concernAccess.userId, name: users.name, reason: concernAccess.reason })
      .from(concernAccess)
      .innerJoin(users, eq(users.id, concernAccess.userId))
      .where(eq(concernAccess.concernId, concern.id))
      .orderBy(asc(users.name)),
    db
      .select({ at: auditEvents.at, who: auditEvents.actorLabel, action: auditEvents.action })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.subjectType, "concern"),
          eq(auditEvents.subjectId, concern.id),
          inArray(auditEvents.action, [...CASE_VIEW_ACTIONS]),
        ),
      )
      .orderBy(desc(auditEvents.seq))
      .limit(500),
  ]);
  return { ok: true, detail: { concern, people, entries, documents, access, views } };
}
