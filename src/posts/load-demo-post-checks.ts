// Demo data for the post check: a handful of checks by Summit High staff, so the policy page shows
// its evidence. Only verdicts are kept, as for real checks.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../platform/db";
import { users } from "../platform/auth/schema";
import { schools, staff } from "../core/people/schema";
import { runPostCheck } from "./run-post-check";

const SAMPLES: { context: string; text: string }[] = [
  {
    context: "professional",
    text: "Brilliant trip to the Science Museum with Year 9 today. Thanks to all the staff who came along!",
  },
  { context: "personal", text: "Half term at last. Walking in the Peak District with the dog." },
  { context: "official", text: "Congratulations to Tom Dickson in 9C on winning the regional science fair!" },
  { context: "personal", text: "Some parents at my school are a complete nightmare, honestly." },
  {
    context: "professional",
    text: "I would like to see more evidence before we adopt this reading scheme across the trust.",
  },
];

export async function loadDemoPostChecks(db: Db): Promise<void> {
  const [school] = await db.select().from(schools).where(eq(schools.slug, "summit-high"));
  if (!school) return;
  const checkers = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staff, eq(staff.id, users.staffId))
    .where(and(eq(staff.schoolId, school.id)))
    .orderBy(asc(users.email))
    .limit(SAMPLES.length);
  for (const [i, sample] of SAMPLES.entries()) {
    await runPostCheck({
      db,
      userId: checkers[i % checkers.length]?.id ?? null,
      schoolSlug: school.slug,
      ...sample,
    });
  }
}
