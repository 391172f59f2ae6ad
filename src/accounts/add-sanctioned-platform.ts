// A school records a platform it sanctions for work with pupils (6.1), with year groups and purpose.
import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { reaches } from "./account-scope";
import { sanctionedPlatforms } from "./schema";

export type RegisterResult =
  | { ok: true; id: string }
  | { ok: false; status: 403 | 404 | 422; field?: string; message: string };

export async function addSanctionedPlatform(options: {
  db: Db;
  actor: SignedInUser;
  schoolId: string;
  platform: string;
  yearGroups: string;
  purpose: string;
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
      .select({ id: sanctionedPlatforms.id })
      .from(sanctionedPlatforms)
      .where(
        and(
          eq(sanctionedPlatforms.schoolId, options.schoolId),
          sql`lower(${sanctionedPlatforms.platform}) = lower(${options.platform})`,
        ),
      );
    if (clash)
      return {
        ok: false as const,
        status: 422 as const,
        field: "platform",
        message: `${options.platform} is already sanctioned at this school`,
      };
    const [row] = await tx
      .insert(sanctionedPlatforms)
      .values({
        schoolId: options.schoolId,
        platform: options.platform,
        yearGroups: options.yearGroups,
        purpose: options.purpose,
        decidedById: actor.id,
      })
      .returning({ id: sanctionedPlatforms.id });
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "sanctioned-platform.added",
      subjectType: "sanctioned_platform",
      subjectId: row!.id,
      schoolId: options.schoolId,
      detail: { platform: options.platform, yearGroups: options.yearGroups, clause: "6.1" },
    });
    return { ok: true as const, id: row!.id };
  });
}
