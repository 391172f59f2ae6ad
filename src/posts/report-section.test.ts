// The post check's part of the committee report counts what staff said the check got wrong, by
// kind, for the schools and period asked, and names no post or person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportContext } from "../platform/capability";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { tallyReportedAnswers } from "./examples-today";
import { postCheckReportSections } from "./report-section";
import { postExamples } from "./schema";

let t: TestApp;
let trust: SeededTrust;
const from = new Date("2026-09-01T00:00:00Z");
const to = new Date("2026-12-01T00:00:00Z");

function context(scope: ReportContext["scope"]): ReportContext {
  return {
    db: t.database.db,
    scope,
    schools: [],
    from,
    to,
    days: { first: "2026-09-01", last: "2026-11-30" },
    timeZone: "Europe/London",
  };
}

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  const giver = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
  const row = (schoolId: string, clauses: string[], checkerClauses: string[], submittedAt: Date) => ({
    schoolId,
    submittedBy: giver.userId,
    context: "personal",
    text: "A post nobody should see in a report",
    clauses,
    checkerClauses,
    reason: "wrong",
    rulesVersion: "test",
    submittedAt,
  });
  const inPeriod = new Date("2026-10-10T12:00:00Z");
  await t.database.db.insert(postExamples).values([
    row(trust.schoolA.id, ["4.5"], [], inPeriod), // missed
    row(trust.schoolA.id, [], ["7.2"], inPeriod), // flagged harmless
    row(trust.schoolA.id, ["8.3"], ["4.1"], inPeriod), // another clause
    row(trust.schoolB.id, ["4.4"], [], inPeriod), // missed, other school
    row(trust.schoolA.id, ["4.5"], [], new Date("2026-12-05T12:00:00Z")), // after the period
  ]);
});
afterAll(async () => t?.close());

describe("what staff said the check got wrong, in the report", () => {
  it("sorts examples by what the check of their day said", () => {
    expect(
      tallyReportedAnswers([
        { clauses: ["4.5"], checkerClauses: [] },
        { clauses: [], checkerClauses: ["4.1"] },
        { clauses: ["4.5"], checkerClauses: ["7.3"] },
        { clauses: ["4.5"], checkerClauses: ["4.5", "7.3"] },
        { clauses: [], checkerClauses: [] },
      ]),
    ).toEqual({ missed: 1, flaggedHarmless: 1, otherClause: 1, agreed: 2 });
  });

  it("counts one school's examples in the period, and every school's for the trust", async () => {
    const [one] = await postCheckReportSections(context([trust.schoolA.id]));
    const table = one!.tables.find((x) => x.caption.startsWith("Posts staff gave as examples"))!;
    expect(table.rows).toEqual([
      ["Missed a problem", 1],
      ["Flagged a harmless post", 1],
      ["Cited another clause than the one breached", 1],
      ["Agreed with them", 0],
    ]);
    expect(one!.headline).toContain("staff said the check was wrong about 3 posts");
    const [all] = await postCheckReportSections(context("all"));
    expect(all!.headline).toContain("wrong about 4 posts");
    expect(JSON.stringify(all)).not.toContain("nobody should see");
    const [none] = await postCheckReportSections(context([]));
    expect(none!.headline).toBe("No posts were checked in the period.");
  });
});
