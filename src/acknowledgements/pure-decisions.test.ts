// The pure decisions of acknowledgement: what a person is asked to read, which reminders fall due
// on a day, completion over time, and the register's CSV cells.
import { describe, expect, it } from "vitest";
import type { PersonCompletion } from "./list-completion";
import { completionChartSvg, completionChartText } from "./completion-chart";
import { completionSeries } from "./list-completion";
import { planAssignment } from "./plan-assignment";
import { registerCsv } from "./register-csv";
import { dueReminderSteps, stepsToSend } from "./reminder-steps";

const all = ["1.1", "8.3", "4.6"];

describe("planAssignment", () => {
  const round = { previousVersionId: "v1", materiality: "decided" as const, materialClauseIds: ["8.3"] };
  it("asks new staff (and anyone who had not acknowledged) for the whole policy", () => {
    expect(
      planAssignment(round, all, { acknowledgedThisVersion: false, acknowledgedPrevious: false }),
    ).toMatchObject({ scope: "whole", clauseIds: all, status: "open" });
    expect(
      planAssignment({ ...round, previousVersionId: null }, all, {
        acknowledgedThisVersion: false,
        acknowledgedPrevious: true,
      }).scope,
    ).toBe("whole");
  });
  it("asks returning staff for the material clauses only, and nobody after a typo fix", () => {
    expect(
      planAssignment(round, all, { acknowledgedThisVersion: false, acknowledgedPrevious: true }),
    ).toMatchObject({ scope: "material", clauseIds: ["8.3"], status: "open" });
    expect(
      planAssignment({ ...round, materialClauseIds: [] }, all, {
        acknowledgedThisVersion: false,
        acknowledgedPrevious: true,
      }).status,
    ).toBe("not-needed");
    expect(
      planAssignment({ ...round, materiality: "pending" }, all, {
        acknowledgedThisVersion: false,
        acknowledgedPrevious: true,
      }).scope,
    ).toBe("pending");
  });
  it("keeps an acknowledgement made at another school", () => {
    expect(
      planAssignment(round, all, { acknowledgedThisVersion: true, acknowledgedPrevious: false }),
    ).toMatchObject({ status: "done", carried: true });
  });
});

describe("reminder steps", () => {
  const schedule = {
    remindBefore: [3],
    remindAfter: [1],
    escalateLineManagerAfter: 3,
    escalatePrincipalAfter: 6,
  };
  const calendar = {
    timeZone: "Europe/London",
    terms: [
      { name: "T", startsOn: "2027-01-05", endsOn: "2027-02-12" },
      { name: "U", startsOn: "2027-02-22", endsOn: "2027-03-25" },
    ],
    closures: [],
  };
  const a = { assignedOn: "2027-02-08", dueOn: "2027-03-01" };
  const steps = (day: string) => dueReminderSteps(schedule, calendar, a, day).map((s) => s.step);
  it("counts school days, skipping half-term, and sends nothing on a closed day", () => {
    expect(steps("2027-02-08")).toEqual(["assigned"]);
    expect(steps("2027-02-16")).toEqual([]);
    expect(steps("2027-02-23")).toEqual(["assigned"]);
    expect(steps("2027-02-24")).toEqual(["assigned", "before-3"]);
    expect(steps("2027-03-02")).toContain("after-1");
    expect(steps("2027-03-03")).not.toContain("line-manager");
    expect(steps("2027-03-04")).toContain("line-manager");
    expect(steps("2027-03-09")).toContain("principal");
  });
  it("sends only the newest reminder of a backlog, and each escalation once", () => {
    const due = dueReminderSteps(schedule, calendar, a, "2027-03-04");
    const first = stepsToSend(due, new Set());
    expect(first.send.map((s) => s.step)).toEqual(["after-1", "line-manager"]);
    expect(first.markSent).toEqual(["assigned", "before-3", "after-1", "line-manager"]);
    expect(stepsToSend(due, new Set(first.markSent)).send).toEqual([]);
  });
});

describe("completion over time", () => {
  it("weights grouped rows and reaches today", () => {
    const { days, bySchool } = completionSeries(
      [
        { schoolId: "a", assignedOn: "2027-01-01", completedOn: "2027-01-02", n: 3 },
        { schoolId: "a", assignedOn: "2027-01-01", completedOn: null, n: 1 },
      ],
      "2027-01-03",
    );
    expect(days).toEqual(["2027-01-01", "2027-01-02", "2027-01-03"]);
    expect(bySchool.get("a")).toEqual([0, 75, 75]);
  });
});

describe("the register", () => {
  it("quotes cells and defuses spreadsheet formulas", () => {
    const row = {
      name: '=HYPERLINK("x")',
      jobTitle: "Teacher, English",
      employment: "employee",
      lineManager: "",
      status: "done",
      scope: "whole",
      dueOn: "2027-03-01",
      acknowledgedAt: new Date("2027-02-10T10:00:00Z"),
      onBehalf: false,
      onBehalfReason: null,
      carried: false,
      score: 100,
      secondsReading: 600,
      clauses: 61,
      assignmentId: "x",
      staffId: "y",
    } satisfies PersonCompletion;
    const [header, line] = registerCsv([row]).split("\r\n");
    expect(header).toBe(
      "name,job_title,employment,line_manager,status,asked_for,due_on,acknowledged_at,recorded_on_behalf,on_behalf_reason,check_score,seconds_reading,clauses",
    );
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"Teacher, English"');
  });
});

describe("the completion chart", () => {
  it("is an SVG that scales to a phone, with the same in words", async () => {
    const series = [{ name: "Hill High", values: [0, 40, 75] }];
    const svg = await completionChartSvg(["2027-01-01", "2027-01-02", "2027-01-03"], series);
    expect(svg.startsWith('<svg width="100%"')).toBe(true);
    expect(svg).toContain('viewBox="0 0 720 320"');
    expect(completionChartText(["2027-01-01", "2027-01-02", "2027-01-03"], series)).toBe(
      "Hill High: 0% complete on 2027-01-01, 75% on 2027-01-03.",
    );
  });
});
