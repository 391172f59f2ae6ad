// Takes a platform off the sanctioned register (6.1) or a site off the devices register (8.6.3).
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { reaches } from "./account-scope";
import { deviceSites, sanctionedPlatforms } from "./schema";

export async function removeRegisterEntry(options: {
  db: Db;
  actor: SignedInUser;
  register: "platforms" | "sites";
  id: string;
}): Promise<{ ok: true; name: string } | { ok: false; status: 404; message: string }> {
  const { db, actor } = options;
  const table = options.register === "platforms" ? sanctionedPlatforms : deviceSites;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(table).where(eq(table.id, options.id)).for("update");
    if (!row || !reaches(actor, "accounts.manage", row.schoolId))
      return { ok: false as const, status: 404 as const, message: "No such entry." };
    await tx.delete(table).where(eq(table.id, row.id));
    const name = "platform" in row ? row.platform : row.site;
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: options.register === "platforms" ? "sanctioned-platform.removed" : "device-site.removed",
      subjectType: options.register === "platforms" ? "sanctioned_platform" : "device_site",
      subjectId: row.id,
      schoolId: row.schoolId,
      detail: { name },
    });
    return { ok: true as const, name };
  });
}
