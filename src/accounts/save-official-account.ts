// Adds an official account to the register, or changes one (5.3): its platform, handle, link,
// purpose, owner, the school login it is held on, MFA and recovery contacts, and status.
import { and, eq, ne, sql } from "drizzle-orm";
import type { SignedInUser } from "../platform/auth/sessions";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { reaches } from "./account-scope";
import { checkLoginEmail } from "./check-login-email";
import { type AccountStatus, accountSettings, officialAccounts } from "./schema";
import { isStaffOf, personFacts } from "./staff-directory";

export type AccountValues = {
  schoolId: string | null;
  platform: string;
  handle: string;
  link: string;
  purpose: string;
  ownerId: string;
  loginEmail: string;
  mfaEnabled: boolean;
  recoveryContacts: string;
  status: AccountStatus;
};

export type SaveAccountResult =
  | { ok: true; id: string }
  | { ok: false; status: 403 | 404 | 422; field?: keyof AccountValues; message: string };

export async function loadTrustDomains(db: Db): Promise<string[]> {
  const [row] = await db.select().from(accountSettings).where(eq(accountSettings.id, "trust"));
  return row?.schoolEmailDomains ?? [];
}

export async function saveOfficialAccount(options: {
  db: Db;
  actor: SignedInUser;
  accountId?: string;
  values: AccountValues;
}): Promise<SaveAccountResult> {
  const { db, actor, values } = options;
  if (!reaches(actor, "accounts.manage", values.schoolId))
    return {
      ok: false,
      status: 403,
      field: "schoolId",
      message:
        values.schoolId === null
          ? "Only trust-wide roles can register the trust's own accounts."
          : "You can register accounts only for your own school.",
    };
  const owner = await personFacts(db, values.ownerId);
  if (!owner?.active || !(await isStaffOf(db, owner.id, values.schoolId)))
    return {
      ok: false,
      status: 422,
      field: "ownerId",
      message: "Choose the account's owner from the staff of the school it belongs to",
    };
  const email = checkLoginEmail({
    loginEmail: values.loginEmail,
    ownerEmail: owner.email,
    trustDomains: await loadTrustDomains(db),
  });
  if (!email.ok) return { ok: false, status: 422, field: "loginEmail", message: email.message };

  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: officialAccounts.id })
      .from(officialAccounts)
      .where(
        and(
          sql`lower(${officialAccounts.platform}) = lower(${values.platform})`,
          sql`lower(${officialAccounts.handle}) = lower(${values.handle})`,
          options.accountId ? ne(officialAccounts.id, options.accountId) : undefined,
        ),
      );
    if (clash)
      return {
        ok: false as const,
        status: 422 as const,
        field: "handle" as const,
        message: `${values.handle} on ${values.platform} is already in the register`,
      };
    if (!options.accountId) {
      const [row] = await tx.insert(officialAccounts).values(values).returning({ id: officialAccounts.id });
      await recordAuditEvent(tx, {
        actor: { id: actor.id, label: actor.email },
        action: "official-account.registered",
        subjectType: "official_account",
        subjectId: row!.id,
        personId: values.ownerId,
        schoolId: values.schoolId,
        detail: {
          platform: values.platform,
          handle: values.handle,
          status: values.status,
          mfa: values.mfaEnabled,
        },
      });
      return { ok: true as const, id: row!.id };
    }
    const [before] = await tx
      .select()
      .from(officialAccounts)
      .where(eq(officialAccounts.id, options.accountId));
    if (!before || !reaches(actor, "accounts.manage", before.schoolId))
      return { ok: false as const, status: 404 as const, message: "No such account." };
    const changed = (Object.keys(values) as (keyof AccountValues)[]).filter((k) => before[k] !== values[k]);
    await tx
      .update(officialAccounts)
      .set({
        ...values,
        // A new owner has taken the account over: the handover is done.
        handoverFlaggedAt: values.ownerId !== before.ownerId ? null : before.handoverFlaggedAt,
        updatedAt: new Date(),
      })
      .where(eq(officialAccounts.id, before.id));
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "official-account.changed",
      subjectType: "official_account",
      subjectId: before.id,
      personId: values.ownerId,
      schoolId: values.schoolId,
      detail: { changed },
    });
    return { ok: true as const, id: before.id };
  });
}
