// A member of staff with a live grant drafts a post for an official account (5.1), or revises one
// a leader sent back. The draft runs through the post check in the official context, so personal
// matters on a school account (5.4, 8.2.1) are findings the approver sees.
import { eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { findStaffSchool } from "../core/people/find-staff-school";
import { schools } from "../core/people/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { runPostCheck } from "../posts/run-post-check";
import { findLiveGrant } from "./find-live-grant";
import { GRANT_STATE_LABELS } from "./grant-state";
import { officialAccounts, officialPosts, type StoredCheck } from "./schema";
import { describeGranters, whoCanGrant } from "./who-can-grant";

export const MAX_ALT_TEXTS = 10;

export type DraftInput = { text: string; plannedAt: Date; altTexts: string[] };

export type DraftResult =
  | { ok: true; id: string; check: StoredCheck }
  | { ok: false; status: 403 | 404 | 409 | 422; field?: string; message: string };

export async function draftOfficialPost(options: {
  db: Db;
  actor: SignedInUser;
  accountId: string;
  /** Set to revise a draft sent back for changes. */
  postId?: string;
  input: DraftInput;
  baseUrl: string;
  asOf?: Date;
}): Promise<DraftResult> {
  const { db, actor, input } = options;
  const asOf = options.asOf ?? new Date();
  const today = calendarDateAt(asOf, defaultTimeZone);
  const [account] = await db
    .select()
    .from(officialAccounts)
    .where(eq(officialAccounts.id, options.accountId));
  if (!account) return { ok: false, status: 404, message: "No such account." };
  const live = await findLiveGrant(db, actor.id, account.id, today);
  if (!live.ok) {
    const granters = describeGranters(await whoCanGrant(db, account.schoolId), account.schoolId);
    const why =
      live.state === "none"
        ? `You do not have permission to post on ${account.handle}`
        : `Your permission to post on ${account.handle} has ended (${GRANT_STATE_LABELS[live.state].toLowerCase()})`;
    return {
      ok: false,
      status: 403,
      message: `${why}. Clause 5.1: staff must be given explicit permission by a school leader. Who can give it: ${granters}.`,
    };
  }
  if (account.status !== "active")
    return {
      ok: false,
      status: 422,
      message: `${account.handle} is ${account.status}: nothing can be posted on it.`,
    };
  if (input.plannedAt.getTime() < asOf.getTime() - 60_000)
    return { ok: false, status: 422, field: "plannedAt", message: "The planned time must be in the future" };

  // A trust account's post is checked against the author's own school roster.
  let schoolSlug: string | null = null;
  if (account.schoolId) {
    const [s] = await db.select({ slug: schools.slug }).from(schools).where(eq(schools.id, account.schoolId));
    schoolSlug = s?.slug ?? null;
  } else {
    const own = await findStaffSchool({ db, user: actor });
    if (own) {
      const [s] = await db.select({ slug: schools.slug }).from(schools).where(eq(schools.id, own.id));
      schoolSlug = s?.slug ?? null;
    }
    if (!schoolSlug) {
      const [first] = await db.select({ slug: schools.slug }).from(schools).orderBy(schools.name).limit(1);
      schoolSlug = first?.slug ?? null;
    }
  }
  if (!schoolSlug)
    return { ok: false, status: 422, message: "No school is set up to check the post against." };
  const checked = await runPostCheck({
    db,
    userId: actor.id,
    schoolSlug,
    context: "official",
    text: input.text,
  });
  if (!checked.ok)
    return {
      ok: false,
      status: 422,
      field: checked.field === "text" ? "text" : undefined,
      message: checked.message,
    };
  const check: StoredCheck = {
    verdict: checked.result.verdict,
    rulesVersion: checked.result.rulesVersion,
    policyVersion: checked.result.policyVersion,
    findings: checked.result.findings.map((f) => ({
      clause: f.clause,
      severity: f.severity,
      start: f.start,
      end: f.end,
      excerpt: f.excerpt,
      explanation: f.explanation,
      suggestion: f.suggestion,
    })),
  };

  return db.transaction(async (tx) => {
    let id: string;
    if (options.postId) {
      const [before] = await tx
        .select()
        .from(officialPosts)
        .where(eq(officialPosts.id, options.postId))
        .for("update");
      if (!before || before.authorId !== actor.id || before.accountId !== account.id)
        return { ok: false as const, status: 404 as const, message: "No such draft." };
      if (before.status !== "changes-requested")
        return {
          ok: false as const,
          status: 409 as const,
          message: "Only a draft sent back for changes can be revised.",
        };
      await tx
        .update(officialPosts)
        .set({ ...input, check, grantId: live.grant.id, status: "awaiting-approval", updatedAt: asOf })
        .where(eq(officialPosts.id, before.id));
      id = before.id;
    } else {
      const [row] = await tx
        .insert(officialPosts)
        .values({ ...input, check, accountId: account.id, authorId: actor.id, grantId: live.grant.id })
        .returning({ id: officialPosts.id });
      id = row!.id;
    }
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: options.postId ? "official-post.revised" : "official-post.drafted",
      subjectType: "official_post",
      subjectId: id,
      personId: actor.id,
      schoolId: account.schoolId,
      detail: {
        accountId: account.id,
        verdict: check.verdict,
        clauses: [...new Set(check.findings.map((f) => f.clause))],
      },
    });
    const link = `${options.baseUrl}/official-posts/${id}`;
    for (const leader of await whoCanGrant(tx, account.schoolId))
      if (leader.id !== actor.id)
        await notify(tx, {
          userId: leader.id,
          kind: "official-post.awaiting-approval",
          // In-app only: the home page lists drafts to approve, so no email per draft.
          to: "",
          subject: "A post for an official account is waiting for approval",
          text: `A draft post for an official account is waiting for your approval: ${link}`,
          link,
        });
    return { ok: true as const, id, check };
  });
}
