// The files in a member of staff's evidence vault, or the files others have shared with a leader.
// Only what describes a file is read (never its content), and the listing is audited.
import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { recordListViews } from "./record-list-views";
import { evidenceItems } from "./schema";

export interface ListEvidenceOptions {
  db: Db;
  viewer: { id: string; email: string };
  whose: "own" | "shared-with-me";
}

const owners = alias(users, "owners");
const sharedWith = alias(users, "shared_with");

export async function listEvidence({ db, viewer, whose }: ListEvidenceOptions) {
  const rows = await db
    .select({
      id: evidenceItems.id,
      ownerId: evidenceItems.ownerId,
      ownerName: owners.name,
      schoolId: evidenceItems.schoolId,
      fileName: evidenceItems.fileName,
      mediaType: evidenceItems.mediaType,
      size: evidenceItems.size,
      sha256: evidenceItems.sha256,
      communicationDate: evidenceItems.communicationDate,
      concerning: evidenceItems.concerning,
      sharedWithName: sharedWith.name,
      storedAt: evidenceItems.storedAt,
      purgeAfter: evidenceItems.purgeAfter,
    })
    .from(evidenceItems)
    .innerJoin(owners, eq(owners.id, evidenceItems.ownerId))
    .leftJoin(sharedWith, eq(sharedWith.id, evidenceItems.sharedWithId))
    .where(whose === "own" ? eq(evidenceItems.ownerId, viewer.id) : eq(evidenceItems.sharedWithId, viewer.id))
    .orderBy(desc(evidenceItems.storedAt));
  await recordListViews({
    db,
    viewer,
    action: "evidence.listed",
    subjectType: "evidence",
    list: whose,
    rows: rows.map((r) => ({ id: r.id, ownerId: r.ownerId, schoolId: r.schoolId })),
  });
  return rows;
}
