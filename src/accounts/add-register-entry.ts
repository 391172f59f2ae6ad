// One entry in a school's register of decisions (sanctioned platforms, 6.1; sites on its devices,
// 8.6.3): only for a school the actor manages, one entry per name (in any case), audited with the
// clause it puts into practice.
import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { reaches } from "./account-scope";
import { deviceSites, sanctionedPlatforms } from "./schema";

export type RegisterResult =
  | { ok: true; id: string }
  | { ok: false; status: 403 | 404 | 422; field?: string; message: string };

type Entry = { db: Db; actor: SignedInUser; schoolId: string };

const REGISTERS = {
  sanctionedPlatform: {
    table: sanctionedPlatforms,
    name: sanctionedPlatforms.platform,
    field: "platform",
    clashes: (name: string) => `${name} is already sanctioned at this school`,
    action: "sanctioned-platform.added",
    subjectType: "sanctioned_platform",
    clause: "6.1",
  },
  deviceSite: {
    table: deviceSites,
    name: deviceSites.site,
    field: "site",
    clashes: (name: string) => `${name} is already in the register`,
    action: "device-site.added",
    subjectType: "device_site",
    clause: "8.6.3",
  },
} as const;

async function addRegisterEntry<K extends keyof typeof REGISTERS>(
  options: Entry,
  kind: K,
  name: string,
  values: (typeof REGISTERS)[K]["table"]["$inferInsert"],
  detail: Record<string, string>,
): Promise<RegisterResult> {
  const { db, actor, schoolId } = options;
  const register = REGISTERS[kind];
  if (!reaches(actor, "accounts.manage", schoolId))
    return {
      ok: false,
      status: 403,
      field: "schoolId",
      message: "You can change the register only for your own school.",
    };
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: register.table.id })
      .from(register.table)
      .where(and(eq(register.table.schoolId, schoolId), sql`lower(${register.name}) = lower(${name})`));
    if (clash)
      return {
        ok: false as const,
        status: 422 as const,
        field: register.field,
        message: register.clashes(name),
      };
    const [row] = await tx
      // biome-ignore lint/suspicious/noExplicitAny: the two tables' insert types meet only through K
      .insert(register.table as any)
      .values(values)
      .returning({ id: register.table.id });
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: register.action,
      subjectType: register.subjectType,
      subjectId: (row as { id: string }).id,
      schoolId,
      detail: { ...detail, clause: register.clause },
    });
    return { ok: true as const, id: (row as { id: string }).id };
  });
}

/** A platform the school sanctions for work with pupils (6.1), with year groups and purpose. */
export function addSanctionedPlatform(
  options: Entry & { platform: string; yearGroups: string; purpose: string },
): Promise<RegisterResult> {
  const { schoolId, platform, yearGroups, purpose, actor } = options;
  return addRegisterEntry(
    options,
    "sanctionedPlatform",
    platform,
    { schoolId, platform, yearGroups, purpose, decidedById: actor.id },
    { platform, yearGroups },
  );
}

/** A site the school makes available on its devices (8.6.3), with who decided and why. */
export function addDeviceSite(
  options: Entry & { site: string; decidedBy: string; reason: string; decidedOn: string },
): Promise<RegisterResult> {
  const { schoolId, site, decidedBy, reason, decidedOn, actor } = options;
  return addRegisterEntry(
    options,
    "deviceSite",
    site,
    { schoolId, site, decidedBy, reason, decidedOn, recordedById: actor.id },
    { site },
  );
}
