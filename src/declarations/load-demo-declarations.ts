// Demo data for section 8: a few declarations by Summit High staff, one of each verdict, so leaders
// have something to review and the policy page has evidence to show.
import { and, asc, eq, isNotNull, isNull, like } from "drizzle-orm";
import type { Db } from "../platform/db";
import { users } from "../platform/auth/schema";
import { createMailer } from "../platform/mail/send-mail";
import { parents, pupils, schools, staff } from "../core/people/schema";
import { type ContactChoice, recordDeclaration } from "./record-declaration";

export async function loadDemoDeclarations(
  db: Db,
  options = { baseUrl: "http://127.0.0.1:3000" },
): Promise<void> {
  const [school] = await db.select().from(schools).where(eq(schools.slug, "summit-high"));
  if (!school) return;
  // Ordinary members of staff (not leaders), in a fixed order so the demo is the same every time.
  const declarers = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(staff, eq(staff.id, users.staffId))
    .where(and(eq(staff.schoolId, school.id), like(staff.jobTitle, "Teacher of %"), isNull(staff.leaveDate)))
    .orderBy(asc(users.email))
    .limit(4);
  const [pupil] = await db
    .select()
    .from(pupils)
    .where(and(eq(pupils.schoolId, school.id), eq(pupils.yearGroup, "Year 10"), isNull(pupils.leftOn)))
    .orderBy(asc(pupils.externalId))
    .limit(1);
  const [exPupil] = await db
    .select()
    .from(pupils)
    .where(and(eq(pupils.schoolId, school.id), isNotNull(pupils.leftOn)))
    .orderBy(asc(pupils.externalId))
    .limit(1);
  const [parent] = await db
    .select()
    .from(parents)
    .where(eq(parents.schoolId, school.id))
    .orderBy(asc(parents.externalId))
    .limit(1);
  if (declarers.length < 4 || !pupil || !parent) return;
  // No SMTP for demo data: the alerts it raises wait in the outbox for the administrator to see.
  const mailer = createMailer({ db, from: "Conduct demo <demo@localhost>" });
  const made: { contact: ContactChoice; platforms: string[]; otherRelationships: string[]; note?: string }[] =
    [
      {
        contact: { kind: "pupil", pupilId: pupil.id },
        platforms: ["Instagram"],
        otherRelationships: [],
        note: "They followed me; I have not accepted yet.",
      },
      {
        contact: { kind: "pupil", pupilId: exPupil?.id ?? pupil.id },
        platforms: ["Facebook"],
        otherRelationships: ["family"],
        note: "My niece.",
      },
      {
        contact: { kind: "parent", parentId: parent.id },
        platforms: ["WhatsApp"],
        otherRelationships: ["friend"],
        note: "We were at university together.",
      },
      {
        contact: { kind: "staff", name: "A colleague in the science department" },
        platforms: ["LinkedIn"],
        otherRelationships: ["colleague"],
      },
    ];
  for (const [i, m] of made.entries()) {
    await recordDeclaration({
      db,
      mailer,
      baseUrl: options.baseUrl,
      declarer: declarers[i]!,
      school,
      ...m,
    });
  }
}
