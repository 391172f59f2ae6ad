// The trust's record of its own documents (code of conduct, acceptable use policy…), so a policy's
// links can be checked against what actually exists.
import { and, eq, sql } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { trustDocuments, trusts } from "../core/people/schema";

export type DocumentResult = { ok: true } | { ok: false; field: "title" | "url"; message: string };

export async function recordTrustDocument(
  db: Db,
  actor: Actor,
  input: { title: string; url?: string },
): Promise<DocumentResult> {
  const title = input.title.trim().replace(/\s+/g, " ");
  const url = input.url?.trim() || null;
  if (!title)
    return { ok: false, field: "title", message: "Enter the document's title, as the policy names it." };
  if (title.length > 200)
    return { ok: false, field: "title", message: "Use at most 200 characters for the title." };
  if (url && !/^https?:\/\/\S+$/.test(url))
    return {
      ok: false,
      field: "url",
      message: "Enter a web address starting with https://, or leave it empty.",
    };
  const [trust] = await db.select().from(trusts).limit(1);
  if (!trust) return { ok: false, field: "title", message: "Set up the trust first." };
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(trustDocuments)
      .where(
        and(
          eq(trustDocuments.trustId, trust.id),
          eq(sql`lower(${trustDocuments.title})`, title.toLowerCase()),
        ),
      );
    if (existing)
      await tx.update(trustDocuments).set({ url, active: true }).where(eq(trustDocuments.id, existing.id));
    else await tx.insert(trustDocuments).values({ trustId: trust.id, title, url });
    await recordAuditEvent(tx, {
      actor,
      action: "document.recorded",
      subjectType: "trust-document",
      detail: { title, url },
    });
  });
  return { ok: true };
}

export async function retireTrustDocument(db: Db, actor: Actor, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const retired = await tx
      .update(trustDocuments)
      .set({ active: false })
      .where(eq(trustDocuments.id, id))
      .returning();
    if (retired.length)
      await recordAuditEvent(tx, {
        actor,
        action: "document.retired",
        subjectType: "trust-document",
        subjectId: id,
        detail: { title: retired[0]!.title },
      });
    return retired.length > 0;
  });
}
