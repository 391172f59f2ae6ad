// The approver flags a published post that differs from the text they approved.
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { officialAccounts, officialPosts } from "./schema";
import { personFacts } from "./staff-directory";

export type FlagResult =
  | { ok: true }
  | { ok: false; status: 403 | 404 | 409 | 422; field?: string; message: string };

export async function flagPublishedPost(options: {
  db: Db;
  actor: SignedInUser;
  postId: string;
  note: string;
  baseUrl: string;
  asOf?: Date;
}): Promise<FlagResult> {
  const { db, actor } = options;
  const asOf = options.asOf ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ post: officialPosts, schoolId: officialAccounts.schoolId })
      .from(officialPosts)
      .innerJoin(officialAccounts, eq(officialAccounts.id, officialPosts.accountId))
      .where(eq(officialPosts.id, options.postId))
      .for("update", { of: officialPosts });
    if (!row) return { ok: false as const, status: 404 as const, message: "No such post." };
    if (row.post.reviewerId !== actor.id)
      return {
        ok: false as const,
        status: 403 as const,
        message: "Only the leader who approved the post can flag it.",
      };
    if (row.post.status !== "published")
      return { ok: false as const, status: 409 as const, message: "Only a published post can be flagged." };
    await tx
      .update(officialPosts)
      .set({ differsNote: options.note, differsFlaggedAt: asOf, updatedAt: asOf })
      .where(eq(officialPosts.id, row.post.id));
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "official-post.flagged-differs",
      subjectType: "official_post",
      subjectId: row.post.id,
      personId: row.post.authorId,
      schoolId: row.schoolId,
    });
    const author = await personFacts(tx, row.post.authorId);
    const link = `${options.baseUrl}/official-posts/${row.post.id}`;
    if (author)
      await notify(tx, {
        userId: author.id,
        kind: "official-post.flagged",
        to: author.active ? author.email : "",
        subject: "A published post differs from what was approved",
        text: `The leader who approved your post says the published version differs. Sign in to see why: ${link}`,
        link,
      });
    return { ok: true as const };
  });
}
