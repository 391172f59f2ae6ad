// A leader's look at one named person's monitoring detail: only with the monitoring permission at
// that person's school and a recorded reason; every look is audited and listed on the person's page.
import "./audit-events";
import { asc, desc, eq, sql } from "drizzle-orm";
import { listStaff } from "../core/people/list-staff";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db, DbOrTx } from "../platform/db";
import { bitCount, localParts } from "./minute-masks";
import { monitoringChallenges, monitoringDetailViews, monitoringFindings } from "./schema";

export const MIN_REASON_LENGTH = 10;

export interface PersonDay {
  day: string;
  pupilsPresent: number;
  directedNoPupils: number;
  allowed: number;
}

export async function personDays(db: DbOrTx, staffId: string, timeZone: string): Promise<PersonDay[]> {
  // Distinct minutes across platforms: the person's hour ORed together, then split by local day.
  const rows = await db.execute<{ day: string; cls: string; n: number }>(sql`
    with hours as (
      select hour, bit_or(pupils_present) as p, bit_or(directed_no_pupils) as d, bit_or(allowed) as a
      from monitoring_minutes where staff_id = ${staffId} group by 1)
    select to_char(part.local, 'YYYY-MM-DD') as day, v.cls, sum(${bitCount(sql`v.bits & part.bits`)})::int as n
    from hours h
    cross join lateral ${localParts(sql`h.hour`, timeZone)} as part(local, bits)
    cross join lateral (values ('pupilsPresent', h.p), ('directedNoPupils', h.d), ('allowed', h.a)) as v(cls, bits)
    where v.bits & part.bits <> 0
    group by 1, 2 order by 1`);
  const days = new Map<string, PersonDay>();
  for (const r of rows.rows) {
    const d = days.get(r.day) ?? { day: r.day, pupilsPresent: 0, directedNoPupils: 0, allowed: 0 };
    d[r.cls as "allowed"] = r.n;
    days.set(r.day, d);
  }
  return [...days.values()];
}

export async function findingsOf(db: DbOrTx, staffId: string) {
  const findings = await db
    .select()
    .from(monitoringFindings)
    .where(eq(monitoringFindings.staffId, staffId))
    .orderBy(desc(monitoringFindings.day));
  const challenges = await db
    .select()
    .from(monitoringChallenges)
    .innerJoin(monitoringFindings, eq(monitoringChallenges.findingId, monitoringFindings.id))
    .where(eq(monitoringFindings.staffId, staffId))
    .orderBy(asc(monitoringChallenges.createdAt));
  return findings.map((f) => ({
    ...f,
    challenges: challenges
      .filter((c) => c.monitoring_challenges.findingId === f.id)
      .map((c) => c.monitoring_challenges),
  }));
}

export type ViewPersonDetailResult =
  | {
      ok: true;
      person: { id: string; name: string; email: string };
      days: PersonDay[];
      findings: Awaited<ReturnType<typeof findingsOf>>;
    }
  | { ok: false; status: 400 | 404; message: string };

export async function viewPersonDetail(options: {
  db: Db;
  viewer: SignedInUser;
  school: { id: string; timeZone: string };
  email: string;
  reason: string;
}): Promise<ViewPersonDetailResult> {
  const { db, viewer, school } = options;
  const reason = options.reason.trim();
  if (reason.length < MIN_REASON_LENGTH) {
    return {
      ok: false,
      status: 400,
      message: `Give the reason for looking (at least ${MIN_REASON_LENGTH} characters): it is shown to the person.`,
    };
  }
  // Through core's staff list, never its table: the school's staff (hundreds), matched by email.
  const email = options.email.trim().toLowerCase();
  const person = (await listStaff(db, { schoolIds: [school.id] })).find(
    (p) => p.email.toLowerCase() === email,
  );
  if (!person)
    return { ok: false, status: 404, message: "There is no member of staff with that email at this school." };
  await db.transaction(async (tx) => {
    await tx.insert(monitoringDetailViews).values({
      schoolId: school.id,
      staffId: person.id,
      viewerUserId: viewer.id,
      viewerLabel: viewer.name,
      reason,
    });
    await recordAuditEvent(tx, {
      actor: { id: viewer.id, label: viewer.email },
      action: "monitoring.detail-viewed",
      subjectType: "staff",
      subjectId: person.id,
      personId: person.id,
      schoolId: school.id,
      detail: { reason },
    });
  });
  return {
    ok: true,
    person: { id: person.id, name: `${person.firstName} ${person.lastName}`, email: person.email },
    days: await personDays(db, person.id, school.timeZone),
    findings: await findingsOf(db, person.id),
  };
}

export async function detailViewsOf(db: DbOrTx, staffId: string) {
  return db
    .select()
    .from(monitoringDetailViews)
    .where(eq(monitoringDetailViews.staffId, staffId))
    .orderBy(desc(monitoringDetailViews.viewedAt));
}
