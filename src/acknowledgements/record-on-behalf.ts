// A leader records an acknowledgement for someone (a volunteer without an account, a signed paper
// form), with the reason and, optionally, the scanned form. Shown as recorded on their behalf.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { can } from "../platform/auth/permissions";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { acknowledgementAssignments, acknowledgementForms, acknowledgements } from "./schema";

export const MAX_FORM_BYTES = 10 * 1024 * 1024;
const FORM_TYPES = ["application/pdf", "image/png", "image/jpeg"];

export type OnBehalfResult =
  | { ok: true }
  | { ok: false; field: "assignment" | "reason" | "form"; message: string };

export async function recordOnBehalf(options: {
  db: Db;
  leader: SignedInUser;
  assignmentId: string;
  reason: string;
  form?: { fileName: string; mimeType: string; bytes: Buffer } | null;
  asOf?: Date;
}): Promise<OnBehalfResult> {
  const { db, leader } = options;
  const at = options.asOf ?? new Date();
  const reason = options.reason.trim();
  if (!reason || reason.length > 500)
    return {
      ok: false,
      field: "reason",
      message: "Say why you are recording this for them (up to 500 characters).",
    };
  if (options.form) {
    if (options.form.bytes.length > MAX_FORM_BYTES)
      return { ok: false, field: "form", message: "The scanned form must be 10 MB or smaller." };
    if (!FORM_TYPES.includes(options.form.mimeType))
      return { ok: false, field: "form", message: "The scanned form must be a PDF, PNG or JPEG." };
  }
  const [assignment] = await db
    .select()
    .from(acknowledgementAssignments)
    .where(eq(acknowledgementAssignments.id, options.assignmentId));
  // A leader of one school records only for their own school's staff.
  if (!assignment?.schoolId || !can(leader, "acknowledgement.manage", { schoolId: assignment.schoolId }))
    return {
      ok: false,
      field: "assignment",
      message: "There is no such acknowledgement to record at your school.",
    };
  if (assignment.status !== "open" || assignment.scope === "pending")
    return { ok: false, field: "assignment", message: "This acknowledgement is not waiting to be made." };
  await db.transaction(async (tx) => {
    let formId: string | null = null;
    if (options.form) {
      const [row] = await tx
        .insert(acknowledgementForms)
        .values({
          fileName: options.form.fileName.slice(0, 200),
          mimeType: options.form.mimeType,
          bytes: options.form.bytes,
          sha256: createHash("sha256").update(options.form.bytes).digest("hex"),
          uploadedByUserId: leader.id,
        })
        .returning({ id: acknowledgementForms.id });
      formId = row!.id;
    }
    await tx.insert(acknowledgements).values({
      assignmentId: assignment.id,
      versionId: assignment.versionId,
      clauseIds: assignment.clauseIds,
      acknowledgedAt: at,
      onBehalfByUserId: leader.id,
      onBehalfReason: reason,
      formId,
    });
    await tx
      .update(acknowledgementAssignments)
      .set({ status: "done", completedAt: at })
      .where(eq(acknowledgementAssignments.id, assignment.id));
    await recordAuditEvent(tx, {
      actor: { id: leader.id, label: leader.email },
      action: "acknowledgement.recorded-on-behalf",
      subjectType: "acknowledgement-assignment",
      subjectId: assignment.id,
      personId: assignment.staffId,
      schoolId: assignment.schoolId,
      detail: { withForm: formId !== null },
    });
  });
  return { ok: true };
}
