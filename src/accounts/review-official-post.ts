// A leader of the account's school approves a draft, asks for changes (with a comment) or rejects
// it. Conduct records what was approved, by whom and when; it does not post to the platform. A
// leader cannot approve their own draft.
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { mayApproveFor } from "./grant-state";
import { officialAccounts, officialPosts } from "./schema";
import { personFacts } from "./staff-directory";

export const REVIEW_DECISIONS = ["approve", "changes", "reject"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
const STATUS = { approve: "approved", changes: "changes-requested", reject: "rejected" } as const;

export type ReviewResult =
  | { ok: true; status: string }
  | { ok: false; status: 403 | 404 | 409 | 422; field?: string; message: string };

export async function reviewOfficialPost(options: {
  db: Db;
  actor: SignedInUser;
  postId: string;
  decision: ReviewDecision;
  comment?: string;
  baseUrl: string;
  asOf?: Date;
}): Promise<ReviewResult> {
  const { db, actor } = options;
  const asOf = options.asOf ?? new Date();
  if (options.decision !== "approve" && !options.comment)
    return {
      ok: false,
      status: 422,
      field: "comment",
      message: "Say what should change, or why it is rejected",
    };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ post: officialPosts, schoolId: officialAccounts.schoolId })
      .from(officialPosts)
      .innerJoin(officialAccounts, eq(officialAccounts.id, officialPosts.accountId))
      .where(eq(officialPosts.id, options.postId))
      .for("update", { of: officialPosts });
    if (!row || !mayApproveFor(actor.roles, row.schoolId))
      return { ok: false as const, status: 404 as const, message: "No such draft." };
    if (row.post.authorId === actor.id)
      return {
        ok: false as const,
        status: 403 as const,
        message: "You cannot approve your own draft: another leader of the school must review it.",
      };
    if (row.post.status !== "awaiting-approval")
      return { ok: false as const, status: 409 as const, message: "This draft is not waiting for approval." };
    const status = STATUS[options.decision];
    await tx
      .update(officialPosts)
      .set({
        status,
        reviewerId: actor.id,
        reviewComment: options.comment ?? null,
        reviewedAt: asOf,
        approvedText: options.decision === "approve" ? row.post.text : null,
        updatedAt: asOf,
      })
      .where(eq(officialPosts.id, row.post.id));
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: `official-post.${status}`,
      subjectType: "official_post",
      subjectId: row.post.id,
      personId: row.post.authorId,
      schoolId: row.schoolId,
      detail: { verdict: row.post.check.verdict },
    });
    const author = await personFacts(tx, row.post.authorId);
    const link = `${options.baseUrl}/official-posts/${row.post.id}`;
    const subject = {
      approved: "Your post for an official account was approved",
      "changes-requested": "Changes were asked for on your post for an official account",
      rejected: "Your post for an official account was not approved",
    }[status];
    if (author)
      await notify(tx, {
        userId: author.id,
        kind: `official-post.${status}`,
        to: author.active ? author.email : "",
        subject,
        text: `A leader has reviewed your draft post. Sign in to see it: ${link}`,
        link,
      });
    return { ok: true as const, status };
  });
}
