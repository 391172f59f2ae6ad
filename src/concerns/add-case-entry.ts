// Adds an entry to a case's chronology: a note, an action, a decision (with its reason), a referral
// (LADO, police, children's social care, with date and reference), an interview, a finding, the
// support offered to a member of staff (12.2), or a correction pointing at the entry it corrects.
// Entries are never edited: the database refuses it.
import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadCaseAccess } from "./case-access";
import { MAX_TEXT } from "./report-concern";
import { concernEntries, concerns } from "./schema";

export const ENTRY_KINDS = [
  "note",
  "action",
  "decision",
  "referral",
  "interview",
  "finding",
  "support",
  "correction",
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
const REFERRALS = ["LADO", "police", "childrens-social-care"] as const;

export interface AddCaseEntryInput {
  kind: string;
  text: string;
  reason?: string;
  referralTo?: string;
  referralDate?: string;
  referralReference?: string;
  correctsId?: string;
}

export type AddCaseEntryResult =
  | { ok: true; entryId: string }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: Record<string, string> };

export async function addCaseEntry(
  db: Db,
  user: SignedInUser,
  concernId: string,
  input: AddCaseEntryInput,
  asOf = new Date(),
): Promise<AddCaseEntryResult> {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false, status: 404, errors: { form: "There is no such case." } };
  if (found.access.level !== "full")
    return { ok: false, status: 403, errors: { form: "You do not have access to this case." } };
  const errors: Record<string, string> = {};
  const kind = input.kind as EntryKind;
  if (!ENTRY_KINDS.includes(kind)) errors.kind = "Choose what kind of entry this is.";
  const text = (input.text ?? "").trim();
  if (!text) errors.text = "Write the entry.";
  else if (text.length > MAX_TEXT || /\u0000/.test(text))
    errors.text = `Keep the entry to ${MAX_TEXT} characters of text.`;
  const reason = input.reason?.trim() || null;
  if (kind === "decision" && !reason) errors.reason = "Give the reason for the decision.";
  if (reason && reason.length > MAX_TEXT) errors.reason = `Keep the reason to ${MAX_TEXT} characters.`;
  let referral: { to: (typeof REFERRALS)[number]; date: string; reference: string | null } | null = null;
  if (kind === "referral") {
    const to = input.referralTo as (typeof REFERRALS)[number];
    if (!REFERRALS.includes(to)) errors.referralTo = "Choose whom it was referred to.";
    const date = input.referralDate?.trim() ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      errors.referralDate = "Give the date of the referral, like 2026-11-30.";
    const reference = input.referralReference?.trim().slice(0, 200) || null;
    referral = { to, date, reference };
  }
  let correctsId: string | null = null;
  if (kind === "correction") {
    const [target] =
      input.correctsId && /^[0-9a-f-]{36}$/i.test(input.correctsId)
        ? await db
            .select({ id: concernEntries.id })
            .from(concernEntries)
            .where(and(eq(concernEntries.id, input.correctsId), eq(concernEntries.concernId, concernId)))
        : [];
    if (!target) errors.correctsId = "Choose the entry of this case that you are correcting.";
    correctsId = target?.id ?? null;
  }
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };

  const entryId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(concernEntries)
      .values({
        concernId,
        kind,
        authorId: user.id,
        authorLabel: user.name,
        at: asOf,
        text,
        reason,
        referralTo: referral?.to ?? null,
        referralDate: referral?.date ?? null,
        referralReference: referral?.reference ?? null,
        correctsId,
      })
      .returning({ id: concernEntries.id });
    // The first thing done about a case, for "time to first action".
    await tx
      .update(concerns)
      .set({ firstActionAt: asOf })
      .where(and(eq(concerns.id, concernId), isNull(concerns.firstActionAt)));
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "concern.entry-added",
      subjectType: "concern",
      subjectId: concernId,
      schoolId: found.concern.schoolId,
      detail: { kind, corrects: correctsId },
    });
    return row!.id;
  });
  return { ok: true, entryId };
}
