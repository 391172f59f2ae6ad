// A leader of the declarer's school reviews a declaration: acknowledges it, asks the member of
// staff for more information, or opens a concern (action "concern", status "concern-opened"), which
// the concerns capability's published openConcernFromDeclaration routes, in the same transaction.
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { notify } from "../platform/mail/queue-mail";
import { schools } from "../core/people/schema";
import { can, type RoleAssignment } from "../platform/auth/permissions";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import type { Mailer } from "../platform/mail/send-mail";
import { openConcernFromDeclaration } from "../concerns/open-concern-from-declaration";
import { type DECLARATION_STATUSES, declarationReviews, declarations, REVIEW_ACTIONS } from "./schema";

export const reviewActions = REVIEW_ACTIONS;
export type ReviewAction = (typeof reviewActions)[number];

const statusAfter: Record<ReviewAction, (typeof DECLARATION_STATUSES)[number]> = {
  noted: "noted",
  "more-information": "more-information-requested",
  concern: "concern-opened",
};

export interface ReviewDeclarationOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  reviewer: { id: string; email: string; roles: readonly RoleAssignment[] };
  declarationId: string;
  action: string;
  note?: string;
  asOf?: Date;
}

export type ReviewDeclarationResult =
  | { ok: true; status: string }
  | { ok: false; status: 400 | 403 | 404 | 409; field?: "action" | "note"; message: string };

export const MAX_REVIEW_NOTE_LENGTH = 2000;

export async function reviewDeclaration(options: ReviewDeclarationOptions): Promise<ReviewDeclarationResult> {
  const { db, reviewer } = options;
  const asOf = options.asOf ?? new Date();
  const [found] = await db
    .select({
      id: declarations.id,
      userId: declarations.userId,
      schoolId: declarations.schoolId,
      status: declarations.status,
      declarerEmail: users.email,
      declarerStaffId: users.staffId,
      declarerName: users.name,
      schoolName: schools.name,
      schoolTimeZone: schools.timeZone,
    })
    .from(declarations)
    .innerJoin(users, eq(users.id, declarations.userId))
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .where(eq(declarations.id, options.declarationId))
    .limit(1);
  if (!found) return { ok: false, status: 404, message: "There is no such declaration." };
  if (!can(reviewer, "declarations.review", { schoolId: found.schoolId })) {
    return {
      ok: false,
      status: 403,
      message: "Only leaders of the declarer's school can review this declaration.",
    };
  }
  // A leader's own declaration is reviewed by another leader, never by themselves.
  if (found.userId === reviewer.id) {
    return {
      ok: false,
      status: 403,
      message: "You cannot review your own declaration; another leader of your school will.",
    };
  }
  if (found.status === "concern-opened") {
    return {
      ok: false,
      status: 409,
      message: "A concern has already been opened about this declaration; it is handled as a concern now.",
    };
  }
  const action = options.action as ReviewAction;
  if (!reviewActions.includes(action)) {
    return { ok: false, status: 400, field: "action", message: "Choose what to do with this declaration." };
  }
  const note = options.note?.trim() || null;
  if (note && note.length > MAX_REVIEW_NOTE_LENGTH) {
    return {
      ok: false,
      status: 400,
      field: "note",
      message: `Keep the note to ${MAX_REVIEW_NOTE_LENGTH} characters.`,
    };
  }
  if (action !== "noted" && !note) {
    return {
      ok: false,
      status: 400,
      field: "note",
      message:
        action === "more-information"
          ? "Say what more information you need from the member of staff."
          : "Say briefly why you are opening a concern, for whoever investigates it.",
    };
  }

  const status = statusAfter[action];
  let concernProblem: string | null = null;
  await db
    .transaction(async (tx) => {
      await tx.insert(declarationReviews).values({
        declarationId: found.id,
        reviewerId: reviewer.id,
        action,
        note,
        createdAt: asOf,
      });
      await tx.update(declarations).set({ status, updatedAt: asOf }).where(eq(declarations.id, found.id));
      await recordAuditEvent(tx, {
        actor: { id: reviewer.id, label: reviewer.email },
        action: action === "concern" ? "declaration.concern-opened" : "declaration.reviewed",
        subjectType: "declaration",
        subjectId: found.id,
        personId: found.userId,
        schoolId: found.schoolId,
        detail: { action, from: found.status, to: status },
      });
      if (action === "concern") {
        const [me] = await tx
          .select({ name: users.name, staffId: users.staffId })
          .from(users)
          .where(eq(users.id, reviewer.id));
        const opened = await openConcernFromDeclaration({
          db: tx,
          baseUrl: options.baseUrl,
          reviewer: {
            id: reviewer.id,
            email: reviewer.email,
            name: me?.name ?? reviewer.email,
            staffId: me?.staffId ?? null,
          },
          school: { id: found.schoolId, name: found.schoolName, timeZone: found.schoolTimeZone },
          declarationId: found.id,
          declarerStaffId: found.declarerStaffId,
          declarer: { id: found.userId, name: found.declarerName, email: found.declarerEmail },
          note: note ?? "",
          asOf,
        });
        if (!opened.ok) {
          // Nothing of the review is kept when the concern cannot be routed.
          concernProblem = Object.values(opened.errors).join(" ");
          tx.rollback();
        }
      }
      if (action === "more-information") {
        // The leader's note stays in Conduct: email is the less private channel.
        await notify(tx, {
          userId: found.userId,
          kind: "declarations.more-information",
          link: `/declarations/${found.id}`,
          to: found.declarerEmail,
          subject: "A leader has asked for more information about your declaration",
          text:
            `A leader at ${found.schoolName} has reviewed a social media relationship you declared and has asked ` +
            `for more information.\n\nRead their question here (sign in first): ${options.baseUrl}/declarations/${found.id}\n`,
        });
      }
    })
    .catch((error: unknown) => {
      if (concernProblem === null) throw error;
    });
  if (concernProblem !== null) return { ok: false, status: 409, field: "action", message: concernProblem };

  if (action === "more-information" || action === "concern") options.mailer.deliverSoon();
  return { ok: true, status };
}
