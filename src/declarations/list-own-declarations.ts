// A member of staff's own declarations, newest first; the listing is audited like any other read.
import { desc, eq } from "drizzle-orm";
import type { Db } from "../platform/db";
import { recordListViews } from "./record-list-views";
import { declarations } from "./schema";

export interface ListOwnDeclarationsOptions {
  db: Db;
  viewer: { id: string; email: string };
}

export async function listOwnDeclarations({ db, viewer }: ListOwnDeclarationsOptions) {
  const rows = await db
    .select({
      id: declarations.id,
      schoolId: declarations.schoolId,
      contactName: declarations.contactName,
      contactKind: declarations.contactKind,
      verdict: declarations.verdict,
      clause: declarations.clause,
      status: declarations.status,
      createdAt: declarations.createdAt,
    })
    .from(declarations)
    .where(eq(declarations.userId, viewer.id))
    .orderBy(desc(declarations.createdAt));
  await recordListViews({
    db,
    viewer,
    action: "declarations.listed",
    subjectType: "declaration",
    list: "own",
    rows: rows.map((r) => ({ id: r.id, ownerId: viewer.id, schoolId: r.schoolId })),
  });
  return rows;
}
