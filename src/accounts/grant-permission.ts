// A school leader gives a named member of staff explicit permission to post on a named account
// (clause 5.1): scope, expiry and reason. Only leaders of the account's school may grant; trust
// administrators for the trust's own accounts.
import { eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { mayGrantFor } from "./grant-state";
import { type GrantScope, officialAccounts, postingGrants } from "./schema";
import { isStaffOf, personFacts } from "./staff-directory";
import { describeGranters, whoCanGrant } from "./who-can-grant";

/** A grant longer than a school year is a standing permission nobody reviews. */
export const MAX_GRANT_DAYS = 400;

export type GrantResult =
  | { ok: true; id: string }
  | { ok: false; status: 403 | 404 | 422; field?: string; message: string };

export async function grantPermission(options: {
  db: Db;
  actor: SignedInUser;
  accountId: string;
  granteeId: string;
  scope: GrantScope;
  expiresOn: string;
  reason: string;
  asOf?: Date;
}): Promise<GrantResult> {
  const { db, actor } = options;
  const today = calendarDateAt(options.asOf ?? new Date(), defaultTimeZone);
  const [account] = await db
    .select()
    .from(officialAccounts)
    .where(eq(officialAccounts.id, options.accountId));
  if (!account) return { ok: false, status: 404, message: "No such account." };
  if (!mayGrantFor(actor.roles, account.schoolId)) {
    const granters = describeGranters(await whoCanGrant(db, account.schoolId), account.schoolId);
    return {
      ok: false,
      status: 403,
      message: `Only ${account.schoolId === null ? "a trust administrator" : "a leader of the account's own school"} can give permission to post on ${account.handle} (clause 5.1). Who can: ${granters}.`,
    };
  }
  if (account.status === "closed")
    return {
      ok: false,
      status: 422,
      message: "This account is closed: nobody can be given permission to post on it.",
    };
  const grantee = await personFacts(db, options.granteeId);
  if (!grantee?.active || !(await isStaffOf(db, grantee.id, account.schoolId)))
    return {
      ok: false,
      status: 422,
      field: "granteeId",
      message: "Choose a member of staff of the account's school",
    };
  if (grantee.leaveDate && grantee.leaveDate <= today)
    return { ok: false, status: 422, field: "granteeId", message: `${grantee.name} has left the school` };
  if (options.expiresOn < today)
    return { ok: false, status: 422, field: "expiresOn", message: "The expiry date must be today or later" };
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_GRANT_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  if (options.expiresOn > latest)
    return {
      ok: false,
      status: 422,
      field: "expiresOn",
      message: `Choose an expiry within ${MAX_GRANT_DAYS} days (by ${latest})`,
    };
  // A leaver's permission ends on their leaving date, whatever the expiry says.
  const expiresOn =
    grantee.leaveDate && grantee.leaveDate < options.expiresOn ? grantee.leaveDate : options.expiresOn;

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(postingGrants)
      .values({
        accountId: account.id,
        granteeId: grantee.id,
        grantedById: actor.id,
        scope: options.scope,
        expiresOn,
        reason: options.reason,
      })
      .returning({ id: postingGrants.id });
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "posting-grant.given",
      subjectType: "posting_grant",
      subjectId: row!.id,
      personId: grantee.id,
      schoolId: account.schoolId,
      detail: { accountId: account.id, scope: options.scope, expiresOn, clause: "5.1" },
    });
    return { ok: true as const, id: row!.id };
  });
}
