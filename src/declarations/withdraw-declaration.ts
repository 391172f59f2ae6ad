// A member of staff withdraws their own declaration (the relationship has ended, or it was made in
// error), saying why. Nothing is deleted: the declaration stays in their history and in leaders'
// register, shown as withdrawn with the reason.
import { and, eq, notInArray } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { declarations } from "./schema";

export const MAX_WITHDRAW_REASON_LENGTH = 1000;
// A concern is handled as a concern; a withdrawn or replaced declaration is already closed.
const CLOSED = ["concern-opened", "withdrawn", "superseded"] as const;

export interface WithdrawDeclarationOptions {
  db: Db;
  declarer: { id: string; email: string };
  declarationId: string;
  reason: string;
  asOf?: Date;
}

export type WithdrawDeclarationResult =
  | { ok: true }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string };

export async function withdrawDeclaration(
  options: WithdrawDeclarationOptions,
): Promise<WithdrawDeclarationResult> {
  const { db, declarer } = options;
  const asOf = options.asOf ?? new Date();
  const [found] = await db
    .select({ userId: declarations.userId, schoolId: declarations.schoolId, status: declarations.status })
    .from(declarations)
    .where(eq(declarations.id, options.declarationId));
  if (!found) return { ok: false, status: 404, message: "There is no such declaration." };
  if (found.userId !== declarer.id)
    return {
      ok: false,
      status: 403,
      message: "Only the member of staff who made a declaration can withdraw it.",
    };
  if ((CLOSED as readonly string[]).includes(found.status))
    return {
      ok: false,
      status: 409,
      message:
        found.status === "concern-opened"
          ? "A concern has been opened about this declaration, so it cannot be withdrawn; speak to your designated safeguarding lead."
          : "This declaration is already closed.",
    };
  const reason = options.reason.replace(/\0/g, "").trim();
  if (!reason) return { ok: false, status: 400, message: "Say why you are withdrawing the declaration." };
  if (reason.length > MAX_WITHDRAW_REASON_LENGTH)
    return {
      ok: false,
      status: 400,
      message: `Keep the reason to ${MAX_WITHDRAW_REASON_LENGTH} characters.`,
    };
  await db.transaction(async (tx) => {
    const changed = await tx
      .update(declarations)
      .set({ status: "withdrawn", withdrawnReason: reason, withdrawnAt: asOf, updatedAt: asOf })
      .where(and(eq(declarations.id, options.declarationId), notInArray(declarations.status, [...CLOSED])))
      .returning({ id: declarations.id });
    if (changed.length === 0) return;
    // The trail keeps that it was withdrawn and from what, not the reason's words.
    await recordAuditEvent(tx, {
      actor: { id: declarer.id, label: declarer.email },
      action: "declaration.withdrawn",
      subjectType: "declaration",
      subjectId: options.declarationId,
      personId: declarer.id,
      schoolId: found.schoolId,
      detail: { from: found.status },
    });
  });
  return { ok: true };
}
