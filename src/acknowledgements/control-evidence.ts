// Evidence for 3.1.1, 3.2.1 and 3.3.1 on the live policy page: how many of those asked have
// acknowledged the current version (counts only; trustees read it).
import { and, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { COUNTED } from "./list-completion";
import { acknowledgementAssignments } from "./schema";

async function counts(db: Db, versionId: string, where: ReturnType<typeof and>) {
  const [row] = await db
    .select({
      asked: sql<number>`count(*)::int`,
      complete: sql<number>`count(*) filter (where ${acknowledgementAssignments.status} in ('done','not-needed'))::int`,
      onBehalf: sql<number>`0::int`,
    })
    .from(acknowledgementAssignments)
    .where(
      and(
        eq(acknowledgementAssignments.versionId, versionId),
        inArray(acknowledgementAssignments.status, [...COUNTED]),
        where,
      ),
    );
  return row ?? { asked: 0, complete: 0, onBehalf: 0 };
}

export async function acknowledgementEvidence({
  db,
  scope,
}: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const version = await loadCurrentPolicy(db);
  if (!version) return { headline: "No current policy yet", status: "no-data" };
  const staff = await counts(
    db,
    version.id,
    and(
      isNotNull(acknowledgementAssignments.staffId),
      inSchoolScope(acknowledgementAssignments.schoolId, scope),
    ),
  );
  // 3.3.1: trustees (no school) and the local governors of the schools in view (no staff record).
  const trustees = await counts(
    db,
    version.id,
    and(
      isNull(acknowledgementAssignments.staffId),
      or(
        isNull(acknowledgementAssignments.schoolId),
        inSchoolScope(acknowledgementAssignments.schoolId, scope) ?? sql`true`,
      ),
    ),
  );
  if (staff.asked === 0 && trustees.asked === 0)
    return { headline: "Nobody has been asked to acknowledge it yet", status: "no-data" };
  const headline = `${staff.complete} of ${staff.asked} staff and volunteers have acknowledged version ${version.number}`;
  const byClause: Record<string, string> = {};
  const staffClause = findTemplateClause(version.parsed, "3.2.1");
  const principalClause = findTemplateClause(version.parsed, "3.1.1");
  const trusteeClause = findTemplateClause(version.parsed, "3.3.1");
  if (staffClause) byClause[staffClause.number] = headline;
  if (principalClause) byClause[principalClause.number] = headline;
  if (trusteeClause)
    byClause[trusteeClause.number] =
      `${trustees.complete} of ${trustees.asked} trustees and local governors have acknowledged version ${version.number}`;
  return { headline, status: staff.complete === staff.asked ? "working" : "attention", byClause };
}
