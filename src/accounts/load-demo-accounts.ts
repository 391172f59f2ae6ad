// Demo data: each school's sanctioned platforms (carried from its settings into the register, as
// the migration does for a real trust), one official account per school owned by a member of
// staff, a live permission to post, and a site on school devices, so the registers and the
// policy page have something to show.
import { and, asc, eq, isNull, like } from "drizzle-orm";
import { schools, staff } from "../core/people/schema";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { deviceSites, officialAccounts, postingGrants, sanctionedPlatforms } from "./schema";

export async function loadDemoAccounts(db: Db): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  for (const school of await db.select().from(schools).orderBy(asc(schools.slug))) {
    for (const platform of school.settings.sanctionedPlatforms)
      await db
        .insert(sanctionedPlatforms)
        .values({
          schoolId: school.id,
          platform,
          yearGroups: "All year groups",
          purpose: "Class work and homework",
        })
        .onConflictDoNothing();
    const [leader] = await findSchoolLeaders({ db, schoolId: school.id, roles: ["principal"] });
    const [teacher] = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(staff, eq(staff.id, users.staffId))
      .where(
        and(eq(staff.schoolId, school.id), like(staff.jobTitle, "Teacher of %"), isNull(staff.leaveDate)),
      )
      .orderBy(asc(users.email))
      .limit(1);
    if (!leader || !teacher) continue;
    const domain = teacher.email.split("@")[1];
    const [account] = await db
      .insert(officialAccounts)
      .values({
        schoolId: school.id,
        platform: "X",
        handle: `@${school.slug.replace(/-/g, "")}`,
        link: `https://x.com/${school.slug.replace(/-/g, "")}`,
        purpose: "School news, events and closures",
        ownerId: teacher.id,
        loginEmail: `socials@${domain}`,
        mfaEnabled: true,
        recoveryContacts: "School business manager; IT director",
      })
      .onConflictDoNothing()
      .returning();
    if (!account) continue;
    await db.insert(postingGrants).values({
      accountId: account.id,
      granteeId: teacher.id,
      grantedById: leader.id,
      scope: "draft-and-publish",
      reason: "Runs the school's news account",
      expiresOn: inDays(10),
    });
    await db
      .insert(deviceSites)
      .values({
        schoolId: school.id,
        site: "youtube.com",
        decidedBy: "Principal",
        reason: "Teaching videos",
        decidedOn: today,
      })
      .onConflictDoNothing();
  }
}
