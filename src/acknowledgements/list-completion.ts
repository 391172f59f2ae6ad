// Completion of the current version's acknowledgement: counts by school (for trustees, numbers
// only), named rows for one school's leaders (by line manager), and completion over time.
import { and, eq, inArray, sql } from "drizzle-orm";
import { defaultTimeZone } from "../core/calendar/calendar-date";
import { schoolDateSql } from "../core/calendar/school-date-sql";
import { listSchools } from "../core/people/find-schools";
import { listStaff } from "../core/people/list-staff";
import type { SchoolScope } from "../platform/capability";
import type { DbOrTx } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { acknowledgementAssignments, acknowledgements } from "./schema";

/** Who is counted: everyone asked (open), done, or not asked again (nothing material changed). */
export const COUNTED = ["open", "done", "not-needed"] as const;

/** The version's counted assignments in the schools a reader may see. */
function countedIn(options: { versionId: string; scope: SchoolScope }) {
  return and(
    eq(acknowledgementAssignments.versionId, options.versionId),
    inArray(acknowledgementAssignments.status, [...COUNTED]),
    inSchoolScope(acknowledgementAssignments.schoolId, options.scope),
  );
}

export type SchoolCompletion = {
  schoolId: string;
  name: string;
  slug: string;
  asked: number;
  complete: number;
  overdue: number;
};

export async function completionBySchool(
  db: DbOrTx,
  options: { versionId: string; scope: SchoolScope; today: string },
): Promise<SchoolCompletion[]> {
  // The schools from core (every school in scope, those with no one asked too), the counts from
  // this capability's own table.
  const [inScope, counts] = await Promise.all([
    listSchools(db, options.scope === "all" ? {} : { schoolIds: options.scope }),
    db
      .select({
        schoolId: acknowledgementAssignments.schoolId,
        asked: sql<number>`count(*)::int`,
        complete: sql<number>`count(*) filter (where ${acknowledgementAssignments.status} in ('done','not-needed'))::int`,
        overdue: sql<number>`count(*) filter (where ${acknowledgementAssignments.status} = 'open' and ${acknowledgementAssignments.dueOn} < ${options.today})::int`,
      })
      .from(acknowledgementAssignments)
      .where(countedIn(options))
      .groupBy(acknowledgementAssignments.schoolId),
  ]);
  const bySchool = new Map(counts.map((c) => [c.schoolId, c]));
  return inScope.map((school) => {
    const c = bySchool.get(school.id);
    return {
      schoolId: school.id,
      name: school.name,
      slug: school.slug,
      asked: c?.asked ?? 0,
      complete: c?.complete ?? 0,
      overdue: c?.overdue ?? 0,
    };
  });
}

export type PersonCompletion = {
  assignmentId: string;
  staffId: string;
  name: string;
  jobTitle: string;
  employment: string;
  lineManager: string;
  status: string;
  scope: string;
  dueOn: string | null;
  acknowledgedAt: Date | null;
  onBehalf: boolean;
  onBehalfReason: string | null;
  carried: boolean;
  score: number | null;
  secondsReading: number | null;
  clauses: number;
};

