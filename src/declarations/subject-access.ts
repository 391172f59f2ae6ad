// The declarations capability's part of a subject access record: declarations, their reviews and the
// person's replies, and the evidence vault's list (names and dates of files; the files themselves are
// opened from the vault).
import { asc, eq, inArray } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { declarationReplies, declarationReviews, declarations, evidenceItems } from "./schema";

export async function declarationSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  const mine = await db
    .select()
    .from(declarations)
    .where(eq(declarations.userId, person.userId))
    .orderBy(asc(declarations.createdAt));
  const reviews = mine.length
    ? await db
        .select()
        .from(declarationReviews)
        .where(
          inArray(
            declarationReviews.declarationId,
            mine.map((d) => d.id),
          ),
        )
        .orderBy(asc(declarationReviews.createdAt))
    : [];
  // The person's own answers to requests for more information.
  const replies = mine.length
    ? await db
        .select()
        .from(declarationReplies)
        .where(
          inArray(
            declarationReplies.declarationId,
            mine.map((d) => d.id),
          ),
        )
        .orderBy(asc(declarationReplies.createdAt))
    : [];
  const evidence = await db
    .select({
      id: evidenceItems.id,
      fileName: evidenceItems.fileName,
      mediaType: evidenceItems.mediaType,
      size: evidenceItems.size,
      sha256: evidenceItems.sha256,
      communicationDate: evidenceItems.communicationDate,
      concerning: evidenceItems.concerning,
      storedAt: evidenceItems.storedAt,
      purgeAfter: evidenceItems.purgeAfter,
    })
    .from(evidenceItems)
    .where(eq(evidenceItems.ownerId, person.userId))
    .orderBy(asc(evidenceItems.storedAt));
  return [
    {
      key: "declarations",
      title: "Declarations of social media relationships",
      records: mine.map((d) => ({
        id: d.id,
        contactKind: d.contactKind,
        contactName: d.contactName,
        platforms: d.platforms,
        otherRelationships: d.otherRelationships,
        note: d.note,
        verdict: d.verdict,
        clause: d.clause,
        reason: d.reason,
        status: d.status,
        declaredAt: iso(d.createdAt),
        reviews: reviews
          .filter((r) => r.declarationId === d.id)
          .map((r) => `${iso(r.createdAt)} ${r.action}${r.note ? `: ${r.note}` : ""}`),
        replies: replies.filter((r) => r.declarationId === d.id).map((r) => `${iso(r.createdAt)}: ${r.text}`),
      })),
    },
    {
      key: "evidence",
      title: "Evidence you kept (rejected approaches, 8.3.2)",
      note: "The files themselves are in your evidence vault; this lists them.",
      records: evidence.map((e) => ({
        id: e.id,
        fileName: e.fileName,
        mediaType: e.mediaType,
        bytes: e.size,
        sha256: e.sha256,
        communicationDate: e.communicationDate,
        concerning: e.concerning,
        storedAt: iso(e.storedAt),
        keptUntil: e.purgeAfter,
      })),
    },
  ];
}
