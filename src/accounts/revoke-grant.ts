// A leader who may grant on the account takes a permission to post away (5.1).
import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { mayGrantFor } from "./grant-state";
import { officialAccounts, postingGrants } from "./schema";

export type RevokeResult =
  | { ok: true; accountId: string }
  | { ok: false; status: 403 | 404 | 409; message: string };

export async function revokeGrant(options: {
  db: Db;
  actor: SignedInUser;
  grantId: string;
  asOf?: Date;
}): Promise<RevokeResult> {
  const { db, actor } = options;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ grant: postingGrants, schoolId: officialAccounts.schoolId })
      .from(postingGrants)
      .innerJoin(officialAccounts, eq(officialAccounts.id, postingGrants.accountId))
      .where(eq(postingGrants.id, options.grantId))
      .for("update");
    if (!row) return { ok: false as const, status: 404 as const, message: "No such permission." };
    if (!mayGrantFor(actor.roles, row.schoolId))
      return {
        ok: false as const,
        status: 403 as const,
        message: "Only a leader who can grant permission on this account can revoke it (clause 5.1).",
      };
    const [ended] = await tx
      .update(postingGrants)
      .set({ endedAt: options.asOf ?? new Date(), endReason: "revoked", endedById: actor.id })
      .where(and(eq(postingGrants.id, row.grant.id), isNull(postingGrants.endedAt)))
      .returning({ id: postingGrants.id });
    if (!ended)
      return { ok: false as const, status: 409 as const, message: "This permission has already ended." };
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "posting-grant.revoked",
      subjectType: "posting_grant",
      subjectId: row.grant.id,
      personId: row.grant.granteeId,
      schoolId: row.schoolId,
      detail: { accountId: row.grant.accountId },
    });
    return { ok: true as const, accountId: row.grant.accountId };
  });
}
