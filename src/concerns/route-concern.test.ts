// The routing decision and the access rule, as plain data.
import { describe, expect, it } from "vitest";
import { caseAccess } from "./case-access";
import { HARM_QUESTIONS, type HarmAnswers } from "./concern-kinds";
import { decideRetention } from "./decide-retention";
import { type Leader, routeConcern } from "./route-concern";

const leaders: Leader[] = [
  { userId: "u-pr", name: "Pat Principal", email: "pat@s.example", staffId: "s-pr", roles: ["principal"] },
  { userId: "u-dsl", name: "Dee Lead", email: "dee@s.example", staffId: "s-dsl", roles: ["dsl"] },
  { userId: "u-dep", name: "Dan Deputy", email: "dan@s.example", staffId: "s-dep", roles: ["dsl"] },
  { userId: "u-ll", name: "Lou Lead", email: "lou@s.example", staffId: "s-ll", roles: ["dsl"] },
];
const chair = {
  role: "chair" as const,
  name: "Chris Chair",
  email: "chair@trust.example",
  userId: "u-chair",
};
const noes: HarmAnswers = { harmed: false, offence: false, risk: false, unsuitable: false };
const base = { namedUserIds: [], namedStaffIds: [], leaders, principalCaseManager: chair };
const to = (r: ReturnType<typeof routeConcern>) => r.recipients.map((x) => x.userId);

describe("routing a concern", () => {
  it("sends a child at risk to the DSL and every deputy, skipping anyone named in it", () => {
    expect(to(routeConcern({ ...base, kind: "child-at-risk" }))).toEqual(["u-dsl", "u-dep", "u-ll"]);
    const named = routeConcern({
      ...base,
      kind: "child-at-risk",
      namedUserIds: ["u-dep"],
      namedStaffIds: ["s-ll"],
    });
    expect(to(named)).toEqual(["u-dsl"]);
    const allNamed = routeConcern({
      ...base,
      kind: "child-at-risk",
      namedStaffIds: ["s-dsl", "s-dep", "s-ll"],
    });
    expect(to(allNamed)).toEqual(["u-pr"]);
    expect(allNamed.notes.join(" ")).toMatch(/No designated safeguarding lead/);
  });

  for (const q of HARM_QUESTIONS) {
    it(`makes a concern about staff an allegation when "${q.key}" alone is yes, with the LADO prompt`, () => {
      const r = routeConcern({
        ...base,
        kind: "staff-conduct",
        harmAnswers: { ...noes, [q.key]: true },
        subject: { staffId: "s-x", userId: "u-x" },
      });
      expect(r.category).toBe("allegation");
      expect(r.consultLado).toBe(true);
      expect(to(r)).toEqual(["u-pr"]);
    });
  }

  it("makes it a low-level concern when every answer is no: to the person the school names, else the principal", () => {
    const r = routeConcern({
      ...base,
      kind: "staff-conduct",
      harmAnswers: noes,
      subject: { staffId: "s-x", userId: "u-x" },
    });
    expect([r.category, r.consultLado, to(r)]).toEqual(["low-level", false, ["u-pr"]]);
    const named = routeConcern({
      ...base,
      kind: "staff-conduct",
      harmAnswers: noes,
      lowLevelRecipientId: "u-ll",
      subject: { staffId: "s-x", userId: "u-x" },
    });
    expect(to(named)).toEqual(["u-ll"]);
    // The named person is the subject: it goes to the principal instead.
    const aboutThem = routeConcern({
      ...base,
      kind: "staff-conduct",
      harmAnswers: noes,
      lowLevelRecipientId: "u-ll",
      subject: { staffId: "s-ll", userId: "u-ll" },
    });
    expect(to(aboutThem)).toEqual(["u-pr"]);
  });

  it("sends an allegation about the principal to the chair of governors, never to the principal", () => {
    const r = routeConcern({
      ...base,
      kind: "staff-conduct",
      harmAnswers: { ...noes, harmed: true },
      subject: { staffId: "s-pr", userId: "u-pr" },
    });
    expect(r.category).toBe("allegation");
    expect(r.recipients).toEqual([
      { userId: "u-chair", name: "Chris Chair", email: "chair@trust.example", role: "Chair of governors" },
    ]);
    const ceo = routeConcern({
      ...base,
      principalCaseManager: { role: "chief-executive", name: null, email: "ceo@trust.example", userId: null },
      kind: "staff-conduct",
      harmAnswers: { ...noes, offence: true },
      subject: { staffId: "s-pr", userId: "u-pr" },
    });
    expect(ceo.recipients.map((x) => [x.email, x.role])).toEqual([
      ["ceo@trust.example", "Chief executive of the trust"],
    ]);
  });

  it("never routes to the subject, and says so when nobody is left", () => {
    const r = routeConcern({
      ...base,
      principalCaseManager: { role: "chair", name: null, email: null, userId: null },
      kind: "staff-conduct",
      harmAnswers: noes,
      subject: { staffId: "s-pr", userId: "u-pr" },
    });
    expect(r.recipients).toEqual([]);
    expect(r.notes.join(" ")).toMatch(/No chair of governors/);
  });

  it("sends the school's reputation and abuse of staff to the head teacher", () => {
    for (const kind of ["reputation", "abuse-of-staff"] as const) {
      const r = routeConcern({ ...base, kind });
      expect([r.category, to(r), r.recipients[0]!.role]).toEqual([kind, ["u-pr"], "Head teacher"]);
    }
  });
});

describe("who may see a case", () => {
  const kase = { subjectStaffId: "s-x", reporterId: "u-rep", accessUserIds: ["u-dsl", "u-lm"] };
  it("opens it to those routed to, a receipt to the reporter, and nothing to the subject or their line manager", () => {
    expect(caseAccess({ userId: "u-dsl", staffId: "s-dsl", directReportIds: [] }, kase).level).toBe("full");
    expect(caseAccess({ userId: "u-rep", staffId: "s-rep", directReportIds: [] }, kase).level).toBe(
      "receipt",
    );
    expect(caseAccess({ userId: "u-x", staffId: "s-x", directReportIds: [] }, kase)).toEqual({
      level: "none",
      reason: "subject",
    });
    // Even when added to the case, a line manager of the subject is refused.
    expect(caseAccess({ userId: "u-lm", staffId: "s-lm", directReportIds: ["s-x"] }, kase)).toEqual({
      level: "none",
      reason: "line-manager",
    });
    expect(caseAccess({ userId: "u-other", staffId: null, directReportIds: [] }, kase).level).toBe("none");
  });
});

describe("retention by outcome", () => {
  const base = {
    category: "allegation",
    closedOn: "2026-12-01",
    subjectBirthYear: null,
    normalRetirementAge: 67,
  };
  it("removes false and malicious allegations, keeps others to retirement or ten years, low-level while employed", () => {
    expect(decideRetention({ ...base, outcome: "false" })).toEqual({ kind: "remove-now" });
    expect(decideRetention({ ...base, outcome: "malicious" })).toEqual({ kind: "remove-now" });
    expect(decideRetention({ ...base, outcome: "unfounded" })).toEqual({ kind: "until", date: "2036-12-01" });
    expect(decideRetention({ ...base, outcome: "substantiated", subjectBirthYear: 1990 })).toEqual({
      kind: "until",
      date: "2057-12-31",
    });
    expect(decideRetention({ ...base, outcome: "substantiated", subjectBirthYear: 1960 })).toEqual({
      kind: "until",
      date: "2036-12-01",
    });
    expect(decideRetention({ ...base, category: "low-level", outcome: "resolved" })).toEqual({
      kind: "while-employed",
    });
  });
});
