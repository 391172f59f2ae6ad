// Lists for the concerns pages: the cases a person holds (those caseAccess opens to them) and the
// concerns they reported (a receipt each); numbers by school (counts and times only); and low-level
// concern patterns across the trust for a principal.
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { schools, staff } from "../core/people/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { schoolsWhere } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import type { SchoolScope } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { caseAccess, caseViewer } from "./case-access";
import { concernAccess, concerns } from "./schema";

export async function listCaseSummaries(db: Db, user: SignedInUser) {
  const held = await db
    .select({
      id: concerns.id,
      category: concerns.category,
      status: concerns.status,
      createdAt: concerns.createdAt,
      schoolName: schools.name,
      subjectStaffId: concerns.subjectStaffId,
      subjectUserId: concerns.subjectUserId,
    })
    .from(concernAccess)
    .innerJoin(concerns, eq(concerns.id, concernAccess.concernId))
    .innerJoin(schools, eq(schools.id, concerns.schoolId))
    .where(eq(concernAccess.userId, user.id))
    .orderBy(desc(sql`${concerns.status} = 'open'`), desc(concerns.createdAt))
    .limit(500);
  const viewer = await caseViewer(db, user);
  const cases = held.filter(
    (h) =>
      caseAccess(viewer, {
        subjectStaffId: h.subjectStaffId,
        subjectUserId: h.subjectUserId,
        reporterId: null,
        accessUserIds: [user.id],
      }).level === "full",
  );
  const reported = await db
    .select({
      id: concerns.id,
      category: concerns.category,
      createdAt: concerns.createdAt,
      routedToRole: concerns.routedToRole,
    })
    .from(concerns)
    .where(eq(concerns.reporterId, user.id))
    .orderBy(desc(concerns.createdAt))
    .limit(200);
  return { cases, reported };
}

export type SchoolNumbers = {
  schoolId: string;
  schoolName: string;
  open: number;
  closed: number;
  allegation: number;
  lowLevel: number;
  safeguarding: number;
  medianHoursToFirstAction: number | null;
  byClause: Record<string, number>;
};

export async function numbersInScope(db: Db, scope: SchoolScope): Promise<SchoolNumbers[]> {
  const rows = await db
    .select({
      schoolId: concerns.schoolId,
      schoolName: schools.name,
      status: concerns.status,
      category: concerns.category,
      createdAt: concerns.createdAt,
      firstActionAt: concerns.firstActionAt,
      clauses: concerns.clausesBreached,
    })
    .from(concerns)
    .innerJoin(schools, eq(schools.id, concerns.schoolId))
    .where(inSchoolScope(concerns.schoolId, scope))
    .orderBy(asc(schools.name));
  const bySchool = new Map<string, SchoolNumbers & { hours: number[] }>();
  for (const r of rows) {
    const s = bySchool.get(r.schoolId) ?? {
      schoolId: r.schoolId,
      schoolName: r.schoolName,
      open: 0,
      closed: 0,
      allegation: 0,
      lowLevel: 0,
      safeguarding: 0,
      medianHoursToFirstAction: null,
      byClause: {},
      hours: [],
    };
    if (r.status === "open") s.open++;
    else s.closed++;
    if (r.category === "allegation") s.allegation++;
    if (r.category === "low-level") s.lowLevel++;
    if (r.category === "safeguarding") s.safeguarding++;
    if (r.firstActionAt) s.hours.push((r.firstActionAt.getTime() - r.createdAt.getTime()) / 3_600_000);
    for (const clause of r.clauses) s.byClause[clause] = (s.byClause[clause] ?? 0) + 1;
    bySchool.set(r.schoolId, s);
  }
  return [...bySchool.values()].map(({ hours, ...s }) => ({ ...s, medianHoursToFirstAction: median(hours) }));
}

export function numbersBySchool(db: Db, user: SignedInUser) {
  return numbersInScope(db, schoolsWhere(user, "concerns.numbers"));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/** Staff of the viewer's schools with more than one low-level concern anywhere in the trust (matched by email). */
export async function lowLevelPatterns(db: Db, user: SignedInUser) {
  const scope = schoolsWhere(user, "concerns.patterns");
  const grouped = await db
    .select({
      key: concerns.subjectKey,
      n: count(),
      schools: sql<number>`count(distinct ${concerns.schoolId})::int`,
    })
    .from(concerns)
    .where(and(eq(concerns.category, "low-level"), isNotNull(concerns.subjectKey)))
    .groupBy(concerns.subjectKey)
    .having(sql`count(*) > 1`);
  if (grouped.length === 0) return [];
  const people = await db
    .select({ email: staff.email, first: staff.firstName, last: staff.lastName, schoolId: staff.schoolId })
    .from(staff)
    .where(
      and(
        inArray(
          sql`lower(${staff.email})`,
          grouped.map((g) => g.key!),
        ),
        inSchoolScope(staff.schoolId, scope),
      ),
    );
  const rows = grouped.flatMap((g) => {
    const person = people.find(
      (p) => p.email.toLowerCase() === g.key && p.email.toLowerCase() !== user.email.toLowerCase(),
    );
    return person ? [{ name: `${person.first} ${person.last}`, count: g.n, schools: g.schools }] : [];
  });
  await recordAuditEvent(db, {
    actor: { id: user.id, label: user.email },
    action: "concern.patterns-viewed",
    subjectType: "concern-patterns",
    detail: { people: rows.length },
  });
  return rows;
}
