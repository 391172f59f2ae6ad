// Evidence for the declarations and evidence vault controls: counts only, never names.
import { sql } from "drizzle-orm";
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { declarations, evidenceItems } from "./schema";

export async function declarationEvidence(options: { db: Db; scope: SchoolScope }): Promise<ControlEvidence> {
  const [decl] = await options.db
    .select({
      total: sql<number>`count(*)::int`,
      prohibited: sql<number>`count(*) filter (where ${declarations.verdict} = 'prohibited' and ${declarations.status} <> 'withdrawn')::int`,
      awaiting: sql<number>`count(*) filter (where ${declarations.status} = 'awaiting-review')::int`,
    })
    .from(declarations)
    .where(inSchoolScope(declarations.schoolId, options.scope));
  if (!decl?.total) return { headline: "No declarations yet", status: "no-data" };
  return {
    headline: `${decl.total} declarations: ${decl.prohibited} prohibited, ${decl.awaiting} awaiting a leader's review`,
    status: decl.awaiting || decl.prohibited ? "attention" : "working",
  };
}

export async function evidenceVaultEvidence(options: {
  db: Db;
  scope: SchoolScope;
}): Promise<ControlEvidence> {
  const [vault] = await options.db
    .select({
      total: sql<number>`count(*)::int`,
      shared: sql<number>`count(${evidenceItems.sharedWithId})::int`,
    })
    .from(evidenceItems)
    .where(inSchoolScope(evidenceItems.schoolId, options.scope));
  if (!vault?.total) return { headline: "No evidence kept yet", status: "no-data" };
  return {
    headline: `${vault.total} rejected approaches kept, ${vault.shared} shared with a leader`,
    status: "working",
  };
}
