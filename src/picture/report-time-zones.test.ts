// Report sections count deadlines in each school's own zone: a question answered, or a concern
// first acted on, late in the evening of its due day in New York is on time there, though it is
// already the next day in London.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { concerns } from "../concerns/schema";
import { schools } from "../core/people/schema";
import { signInAs } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { questions } from "../questions/schema";
import { buildReport } from "./build-report";
import { readPeriod } from "./report-period";

const ctx = useTestTrust();
// 22:00 on 10 November in New York; 03:00 on 11 November in London.
const eveningOfTheTenthInNewYork = new Date("2026-11-11T03:00:00Z");

beforeAll(async () => {
  const { t, trust } = ctx;
  const { db } = t.database;
  await db.update(schools).set({ timeZone: "America/New_York" }).where(eq(schools.id, trust.schoolB.id));
  const { userId } = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
  for (const school of [trust.schoolA, trust.schoolB]) {
    await db.insert(questions).values({
      askerUserId: userId,
      schoolId: school.id,
      body: "May I follow the school's account?",
      routedBecause: "principal",
      dueOn: "2026-11-10",
      status: "answered",
      askedAt: new Date("2026-11-05T12:00:00Z"),
      firstAnsweredAt: eveningOfTheTenthInNewYork,
    });
    await db.insert(concerns).values({
      schoolId: school.id,
      kind: "reputation",
      category: "reputation",
      whatHappened: "A post about the school",
      routedToRole: "Principal",
      createdAt: new Date("2026-11-05T12:00:00Z"),
      startBy: "2026-11-10",
      firstActionAt: eveningOfTheTenthInNewYork,
    });
  }
});

async function trustReport() {
  const period = readPeriod("2026-11-01", "2026-11-30");
  if (!period.ok) throw new Error(period.message);
  return buildReport({ db: ctx.t.database.db, school: null, period: period.period });
}

describe("the committee report across time zones", () => {
  it("counts a question answered on its due day in New York as on time, and in London as late", async () => {
    const section = (await trustReport()).sections.find((s) => s.key === "questions")!;
    expect(section.headline).toContain("2 questions asked in the period, 2 answered");
    expect(section.headline).toContain("1 answered after their deadline");
  });

  it("counts a concern first acted on by its start-by day in the school's zone", async () => {
    const section = (await trustReport()).sections.find((s) => s.key === "concerns")!;
    const byKind = section.tables[0]!;
    expect(byKind.rows.find((r) => r[0] === "Reputation of the school")).toEqual([
      "Reputation of the school",
      2,
      1,
      2,
    ]);
  });
});
