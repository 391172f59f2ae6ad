// After approval, the post goes out on the platform (by hand: Conduct does not post) and is marked
// published with its link: by its author when their grant allows publishing, else by a leader.
import { eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { findLiveGrant } from "./find-live-grant";
import { mayApproveFor } from "./grant-state";
import { officialAccounts, officialPosts } from "./schema";

export type PublicationResult =
  | { ok: true }
  | { ok: false; status: 403 | 404 | 409 | 422; field?: string; message: string };

export async function recordPublication(options: {
  db: Db;
  actor: SignedInUser;
  postId: string;
  url: string;
  asOf?: Date;
}): Promise<PublicationResult> {
  const { db, actor } = options;
  const asOf = options.asOf ?? new Date();
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    return { ok: false, status: 422, field: "url", message: "Enter the post's link, starting https://" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return { ok: false, status: 422, field: "url", message: "Enter the post's link, starting https://" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ post: officialPosts, schoolId: officialAccounts.schoolId })
      .from(officialPosts)
      .innerJoin(officialAccounts, eq(officialAccounts.id, officialPosts.accountId))
      .where(eq(officialPosts.id, options.postId))
      .for("update", { of: officialPosts });
    if (!row) return { ok: false as const, status: 404 as const, message: "No such post." };
    const leader = mayApproveFor(actor.roles, row.schoolId);
    let allowed = leader;
    if (!allowed && row.post.authorId === actor.id) {
      const live = await findLiveGrant(
        tx,
        actor.id,
        row.post.accountId,
        calendarDateAt(asOf, defaultTimeZone),
      );
      allowed = live.ok && live.grant.scope === "draft-and-publish";
      if (!allowed)
        return {
          ok: false as const,
          status: 403 as const,
          message:
            "Your permission is to draft only (clause 5.1): a leader of the school publishes it and records the link.",
        };
    }
    if (!allowed) return { ok: false as const, status: 404 as const, message: "No such post." };
    if (row.post.status !== "approved")
      return {
        ok: false as const,
        status: 409 as const,
        message: "Only an approved post can be marked published.",
      };
    await tx
      .update(officialPosts)
      .set({
        status: "published",
        publishedUrl: parsed.href,
        publishedAt: asOf,
        publishedById: actor.id,
        updatedAt: asOf,
      })
      .where(eq(officialPosts.id, row.post.id));
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "official-post.published",
      subjectType: "official_post",
      subjectId: row.post.id,
      personId: row.post.authorId,
      schoolId: row.schoolId,
      detail: { url: parsed.href },
    });
    return { ok: true as const };
  });
}
