// The trust's settings for cases: who manages an allegation about a principal (the chair of
// governors, or the trust's chief executive) and their email, deadlines in school days, the normal
// retirement age for retention, and each school's named person for low-level concerns.
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadTrust } from "../core/people/load-trust";
import type { ConcernSettings } from "./load-concern-settings";
import { concernSettings } from "./schema";

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export async function saveConcernSettings(
  db: Db,
  user: SignedInUser,
  form: Record<string, string>,
  current: ConcernSettings,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const manager = form.principalCaseManager === "chief-executive" ? "chief-executive" : "chair";
  const email = (k: string) => {
    const v = (form[k] ?? "").trim();
    if (v && (v.length > 320 || !EMAIL.test(v)))
      errors[k] = "Give an email address like name@trust.example.org, or leave it blank.";
    return v || null;
  };
  const text = (k: string) => (form[k] ?? "").trim().slice(0, 200) || null;
  const whole = (k: string, min: number, max: number, fallback: number) => {
    const raw = (form[k] ?? "").trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors[k] = `Give a whole number from ${min} to ${max}.`;
    return n;
  };
  const values = {
    principalCaseManager: manager as "chair" | "chief-executive",
    chairName: text("chairName"),
    chairEmail: email("chairEmail"),
    chiefExecutiveName: text("chiefExecutiveName"),
    chiefExecutiveEmail: email("chiefExecutiveEmail"),
    startWithinSchoolDays: whole("startWithinSchoolDays", 0, 20, current.startWithinSchoolDays),
    finishWithinSchoolDays: whole("finishWithinSchoolDays", 1, 200, current.finishWithinSchoolDays),
    normalRetirementAge: whole("normalRetirementAge", 55, 75, current.normalRetirementAge),
  };
  if (manager === "chair" && !values.chairEmail)
    errors.chairEmail = "Give the chair of governors' email: allegations about a principal go there.";
  if (manager === "chief-executive" && !values.chiefExecutiveEmail)
    errors.chiefExecutiveEmail = "Give the chief executive's email: allegations about a principal go there.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const trust = await loadTrust(db);
  if (!trust) return { ok: false, errors: { form: "Set up the trust first." } };
  await db.transaction(async (tx) => {
    await tx
      .insert(concernSettings)
      .values({ trustId: trust.id, ...values, lowLevelRecipients: current.lowLevelRecipients })
      .onConflictDoUpdate({
        target: concernSettings.trustId,
        set: { ...values, lowLevelRecipients: current.lowLevelRecipients, updatedAt: new Date() },
      });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "concern-settings.saved",
      subjectType: "concern-settings",
      subjectId: trust.id,
      detail: { principalCaseManager: manager },
    });
  });
  return { ok: true };
}
