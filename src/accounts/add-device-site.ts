// A school records a site it makes available on its devices (8.6.3), with who decided and why.
import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { reaches } from "./account-scope";
import type { RegisterResult } from "./add-sanctioned-platform";
import { deviceSites } from "./schema";

export async function addDeviceSite(options: {
  db: Db;
  actor: SignedInUser;
  schoolId: string;
  site: string;
  decidedBy: string;
  reason: string;
  decidedOn: string;
}): Promise<RegisterResult> {
  const { db, actor } = options;
  if (!reaches(actor, "accounts.manage", options.schoolId))
    return {
      ok: false,
      status: 403,
      field: "schoolId",
      message: "You can change the register only for your own school.",
    };
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: deviceSites.id })
      .from(deviceSites)
      .where(
        and(
          eq(deviceSites.schoolId, options.schoolId),
          sql`lower(${deviceSites.site}) = lower(${options.site})`,
        ),
      );
    if (clash)
      return {
        ok: false as const,
        status: 422 as const,
        field: "site",
        message: `${options.site} is already in the register`,
      };
    const [row] = await tx
      .insert(deviceSites)
      .values({
        schoolId: options.schoolId,
        site: options.site,
        decidedBy: options.decidedBy,
        reason: options.reason,
        decidedOn: options.decidedOn,
        recordedById: actor.id,
      })
      .returning({ id: deviceSites.id });
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "device-site.added",
      subjectType: "device_site",
      subjectId: row!.id,
      schoolId: options.schoolId,
      detail: { site: options.site, clause: "8.6.3" },
    });
    return { ok: true as const, id: row!.id };
  });
}
