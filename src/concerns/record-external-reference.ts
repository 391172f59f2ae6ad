// A school that keeps child-protection records in CPOMS or MyConcern marks a concern "recorded
// there" with its reference, so Conduct holds the social media part without becoming a second file.
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadCaseAccess } from "./case-access";
import { concernEntries, concerns } from "./schema";

export const EXTERNAL_SYSTEMS = ["CPOMS", "MyConcern"] as const;

export async function recordExternalReference(
  db: Db,
  user: SignedInUser,
  concernId: string,
  input: { system: string; reference: string },
  asOf = new Date(),
) {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false as const, status: 404 as const, errors: { form: "There is no such case." } };
  if (found.access.level !== "full")
    return {
      ok: false as const,
      status: 403 as const,
      errors: { form: "You do not have access to this case." },
    };
  const system = input.system as (typeof EXTERNAL_SYSTEMS)[number];
  const reference = (input.reference ?? "").trim();
  const errors: Record<string, string> = {};
  if (!EXTERNAL_SYSTEMS.includes(system)) errors.system = "Choose CPOMS or MyConcern.";
  if (!reference || reference.length > 100 || /[\u0000-\u001f]/.test(reference))
    errors.reference = "Give the reference it has there (up to 100 characters).";
  if (Object.keys(errors).length > 0) return { ok: false as const, status: 400 as const, errors };
  await db.transaction(async (tx) => {
    await tx
      .update(concerns)
      .set({ externalSystem: system, externalReference: reference })
      .where(eq(concerns.id, concernId));
    await tx.insert(concernEntries).values({
      concernId,
      kind: "external-record",
      authorId: user.id,
      authorLabel: user.name,
      at: asOf,
      text: `Recorded in ${system}, reference ${reference}.`,
    });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "concern.recorded-externally",
      subjectType: "concern",
      subjectId: concernId,
      schoolId: found.concern.schoolId,
      detail: { system },
    });
  });
  return { ok: true as const };
}
