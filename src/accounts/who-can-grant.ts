// Who may give permission to post on an account (5.1): named in every refusal, so a member of
// staff knows whom to ask.
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import type { DbOrTx } from "../platform/db";
import { SCHOOL_GRANTING_ROLES } from "./grant-state";
import { type Person, trustAdmins } from "./staff-directory";

export async function whoCanGrant(db: DbOrTx, schoolId: string | null): Promise<Person[]> {
  if (schoolId === null) return trustAdmins(db);
  const leaders = await findSchoolLeaders({ db, schoolId, roles: SCHOOL_GRANTING_ROLES });
  return leaders.map((l) => ({ id: l.id, name: l.name, email: l.email }));
}

export function describeGranters(people: readonly Person[], schoolId: string | null): string {
  if (people.length === 0)
    return schoolId === null
      ? "a trust administrator (none is set up yet)"
      : "a principal or senior leader of the school (none is set up yet)";
  return people.map((p) => p.name).join(", ");
}
