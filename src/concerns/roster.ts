// The school's roster as a reporter picks from it: staff (for whom a concern is about or who is
// involved) and pupils and parents (matched by the label a datalist offers). Reads core's tables
// through one place; names are snapshotted onto the concern so a later roster change does not
// rewrite the record.
import { and, asc, eq, isNull, or, gte } from "drizzle-orm";
import { parents, pupils, staff } from "../core/people/schema";
import { users } from "../platform/auth/schema";
import type { DbOrTx } from "../platform/db";

export type RosterStaff = {
  id: string;
  name: string;
  jobTitle: string;
  email: string;
  employment: "employee" | "volunteer";
  userId: string | null;
};

export async function listSchoolStaff(db: DbOrTx, schoolId: string, today: string): Promise<RosterStaff[]> {
  const rows = await db
    .select({
      id: staff.id,
      firstName: staff.firstName,
      lastName: staff.lastName,
      jobTitle: staff.jobTitle,
      email: staff.email,
      employment: staff.employment,
      userId: users.id,
    })
    .from(staff)
    .leftJoin(users, eq(users.staffId, staff.id))
    .where(and(eq(staff.schoolId, schoolId), or(isNull(staff.leaveDate), gte(staff.leaveDate, today))))
    .orderBy(asc(staff.lastName), asc(staff.firstName));
  return rows.map((r) => ({
    id: r.id,
    name: `${r.firstName} ${r.lastName}`,
    jobTitle: r.jobTitle,
    email: r.email,
    employment: r.employment,
    userId: r.userId,
  }));
}

export type RosterPerson = { kind: "pupil" | "parent"; id: string; label: string };

/** Pupils on roll and parents, each with the label the report form's datalist offers. */
export async function listSchoolPupilsAndParents(db: DbOrTx, schoolId: string): Promise<RosterPerson[]> {
  const ps = await db
    .select({
      id: pupils.id,
      first: pupils.firstName,
      pref: pupils.preferredName,
      last: pupils.lastName,
      year: pupils.yearGroup,
    })
    .from(pupils)
    .where(and(eq(pupils.schoolId, schoolId), isNull(pupils.leftOn)))
    .orderBy(asc(pupils.lastName), asc(pupils.firstName))
    .limit(5000);
  const gs = await db
    .select({ id: parents.id, first: parents.firstName, last: parents.lastName, rel: parents.relationship })
    .from(parents)
    .where(eq(parents.schoolId, schoolId))
    .orderBy(asc(parents.lastName), asc(parents.firstName))
    .limit(5000);
  return [
    ...ps.map((p) => ({
      kind: "pupil" as const,
      id: p.id,
      label: `${p.pref?.trim() || p.first} ${p.last} (pupil, ${p.year})`,
    })),
    ...gs.map((g) => ({
      kind: "parent" as const,
      id: g.id,
      label: `${g.first} ${g.last} (${g.rel.toLowerCase()})`,
    })),
  ];
}

/** A staff member's leave date, for the retention of low-level concerns (kept until they leave). */
export async function staffLeaveDates(
  db: DbOrTx,
  staffIds: readonly string[],
): Promise<Map<string, string | null>> {
  const map = new Map<string, string | null>();
  for (const id of staffIds) {
    const [row] = await db.select({ leaveDate: staff.leaveDate }).from(staff).where(eq(staff.id, id));
    map.set(id, row ? row.leaveDate : null);
  }
  return map;
}
