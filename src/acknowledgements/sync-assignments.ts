// Keeps the current version's assignments in step with the staff list: everyone in post has one
// (new starters on their start date), trustees and local governors too, leavers drop out, and someone who moved school keeps the
// acknowledgement they made at the old one. Run when a version becomes current and every night.
import { and, eq, inArray } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import type { SchoolCalendar } from "../core/calendar/school-days";
import { dueAfterSchoolDays } from "./due-date";
import { inPost, listLocalGovernors, listStaff, listTrustees } from "../core/people/list-staff";
import { loadTrust } from "../core/people/load-trust";
import { schools } from "../core/people/schema";
import type { DbOrTx } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { loadAcknowledgementSettings } from "./acknowledgement-settings";
import { planAssignment } from "./plan-assignment";
import { acknowledgementAssignments, acknowledgementRounds, acknowledgements } from "./schema";

export type SyncSummary = { assigned: number; carried: number; left: number };

const COMPLETE = ["done", "not-needed"] as const;

export async function syncAssignments(db: DbOrTx, asOf = new Date()): Promise<SyncSummary> {
  const summary: SyncSummary = { assigned: 0, carried: 0, left: 0 };
  const version = await loadCurrentPolicy(db);
  const trust = await loadTrust(db);
  if (!version || !trust) return summary;
  const [round] = await db
    .select()
    .from(acknowledgementRounds)
    .where(eq(acknowledgementRounds.versionId, version.id));
  if (!round) return summary;
  const schedule = await loadAcknowledgementSettings(db, trust.id);
  const allClauseIds = version.parsed.clauses.map((c) => c.id);

  const existing = await db
    .select()
    .from(acknowledgementAssignments)
    .where(eq(acknowledgementAssignments.versionId, version.id));
  const byStaff = new Map(existing.filter((a) => a.staffId).map((a) => [a.staffId!, a]));
  const byTrustee = new Map(existing.filter((a) => !a.staffId && a.userId).map((a) => [a.userId!, a]));
  const doneByEmail = new Map(existing.filter((a) => a.status === "done").map((a) => [a.personEmail, a]));
  const previousByEmail = new Set<string>();
  if (round.previousVersionId) {
    const prior = await db
      .select({ email: acknowledgementAssignments.personEmail })
      .from(acknowledgementAssignments)
      .where(
        and(
          eq(acknowledgementAssignments.versionId, round.previousVersionId),
          inArray(acknowledgementAssignments.status, [...COMPLETE]),
        ),
      );
    for (const p of prior) previousByEmail.add(p.email);
  }

  const zones = new Map(
    (await db.select({ id: schools.id, timeZone: schools.timeZone }).from(schools)).map((s) => [
      s.id,
      s.timeZone,
    ]),
  );
  const calendars = new Map<string, SchoolCalendar>();
  const calendarOf = async (schoolId: string | null) => {
    const key = schoolId ?? "";
    let calendar = calendars.get(key);
    if (!calendar) {
      calendar = schoolId
        ? await loadSchoolCalendar(db, schoolId)
        : { timeZone: defaultTimeZone, terms: [], closures: [] };
      calendars.set(key, calendar);
    }
    return calendar;
  };

  type NewRow = typeof acknowledgementAssignments.$inferInsert;
  const rows: NewRow[] = [];
  const carriedFrom = new Map<number, string>();
  const plan = async (person: {
    staffId: string | null;
    userId: string | null;
    schoolId: string | null;
    email: string;
  }) => {
    const email = person.email.toLowerCase();
    const today = calendarDateAt(asOf, zones.get(person.schoolId ?? "") ?? defaultTimeZone);
    const moved = doneByEmail.get(email);
    const p = planAssignment(round, allClauseIds, {
      acknowledgedThisVersion: Boolean(moved),
      acknowledgedPrevious: previousByEmail.has(email),
    });
    const dueOn =
      p.status === "open" && p.scope !== "pending"
        ? dueAfterSchoolDays(await calendarOf(person.schoolId), today, schedule.dueSchoolDays)
        : null;
    if (p.carried && moved) carriedFrom.set(rows.length, moved.id);
    rows.push({
      versionId: version.id,
      staffId: person.staffId,
      userId: person.userId,
      schoolId: person.schoolId,
      personEmail: email,
      scope: p.scope,
      clauseIds: p.clauseIds,
      assignedOn: today,
      dueOn,
      status: p.status,
      completedAt: p.status === "done" ? asOf : null,
    });
  };

  const everyone = await listStaff(db);
  const leavers: string[] = [];
  for (const member of everyone) {
    const today = calendarDateAt(asOf, zones.get(member.schoolId) ?? defaultTimeZone);
    const assignment = byStaff.get(member.id);
    if (!inPost(member, today)) {
      if (assignment?.status === "open" && member.leaveDate !== null && member.leaveDate < today)
        leavers.push(assignment.id);
      continue;
    }
    if (!assignment)
      await plan({
        staffId: member.id,
        userId: member.userId,
        schoolId: member.schoolId,
        email: member.email,
      });
  }
  // Trustees and local governors (3.3) hold no staff record: one assignment per account, a local
  // governor's at their school so it counts in that school's completion.
  const planned = new Set([...byTrustee.keys(), ...everyone.flatMap((m) => (m.userId ? [m.userId] : []))]);
  for (const trustee of await listTrustees(db))
    if (!planned.has(trustee.userId)) {
      planned.add(trustee.userId);
      await plan({ staffId: null, userId: trustee.userId, schoolId: null, email: trustee.email });
    }
  for (const governor of await listLocalGovernors(db))
    if (!planned.has(governor.userId)) {
      planned.add(governor.userId);
      await plan({
        staffId: null,
        userId: governor.userId,
        schoolId: governor.schoolId,
        email: governor.email,
      });
    }

  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const inserted = await db
      .insert(acknowledgementAssignments)
      .values(part)
      .onConflictDoNothing()
      .returning({
        id: acknowledgementAssignments.id,
        staffId: acknowledgementAssignments.staffId,
        userId: acknowledgementAssignments.userId,
      });
    summary.assigned += inserted.length;
    // A move of school: the acknowledgement made at the old school stands for the new record.
    const carriedRows = part
      .map((row, k) => ({ row, from: carriedFrom.get(i + k) }))
      .filter((x): x is { row: NewRow; from: string } => Boolean(x.from));
    for (const { row, from } of carriedRows) {
      const target = inserted.find((r) => r.staffId === row.staffId && r.userId === row.userId);
      const [source] = await db
        .select()
        .from(acknowledgements)
        .where(eq(acknowledgements.assignmentId, from));
      if (!target || !source) continue;
      await db.insert(acknowledgements).values({
        assignmentId: target.id,
        versionId: version.id,
        clauseIds: source.clauseIds,
        answers: source.answers,
        score: source.score,
        secondsReading: source.secondsReading,
        acknowledgedAt: source.acknowledgedAt,
        onBehalfByUserId: source.onBehalfByUserId,
        onBehalfReason: source.onBehalfReason,
        formId: source.formId,
        carriedFromId: source.id,
      });
      summary.carried++;
    }
  }
  if (leavers.length) {
    await db
      .update(acknowledgementAssignments)
      .set({ status: "left" })
      .where(inArray(acknowledgementAssignments.id, leavers));
    summary.left = leavers.length;
  }
  return summary;
}
