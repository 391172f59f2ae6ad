// Reading training records: a school's sessions, one session with its attendees and materials, a
// person's own attendance, and counts by school for the evidence, the report and the register.
import { and, asc, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import { listStaff } from "../core/people/list-staff";
import { schools, staff } from "../core/people/schema";
import type { SchoolScope } from "../platform/capability";
import type { DbOrTx } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { trainingAttendance, trainingMaterials, trainingSessions } from "./schema";

export type TrainingSessionRow = typeof trainingSessions.$inferSelect & {
  attendees: number;
  materials: number;
};

export async function listSessions(db: DbOrTx, schoolId: string): Promise<TrainingSessionRow[]> {
  const rows = await db
    .select({
      session: trainingSessions,
      attendees: sql<number>`(select count(*)::int from ${trainingAttendance} a where a.session_id = ${trainingSessions.id})`,
      materials: sql<number>`(select count(*)::int from ${trainingMaterials} m where m.session_id = ${trainingSessions.id})`,
    })
    .from(trainingSessions)
    .where(eq(trainingSessions.schoolId, schoolId))
    .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.recordedAt));
  return rows.map((r) => ({ ...r.session, attendees: r.attendees, materials: r.materials }));
}

export async function loadSession(db: DbOrTx, schoolId: string, sessionId: string) {
  const [session] = await db
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.id, sessionId), eq(trainingSessions.schoolId, schoolId)));
  if (!session) return null;
  const attendance = await db
    .select()
    .from(trainingAttendance)
    .where(eq(trainingAttendance.sessionId, sessionId));
  const people = await listStaff(db, { staffIds: attendance.map((a) => a.staffId) });
  const source = new Map(attendance.map((a) => [a.staffId, a.source]));
  const materials = await db
    .select({
      id: trainingMaterials.id,
      fileName: trainingMaterials.fileName,
      mimeType: trainingMaterials.mimeType,
      bytes: sql<number>`octet_length(${trainingMaterials.bytes})::int`,
    })
    .from(trainingMaterials)
    .where(eq(trainingMaterials.sessionId, sessionId))
    .orderBy(asc(trainingMaterials.uploadedAt));
  return {
    session,
    attendees: people.map((p) => ({
      name: `${p.firstName} ${p.lastName}`,
      jobTitle: p.jobTitle,
      employment: p.employment,
      email: p.email,
      source: source.get(p.id)!,
    })),
    materials,
  };
}

export async function loadMaterial(db: DbOrTx, sessionId: string, materialId: string) {
  const [row] = await db
    .select()
    .from(trainingMaterials)
    .where(and(eq(trainingMaterials.id, materialId), eq(trainingMaterials.sessionId, sessionId)));
  return row ?? null;
}

/** The sessions this member of staff attended, newest first (My record). */
export async function myAttendance(db: DbOrTx, staffId: string) {
  return db
    .select({
      id: trainingSessions.id,
      kind: trainingSessions.kind,
      title: trainingSessions.title,
      heldOn: trainingSessions.heldOn,
      ledByName: trainingSessions.ledByName,
      clauseIds: trainingSessions.clauseIds,
      schoolName: schools.name,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .innerJoin(schools, eq(schools.id, trainingSessions.schoolId))
    .where(eq(trainingAttendance.staffId, staffId))
    .orderBy(desc(trainingSessions.heldOn));
}

export async function countMyAttendance(db: DbOrTx, staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(trainingAttendance)
    .where(eq(trainingAttendance.staffId, staffId));
  return row?.n ?? 0;
}

/**
 * By school: sessions on a version, and how many different staff in post today attended one
 * (a leaver's attendance no longer counts towards the school's staff being trained).
 */
export async function trainedBySchool(db: DbOrTx, options: { versionId: string; scope: SchoolScope }) {
  const rows = await db
    .select({
      schoolId: trainingSessions.schoolId,
      sessions: sql<number>`count(distinct ${trainingSessions.id})::int`,
      trained: sql<number>`(count(distinct ${trainingAttendance.staffId}) filter (
        where ${staff.leaveDate} is null or ${staff.leaveDate} >= current_date))::int`,
      lastHeld: sql<string | null>`max(${trainingSessions.heldOn})::text`,
    })
    .from(trainingSessions)
    .leftJoin(trainingAttendance, eq(trainingAttendance.sessionId, trainingSessions.id))
    .leftJoin(staff, eq(staff.id, trainingAttendance.staffId))
    .where(
      and(
        eq(trainingSessions.versionId, options.versionId),
        inSchoolScope(trainingSessions.schoolId, options.scope),
      ),
    )
    .groupBy(trainingSessions.schoolId);
  return new Map(rows.map((r) => [r.schoolId, r]));
}

/** Sessions held in a period, and attendances at them, by school (the committee report). */
export async function heldInPeriod(db: DbOrTx, options: { scope: SchoolScope; first: string; last: string }) {
  return db
    .select({
      schoolId: trainingSessions.schoolId,
      kind: trainingSessions.kind,
      sessions: sql<number>`count(distinct ${trainingSessions.id})::int`,
      attendances: sql<number>`count(${trainingAttendance.staffId})::int`,
    })
    .from(trainingSessions)
    .leftJoin(trainingAttendance, eq(trainingAttendance.sessionId, trainingSessions.id))
    .where(
      and(
        gte(trainingSessions.heldOn, options.first),
        lt(trainingSessions.heldOn, sql`(${options.last}::date + 1)`),
        inSchoolScope(trainingSessions.schoolId, options.scope),
      ),
    )
    .groupBy(trainingSessions.schoolId, trainingSessions.kind);
}
