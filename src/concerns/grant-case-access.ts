// Those a case was routed to add people by name (by their work email): a deputy, HR, or the
// investigator of an allegation (3.1.3). Never the person the case is about, nor their line manager:
// the same rule as caseAccess, asked of the person being added.
import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { users } from "../platform/auth/schema";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { loadCaseAccess, mayBeGranted } from "./case-access";
import { CATEGORY_LABELS } from "./concern-kinds";
import { concernAccess, concernEntries, concerns } from "./schema";

export type GrantCaseAccessResult =
  | { ok: true; name: string }
  | { ok: false; status: 400 | 403 | 404; errors: Record<string, string> };

export async function grantCaseAccess(
  db: Db,
  baseUrl: string,
  user: SignedInUser,
  concernId: string,
  input: { email: string; asInvestigator?: boolean },
  asOf = new Date(),
): Promise<GrantCaseAccessResult> {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false, status: 404, errors: { form: "There is no such case." } };
  if (found.access.level !== "full")
    return { ok: false, status: 403, errors: { form: "You do not have access to this case." } };
  const email = (input.email ?? "").trim().toLowerCase().slice(0, 320);
  const [person] = email
    ? await db
        .select({ id: users.id, name: users.name, email: users.email, staffId: users.staffId })
        .from(users)
        .where(and(eq(sql`lower(${users.email})`, email), eq(users.active, true)))
    : [];
  if (!person)
    return {
      ok: false,
      status: 400,
      errors: { email: "There is no active Conduct account with that email address." },
    };
  if (!(await mayBeGranted(db, person, found.concern)))
    return {
      ok: false,
      status: 400,
      errors: { email: "That person cannot be added: the case is about them or someone they line-manage." },
    };
  const reason = input.asInvestigator ? ("investigator" as const) : ("added" as const);
  await db.transaction(async (tx) => {
    await tx
      .insert(concernAccess)
      .values({ concernId, userId: person.id, reason, addedBy: user.id, addedAt: asOf })
      .onConflictDoUpdate({ target: [concernAccess.concernId, concernAccess.userId], set: { reason } });
    if (input.asInvestigator)
      await tx.update(concerns).set({ investigatorId: person.id }).where(eq(concerns.id, concernId));
    await tx.insert(concernEntries).values({
      concernId,
      kind: input.asInvestigator ? "investigator" : "access-granted",
      authorId: user.id,
      authorLabel: user.name,
      at: asOf,
      text: input.asInvestigator
        ? `${person.name} appointed as investigator.`
        : `${person.name} given access to the case.`,
    });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "concern.access-granted",
      subjectType: "concern",
      subjectId: concernId,
      schoolId: found.concern.schoolId,
      detail: { userId: person.id, reason },
    });
    await notify(tx, {
      userId: person.id,
      kind: "concerns.access-granted",
      link: `/concerns/${concernId}`,
      to: person.email,
      subject: "You have been added to a case",
      text: `You have been added to a case (a ${CATEGORY_LABELS[found.concern.category]}).\n\nSign in to read it: ${baseUrl}/concerns/${concernId}\n`,
    });
  });
  return { ok: true, name: person.name };
}
