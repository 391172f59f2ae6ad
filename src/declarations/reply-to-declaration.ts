// A member of staff answers a leader's request for more information about their own declaration,
// in Conduct. The reply is kept beside the reviews and the declaration goes back to the review
// queue; the leader who asked is told there is a reply (or, if they can no longer review it, the
// school's reviewers), by an email that carries nothing of the declaration or the reply.
import { and, desc, eq } from "drizzle-orm";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { schools } from "../core/people/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can, type RoleAssignment } from "../platform/auth/permissions";
import { roleAssignments, users } from "../platform/auth/schema";
import type { Db, DbOrTx } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import type { Mailer } from "../platform/mail/send-mail";
import { declarationPermissions } from "./permissions";
import { declarationReplies, declarationReviews, declarations } from "./schema";

export const MAX_REPLY_LENGTH = 2000;

export interface ReplyToDeclarationOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  declarer: { id: string; email: string };
  declarationId: string;
  text: string;
  asOf?: Date;
}

export type ReplyToDeclarationResult =
  | { ok: true; notified: number }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string };

export async function replyToDeclaration(
  options: ReplyToDeclarationOptions,
): Promise<ReplyToDeclarationResult> {
  const { db, declarer } = options;
  const asOf = options.asOf ?? new Date();
  const [found] = await db
    .select({
      userId: declarations.userId,
      schoolId: declarations.schoolId,
      status: declarations.status,
      schoolName: schools.name,
    })
    .from(declarations)
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .where(eq(declarations.id, options.declarationId));
  if (!found) return { ok: false, status: 404, message: "There is no such declaration." };
  if (found.userId !== declarer.id)
    return {
      ok: false,
      status: 403,
      message: "Only the member of staff who made a declaration can reply about it.",
    };
  if (found.status !== "more-information-requested")
    return {
      ok: false,
      status: 409,
      message: "No leader is waiting for more information about this declaration.",
    };
  const text = options.text.replace(/\0/g, "").trim();
  if (!text) return { ok: false, status: 400, message: "Write your reply to the leader's question." };
  if (text.length > MAX_REPLY_LENGTH)
    return { ok: false, status: 400, message: `Keep your reply to ${MAX_REPLY_LENGTH} characters.` };

  const link = `/declarations/${options.declarationId}`;
  let notified = 0;
  const replied = await db.transaction(async (tx) => {
    // Only a declaration still waiting for an answer goes back to the queue (two replies at once: one wins).
    const changed = await tx
      .update(declarations)
      .set({ status: "awaiting-review", updatedAt: asOf })
      .where(
        and(
          eq(declarations.id, options.declarationId),
          eq(declarations.status, "more-information-requested"),
        ),
      )
      .returning({ id: declarations.id });
    if (changed.length === 0) return false;
    await tx
      .insert(declarationReplies)
      .values({ declarationId: options.declarationId, authorId: declarer.id, text, createdAt: asOf });
    const recipients = await whoToTell(tx, options.declarationId, found.schoolId, declarer.id);
    for (const r of recipients) {
      // Email is the less private channel: it says only that there is a reply, and where.
      await notify(tx, {
        userId: r.id,
        kind: "declarations.replied",
        link,
        to: r.email,
        subject: "A member of staff has replied about their declaration",
        text:
          `A member of staff at ${found.schoolName} has answered your request for more information about a ` +
          `social media relationship they declared. The declaration is back in the review queue.\n\n` +
          `Read the reply here (sign in first): ${options.baseUrl}${link}\n`,
      });
    }
    notified = recipients.length;
    // The trail keeps that a reply was made and who was told, not the reply's words.
    await recordAuditEvent(tx, {
      actor: { id: declarer.id, label: declarer.email },
      action: "declaration.replied",
      subjectType: "declaration",
      subjectId: options.declarationId,
      personId: declarer.id,
      schoolId: found.schoolId,
      detail: { from: "more-information-requested", to: "awaiting-review", recipients: notified },
    });
    return true;
  });
  if (!replied)
    return {
      ok: false,
      status: 409,
      message: "No leader is waiting for more information about this declaration.",
    };
  if (notified > 0) options.mailer.deliverSoon();
  return { ok: true, notified };
}

/** The leader who asked, while they may still review this school's declarations; else every reviewer. */
async function whoToTell(
  tx: DbOrTx,
  declarationId: string,
  schoolId: string,
  declarerId: string,
): Promise<{ id: string; email: string }[]> {
  const [asked] = await tx
    .select({ id: users.id, email: users.email, active: users.active })
    .from(declarationReviews)
    .innerJoin(users, eq(users.id, declarationReviews.reviewerId))
    .where(
      and(
        eq(declarationReviews.declarationId, declarationId),
        eq(declarationReviews.action, "more-information"),
      ),
    )
    .orderBy(desc(declarationReviews.createdAt))
    .limit(1);
  if (asked?.active && asked.id !== declarerId) {
    const roles: RoleAssignment[] = await tx
      .select({ role: roleAssignments.role, schoolId: roleAssignments.schoolId })
      .from(roleAssignments)
      .where(eq(roleAssignments.userId, asked.id));
    if (can({ roles }, "declarations.review", { schoolId })) return [{ id: asked.id, email: asked.email }];
  }
  const leaders = await findSchoolLeaders({
    db: tx,
    schoolId,
    roles: declarationPermissions["declarations.review"].roles,
  });
  return leaders.filter((l) => l.id !== declarerId);
}