export async function completionForSchool(
  db: DbOrTx,
  options: { versionId: string; schoolId: string },
): Promise<PersonCompletion[]> {
  const rows = await db
    .select({ a: acknowledgementAssignments, ack: acknowledgements })
    .from(acknowledgementAssignments)
    .leftJoin(acknowledgements, eq(acknowledgements.assignmentId, acknowledgementAssignments.id))
    .where(
      and(
        eq(acknowledgementAssignments.versionId, options.versionId),
        eq(acknowledgementAssignments.schoolId, options.schoolId),
        inArray(acknowledgementAssignments.status, [...COUNTED]),
      ),
    );
  const people = await listStaff(db, { schoolIds: [options.schoolId] });
  const byId = new Map(people.map((p) => [p.id, p]));
  const managers = await listStaff(db, {
    staffIds: [...new Set(people.map((p) => p.lineManagerId).filter((id): id is string => id !== null))],
  });
  const managerName = new Map(managers.map((m) => [m.id, `${m.firstName} ${m.lastName}`]));
  return rows
    .filter((r) => r.a.staffId && byId.has(r.a.staffId))
    .map(({ a, ack }) => {
      const p = byId.get(a.staffId!)!;
      return {
        assignmentId: a.id,
        staffId: p.id,
        name: `${p.firstName} ${p.lastName}`,
        jobTitle: p.jobTitle,
        employment: p.employment,
        lineManager: p.lineManagerId ? (managerName.get(p.lineManagerId) ?? "") : "",
        status: a.status,
        scope: a.scope,
        dueOn: a.dueOn,
        acknowledgedAt: ack?.acknowledgedAt ?? null,
        onBehalf: Boolean(ack?.onBehalfByUserId),
        onBehalfReason: ack?.onBehalfReason ?? null,
        carried: Boolean(ack?.carriedFromId),
        score: ack?.score ?? null,
        secondsReading: ack?.secondsReading ?? null,
        clauses: ack?.clauseIds.length ?? a.clauseIds.length,
      };
    })
    .sort((x, y) => x.lineManager.localeCompare(y.lineManager) || x.name.localeCompare(y.name));
}

/** Per school, the share complete at the end of each day from the first assignment to today. Pure. */
export function completionSeries(
  rows: readonly { schoolId: string; assignedOn: string; completedOn: string | null; n?: number }[],
  today: string,
  maxPoints = 60,
): { days: string[]; bySchool: Map<string, number[]> } {
  if (rows.length === 0) return { days: [], bySchool: new Map() };
  // biome-ignore lint/complexity/useMathMinMax: ISO dates are compared as strings; Math.min would make them numbers
  const first = rows.reduce((m, r) => (r.assignedOn < m ? r.assignedOn : m), today);
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${today}T00:00:00Z`);
  const span = Math.max(0, Math.round((end - start) / 86_400_000));
  const step = Math.max(1, Math.ceil((span + 1) / maxPoints));
  const days: string[] = [];
  for (let d = 0; d <= span; d += step)
    days.push(new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  if (days[days.length - 1] !== today) days.push(today);
  const bySchool = new Map<string, number[]>();
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(r.schoolId, [...(groups.get(r.schoolId) ?? []), r]);
  for (const [schoolId, group] of groups)
    bySchool.set(
      schoolId,
      days.map((day) => {
        let asked = 0;
        let done = 0;
        for (const r of group) {
          if (r.assignedOn <= day) asked += r.n ?? 1;
          if (r.completedOn !== null && r.completedOn <= day) done += r.n ?? 1;
        }
        return asked === 0 ? 0 : Math.round((done / asked) * 100);
      }),
    );
  return { days, bySchool };
}

/** Assignments counted by school, day asked and day completed: the few rows the series needs. */
export async function completionHistory(db: DbOrTx, options: { versionId: string; scope: SchoolScope }) {
  // The day of completion in the school's zone, as the day asked (assignedOn) is.
  const zones = await listSchools(db, options.scope === "all" ? {} : { schoolIds: options.scope });
  const completedDay = schoolDateSql(
    acknowledgementAssignments.completedAt,
    acknowledgementAssignments.schoolId,
    zones,
    defaultTimeZone,
  );
  // Not asked again (nothing material changed) counts as complete from the day it was assigned.
  const completedOn = sql<
    string | null
  >`coalesce(to_char(${completedDay}, 'YYYY-MM-DD'), case when ${acknowledgementAssignments.status} = 'not-needed' then ${acknowledgementAssignments.assignedOn}::text end)`;
  const rows = await db
    .select({
      schoolId: acknowledgementAssignments.schoolId,
      assignedOn: acknowledgementAssignments.assignedOn,
      completedOn,
      n: sql<number>`count(*)::int`,
    })
    .from(acknowledgementAssignments)
    .where(countedIn(options))
    // By position: the day's zone is a parameter, and a repeated expression would not match its own.
    .groupBy(acknowledgementAssignments.schoolId, acknowledgementAssignments.assignedOn, sql`3`);
  return rows.filter((r): r is typeof r & { schoolId: string } => r.schoolId !== null);
}
