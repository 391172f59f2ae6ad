import { describe, expect, it } from "vitest";
import {
  type ContactKind,
  type DeclarationContact,
  type DeclarationJudgement,
  type OtherRelationship,
  contactKinds,
  judgeDeclaration,
  otherRelationships,
} from "./judge-declaration";

const london = "Europe/London";
const asOf = new Date("2026-05-20T10:00:00Z");

function judge(
  contact: Partial<DeclarationContact> & { kind: ContactKind },
  at: Date = asOf,
  timeZone = london,
) {
  const result = judgeDeclaration({
    contact: { otherRelationships: [], ...contact },
    asOf: at,
    timeZone,
  });
  if (!result.ok) throw new Error(`expected a verdict, got ${result.error.field}: ${result.error.message}`);
  return result;
}

describe("pupils (8.3, 8.3.1)", () => {
  it("prohibits a solely staff/pupil relationship and tells the principal and DSL", () => {
    const j = judge({ kind: "pupil", dateOfBirth: "2011-04-02" });
    expect(j.verdict).toBe("prohibited");
    expect(j.clause).toBe("8.3");
    expect(j.notify).toEqual(["principal", "dsl"]);
    expect(j.action).toMatch(/Remove or block/);
    expect(j.action).toContain("8.3.2");
    expect(j.reason).toContain("pupil at the school");
    expect(j.changesAt).toBeUndefined();
  });

  it("still prohibits a current pupil who is already 18 (sixth form)", () => {
    const j = judge({ kind: "pupil", dateOfBirth: "2007-09-01" });
    expect(j.verdict).toBe("prohibited");
    expect(j.clause).toBe("8.3");
    expect(j.changesAt).toBeUndefined();
  });

  it("does not talk of age for a current pupil with no date of birth: 8.3 covers pupils of any age", () => {
    const j = judge({ kind: "pupil" });
    expect(j.verdict).toBe("prohibited");
    expect(j.reason).not.toMatch(/date of birth|under 18 until|treated as/);
    expect(j.reason).toContain("pupil at the school");
  });

  it.each<OtherRelationship>(["friend", "colleague", "governor", "parent-at-school"])(
    "does not accept %s as an appropriate other relationship",
    (relationship) => {
      const j = judge({ kind: "pupil", dateOfBirth: "2011-04-02", otherRelationships: [relationship] });
      expect(j.verdict).toBe("prohibited");
      expect(j.clause).toBe("8.3");
      expect(j.reason).toMatch(/not one of the other appropriate relationships clause 8\.3\.1 allows/);
      expect(j.notify).toEqual(["principal", "dsl"]);
    },
  );

  it.each<OtherRelationship>(["family", "family-friend"])(
    "permits %s with a declaration (8.3.1)",
    (relationship) => {
      const j = judge({ kind: "pupil", dateOfBirth: "2011-04-02", otherRelationships: [relationship] });
      expect(j.verdict).toBe("permitted-declare");
      expect(j.clause).toBe("8.3.1");
      expect(j.notify).toEqual(["principal"]);
      expect(j.reason).toMatch(/open and transparent/);
      expect(j.action).toMatch(/senior leaders/);
    },
  );

  it("lets family outweigh friendship", () => {
    const j = judge({ kind: "pupil", dateOfBirth: "2011-04-02", otherRelationships: ["friend", "family"] });
    expect(j.verdict).toBe("permitted-declare");
  });

  it("treats a partner who is a pupil as a safeguarding matter, even alongside family", () => {
    const j = judge({ kind: "pupil", dateOfBirth: "2009-01-01", otherRelationships: ["family", "partner"] });
    expect(j.verdict).toBe("prohibited");
    expect(j.clause).toBe("8.3");
    expect(j.relatedClauses).toContain("4.1.2");
    expect(j.notify).toContain("dsl");
    expect(j.reason).toMatch(/safeguarding/);
  });

  it("never lets a safeguarding finding lapse at a birthday", () => {
    const j = judge({ kind: "ex-pupil", dateOfBirth: "2008-09-01", otherRelationships: ["partner"] });
    expect(j.verdict).toBe("prohibited");
    expect(j.notify).toEqual(["dsl", "principal"]);
    expect(j.changesAt).toBeUndefined();
  });
});

describe("ex-pupils (8.3)", () => {
  it("prohibits contact with an ex-pupil under 18 until their 18th birthday", () => {
    const j = judge({ kind: "ex-pupil", dateOfBirth: "2008-09-01", leftOn: "2024-07-19" });
    expect(j.verdict).toBe("prohibited");
    expect(j.clause).toBe("8.3");
    expect(j.notify).toEqual(["principal", "dsl"]);
    expect(j.changesAt?.toISOString()).toBe("2026-08-31T23:00:00.000Z");
    expect(j.reason).toContain("under 18 until 1 September 2026");
    expect(j.reason).toContain("left the school on 19 July 2024");
  });

  it("judges an unknown date of birth as under 18 and says so", () => {
    const j = judge({ kind: "ex-pupil", leftOn: "2024-07-19" });
    expect(j.verdict).toBe("prohibited");
    expect(j.reason).toMatch(/date of birth is not known, so they are treated as under 18/);
    expect(j.changesAt).toBeUndefined();
  });

  it("permits an ex-pupil who is 18, citing 8.3", () => {
    const j = judge({ kind: "ex-pupil", dateOfBirth: "2007-01-10", leftOn: "2025-07-18" });
    expect(j.verdict).toBe("permitted");
    expect(j.clause).toBe("8.3");
    expect(j.notify).toEqual([]);
    expect(j.action).toBeUndefined();
    expect(j.reason).toContain("turned 18 on 10 January 2025");
    expect(j.changesAt).toBeUndefined();
  });

  it("asks for a partner who is an adult ex-pupil to be declared (4.2.1)", () => {
    const j = judge({ kind: "ex-pupil", dateOfBirth: "2006-01-10", otherRelationships: ["partner"] });
    expect(j.verdict).toBe("permitted-declare");
    expect(j.clause).toBe("4.2.1");
    expect(j.notify).toEqual(["principal"]);
  });

  it("permits family with an ex-pupil under 18 with a declaration, which does not lapse at 18", () => {
    const j = judge({ kind: "ex-pupil", dateOfBirth: "2009-02-14", otherRelationships: ["family"] });
    expect(j.verdict).toBe("permitted-declare");
    expect(j.clause).toBe("8.3.1");
    expect(j.changesAt).toBeUndefined();
  });

  it.each<OtherRelationship>(["family", "family-friend"])(
    "keeps %s with an adult ex-pupil open and declared (8.3.1 has no age limit)",
    (relationship) => {
      const j = judge({ kind: "ex-pupil", dateOfBirth: "2003-06-01", otherRelationships: [relationship] });
      expect(j).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1", notify: ["principal"] });
      expect(j.reason).toContain("turned 18 on 1 June 2021");
      expect(j.action).not.toMatch(/suitable for a pupil/);
    },
  );

  it("cites 4.2.1 too for an adult ex-pupil who is a family friend and a partner", () => {
    const j = judge({
      kind: "ex-pupil",
      dateOfBirth: "2003-06-01",
      otherRelationships: ["partner", "family-friend"],
    });
    expect(j).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1" });
    expect(j.relatedClauses).toEqual(["8.3", "4.2.1"]);
  });

  it("does not change a pupil who is family at their leaving date", () => {
    const j = judge({
      kind: "pupil",
      dateOfBirth: "2008-01-10",
      leftOn: "2026-07-17",
      otherRelationships: ["family"],
    });
    expect(j).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1" });
    expect(j.changesAt).toBeUndefined();
  });

  it("treats an ex-pupil whose leaving date is still to come as a pupil until the day after", () => {
    // 18 in March, leaves on 17 July: still a pupil until 18 July begins in London.
    const j = judge({ kind: "ex-pupil", dateOfBirth: "2008-03-01", leftOn: "2026-07-17" });
    expect(j.verdict).toBe("prohibited");
    expect(j.reason).toContain("on roll until 17 July 2026");
    expect(j.changesAt?.toISOString()).toBe("2026-07-17T23:00:00.000Z");
  });

  it("gives the later of leaving and turning 18 as the change", () => {
    const j = judge({ kind: "pupil", dateOfBirth: "2008-12-25", leftOn: "2026-07-17" });
    expect(j.verdict).toBe("prohibited");
    expect(j.changesAt?.toISOString()).toBe("2026-12-25T00:00:00.000Z");
  });

  it("treats a pupil whose leaving date has passed as an ex-pupil", () => {
    const j = judge({ kind: "pupil", dateOfBirth: "2007-01-10", leftOn: "2025-07-18" });
    expect(j.verdict).toBe("permitted");
  });

  it("still counts the leaving day itself as on roll", () => {
    const onLeavingDay = judge({ kind: "pupil", dateOfBirth: "2007-01-10", leftOn: "2026-05-20" });
    expect(onLeavingDay.verdict).toBe("prohibited");
    expect(onLeavingDay.changesAt?.toISOString()).toBe("2026-05-20T23:00:00.000Z");
  });
});

describe("18th birthday edges through judgeDeclaration", () => {
  const exPupil = (dateOfBirth: string) => ({ kind: "ex-pupil" as const, dateOfBirth, leftOn: "2024-07-19" });

  it.each([
    ["2008-07-10", "2026-07-09T22:30:00Z", "prohibited"], // 23:30 BST the day before
    ["2008-07-10", "2026-07-09T23:30:00Z", "permitted"], // 00:30 BST on the birthday, UTC still 9 July
    ["2008-01-15", "2026-01-14T23:30:00Z", "prohibited"], // 23:30 GMT the day before
    ["2008-01-15", "2026-01-15T00:30:00Z", "permitted"], // 00:30 GMT on the birthday
    ["2008-02-29", "2026-02-28T23:30:00Z", "prohibited"], // leap-day birthday not yet reached
    ["2008-02-29", "2026-03-01T00:00:00Z", "permitted"], // 1 March 00:00 London
  ])("born %s, at %s: %s", (dateOfBirth, at, verdict) => {
    expect(judge(exPupil(dateOfBirth), new Date(at)).verdict).toBe(verdict);
  });

  it("names 1 March, not 28 February, for someone born on 29 February 2008", () => {
    const j = judge(exPupil("2008-02-29"), new Date("2026-02-28T12:00:00Z"));
    expect(j.changesAt?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(j.reason).toContain("under 18 until 1 March 2026");
  });

  it("uses the school's zone, not UTC", () => {
    const at = new Date("2026-03-19T23:30:00Z"); // 19 March in London, 20 March in Tokyo
    expect(judge(exPupil("2008-03-20"), at, london).verdict).toBe("prohibited");
    expect(judge(exPupil("2008-03-20"), at, "Asia/Tokyo").verdict).toBe("permitted");
    const later = new Date("2026-07-09T23:30:00Z"); // 10 July in London, 9 July in New York
    expect(judge(exPupil("2008-07-10"), later, london).verdict).toBe("permitted");
    expect(judge(exPupil("2008-07-10"), later, "America/New_York").verdict).toBe("prohibited");
  });
});

describe("several connections at once", () => {
  it("names every other relationship that is not appropriate with a pupil", () => {
    const j = judge({
      kind: "pupil",
      dateOfBirth: "2009-01-01",
      otherRelationships: ["friend", "colleague", "governor"],
    });
    expect(j).toMatchObject({ verdict: "prohibited", clause: "8.3" });
    expect(j.reason).toContain("(friend, colleague, governor)");
  });

  it("lets a family friend outweigh a friendship with an ex-pupil under 18", () => {
    const j = judge({
      kind: "ex-pupil",
      dateOfBirth: "2010-01-01",
      otherRelationships: ["friend", "family-friend"],
    });
    expect(j).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1" });
  });

  it("declares a parent who is a colleague and a partner under 8.4.1, citing 4.2.1 too", () => {
    const j = judge({ kind: "parent", otherRelationships: ["colleague", "partner"] });
    expect(j).toMatchObject({ verdict: "permitted-declare", clause: "8.4.1" });
    expect(j.relatedClauses).toContain("4.2.1");
  });

  it("names both a partner and family on the staff", () => {
    const j = judge({ kind: "staff", otherRelationships: ["partner", "family", "friend"] });
    expect(j).toMatchObject({ verdict: "permitted-declare", clause: "4.2.1" });
    expect(j.reason).toContain("partner and family");
  });
});

describe("clock changes and time zones", () => {
  it("starts the day after leaving at local midnight either side of the clocks going forward", () => {
    // London: clocks go forward at 01:00 UTC on 29 March 2026.
    const before = judge(
      { kind: "pupil", dateOfBirth: "2007-01-10", leftOn: "2026-03-28" },
      new Date("2026-03-28T12:00:00Z"),
    );
    expect(before.changesAt?.toISOString()).toBe("2026-03-29T00:00:00.000Z");
    const after = judge(
      { kind: "pupil", dateOfBirth: "2007-01-10", leftOn: "2026-03-29" },
      new Date("2026-03-28T12:00:00Z"),
    );
    expect(after.changesAt?.toISOString()).toBe("2026-03-29T23:00:00.000Z");
  });

  it("comes of age at local midnight on the day the clocks go back", () => {
    // London: clocks go back at 01:00 UTC on 25 October 2026; the day begins at 23:00 UTC on the 24th (BST).
    const exPupil = { kind: "ex-pupil" as const, dateOfBirth: "2008-10-25", leftOn: "2025-07-18" };
    expect(judge(exPupil, new Date("2026-10-24T22:59:59Z")).verdict).toBe("prohibited");
    expect(judge(exPupil, new Date("2026-10-24T23:00:00Z")).verdict).toBe("permitted");
    expect(judge(exPupil, new Date("2026-10-01T12:00:00Z")).changesAt?.toISOString()).toBe(
      "2026-10-24T23:00:00.000Z",
    );
  });

  it("uses the school's zone for a parent's leaving date too", () => {
    const j = judge(
      { kind: "parent", leftOn: "2026-06-26" },
      new Date("2026-06-01T12:00:00Z"),
      "America/New_York",
    );
    expect(j.changesAt?.toISOString()).toBe("2026-06-27T04:00:00.000Z");
  });
});

describe("parents (8.4, 8.4.1)", () => {
  it("prohibits a solely staff/parent relationship and tells the principal", () => {
    const j = judge({ kind: "parent" });
    expect(j.verdict).toBe("prohibited");
    expect(j.clause).toBe("8.4");
    expect(j.notify).toEqual(["principal"]);
    expect(j.action).toMatch(/Remove this contact.*tell your principal/);
  });

  it.each<OtherRelationship>([
    "friend",
    "colleague",
    "family",
    "family-friend",
    "partner",
    "governor",
    "parent-at-school",
  ])("permits a parent who is also %s, with a declaration (8.4.1)", (relationship) => {
    const j = judge({ kind: "parent", otherRelationships: [relationship] });
    expect(j.verdict).toBe("permitted-declare");
    expect(j.clause).toBe("8.4.1");
    expect(j.notify).toEqual(["principal"]);
  });

  it("describes a staff member who is a fellow parent in words", () => {
    const j = judge({ kind: "parent", otherRelationships: ["parent-at-school"] });
    expect(j.reason).toContain("you are also a parent at the school");
  });

  it("ignores dates of birth for parents, even odd ones, and says so", () => {
    const j = judge({ kind: "parent", dateOfBirth: "not a date" });
    expect(j.verdict).toBe("prohibited");
    expect(j.ignored).toEqual(["dateOfBirth"]);
  });

  it("permits a former parent, whose child has left: 8.4 is in the present tense", () => {
    const j = judge({ kind: "parent", leftOn: "2024-07-19" });
    expect(j).toMatchObject({ verdict: "permitted", clause: "8.4", notify: [], ignored: [] });
    expect(j.reason).toContain("no longer a parent at the school: their child left on 19 July 2024");
    expect(j.reason).not.toContain("This person is a parent at the school");
    expect(j.changesAt).toBeUndefined();
  });

  it("still prohibits a parent whose child leaves later, and says when that changes", () => {
    // The last day on roll is 17 July 2026 (BST); 8.4 stops applying when 18 July begins in London.
    const j = judge({ kind: "parent", leftOn: "2026-07-17" });
    expect(j).toMatchObject({ verdict: "prohibited", clause: "8.4" });
    expect(j.reason).toContain("on roll until 17 July 2026");
    expect(j.changesAt?.toISOString()).toBe("2026-07-17T23:00:00.000Z");
    const onLeavingDay = judge({ kind: "parent", leftOn: "2026-05-20" });
    expect(onLeavingDay.verdict).toBe("prohibited");
  });

  it("judges a former parent who is also a colleague as a colleague", () => {
    const j = judge({ kind: "parent", leftOn: "2024-07-19", otherRelationships: ["colleague"] });
    expect(j).toMatchObject({ verdict: "permitted", clause: "8.4.1" });
    expect(j.reason).toMatch(/^This person is no longer a parent at the school.*a member of staff/);
    const partner = judge({
      kind: "parent",
      leftOn: "2024-07-19",
      otherRelationships: ["colleague", "partner"],
    });
    expect(partner).toMatchObject({ verdict: "permitted-declare", clause: "4.2.1" });
  });

  it("permits a former parent who is a friend, citing 8.4", () => {
    const j = judge({ kind: "parent", leftOn: "2025-07-18", otherRelationships: ["friend"] });
    expect(j).toMatchObject({ verdict: "permitted", clause: "8.4" });
  });

  it("refuses a parent's leaving date that is not a date", () => {
    const result = judgeDeclaration({
      contact: { kind: "parent", leftOn: "2025-02-30", otherRelationships: [] },
      asOf,
    });
    expect(result).toMatchObject({ ok: false, error: { field: "contact.leftOn" } });
  });
});

describe("staff, governors and others (8.4.1, 8.5, 4.2.1)", () => {
  it("reports dates it does not use for staff, governors and others", () => {
    expect(judge({ kind: "staff", dateOfBirth: "1980-01-01", leftOn: "2020-07-01" }).ignored).toEqual([
      "dateOfBirth",
      "leftOn",
    ]);
    expect(judge({ kind: "ex-pupil", dateOfBirth: "2003-01-01", leftOn: "2020-07-01" }).ignored).toEqual([]);
  });

  it("permits a colleague, citing 8.4.1", () => {
    const j = judge({ kind: "staff" });
    expect(j.verdict).toBe("permitted");
    expect(j.clause).toBe("8.4.1");
    expect(j.notify).toEqual([]);
    expect(j.reason).toMatch(/for your own protection/);
  });

  it.each<OtherRelationship>(["partner", "family"])(
    "asks for a colleague who is your %s to be declared",
    (r) => {
      const j = judge({ kind: "staff", otherRelationships: [r] });
      expect(j.verdict).toBe("permitted-declare");
      expect(j.clause).toBe("4.2.1");
      expect(j.notify).toEqual(["principal"]);
    },
  );

  it("permits a governor, and asks for a governor partner to be declared", () => {
    expect(judge({ kind: "governor" })).toMatchObject({ verdict: "permitted", clause: "8.4.1" });
    const partner = judge({ kind: "governor", otherRelationships: ["partner"] });
    expect(partner).toMatchObject({ verdict: "permitted-declare", clause: "4.2.1" });
    expect(partner.reason).toContain("a governor");
  });

  it("permits anyone else, citing 8.5, even a partner", () => {
    expect(judge({ kind: "other" })).toMatchObject({ verdict: "permitted", clause: "8.5", notify: [] });
    expect(judge({ kind: "other", otherRelationships: ["partner"] })).toMatchObject({ verdict: "permitted" });
  });

  it("judges an 'other' described as a colleague and partner like a member of staff", () => {
    const j = judge({ kind: "other", otherRelationships: ["colleague", "partner"] });
    expect(j).toMatchObject({ verdict: "permitted-declare", clause: "4.2.1" });
  });
});

describe("every verdict cites its clause", () => {
  const all: [ContactKind, OtherRelationship[]][] = contactKinds.flatMap((kind) => [
    [kind, []] as [ContactKind, OtherRelationship[]],
    ...otherRelationships.map((r) => [kind, [r]] as [ContactKind, OtherRelationship[]]),
  ]);
  it.each(all)("%s with %j", (kind, rels) => {
    for (const dateOfBirth of [undefined, "2012-01-01", "2000-01-01"]) {
      const j: DeclarationJudgement = judge({ kind, dateOfBirth, otherRelationships: rels });
      expect(j.clause).toMatch(/^\d+(\.\d+)*$/);
      // The reason names the very clause cited (not merely one that starts with the same digits).
      expect(j.reason).toMatch(new RegExp(`[Cc]lause ${j.clause.replaceAll(".", "\\.")}(?![.\\d])`));
      if (j.verdict !== "permitted") expect(j.notify).toContain("principal");
      if (j.verdict === "prohibited") expect(j.action).toBeTruthy();
    }
  });
});

describe("a renumbered policy", () => {
  it("cites the school's own clause numbers", () => {
    const result = judgeDeclaration({
      contact: { kind: "pupil", otherRelationships: [] },
      asOf,
      clauses: { pupils: "7.3", rejectedApproaches: "7.3.2" },
    });
    expect(result).toMatchObject({ ok: true, clause: "7.3" });
    if (!result.ok) throw new Error("unreachable");
    expect(result.reason).not.toContain("8.3");
    expect(result.action).toContain("clause 7.3.2");
  });
});

describe("errors a user can cause", () => {
  const error = (contact: Partial<DeclarationContact> & { kind: ContactKind }) => {
    const result = judgeDeclaration({
      contact: { otherRelationships: [], ...contact },
      asOf,
      timeZone: london,
    });
    if (result.ok) throw new Error(`expected an error, got ${result.verdict}`);
    return result.error;
  };

  it("refuses a date of birth in the future", () => {
    expect(error({ kind: "ex-pupil", dateOfBirth: "2026-05-21" })).toMatchObject({
      field: "contact.dateOfBirth",
      message: expect.stringMatching(/in the future/),
    });
  });

  it("accepts a date of birth of today in the school's zone", () => {
    // 23:30 UTC on 20 May is already 21 May in London.
    const late = new Date("2026-05-20T23:30:00Z");
    expect(
      judgeDeclaration({
        contact: { kind: "pupil", dateOfBirth: "2026-05-21", otherRelationships: [] },
        asOf: late,
      }).ok,
    ).toBe(true);
  });

  it("refuses a malformed or impossible date", () => {
    expect(error({ kind: "pupil", dateOfBirth: "20/05/2010" }).field).toBe("contact.dateOfBirth");
    expect(error({ kind: "pupil", dateOfBirth: "2010-02-29" }).message).toMatch(/not a real date/);
    expect(error({ kind: "pupil", dateOfBirth: "2010-01-01", leftOn: "2026-13-01" }).field).toBe(
      "contact.leftOn",
    );
  });

  it("refuses a leaving date on or before the date of birth", () => {
    expect(error({ kind: "ex-pupil", dateOfBirth: "2010-01-01", leftOn: "2009-07-20" })).toMatchObject({
      field: "contact.leftOn",
      message: expect.stringMatching(/not after the date of birth/),
    });
  });
});

describe("errors a user cannot cause", () => {
  it("throws on an invalid instant, zone or kind", () => {
    const contact: DeclarationContact = { kind: "staff", otherRelationships: [] };
    expect(() => judgeDeclaration({ contact, asOf: new Date("x") })).toThrow(RangeError);
    expect(() => judgeDeclaration({ contact, asOf, timeZone: "Nowhere/Town" })).toThrow(RangeError);
    expect(() =>
      judgeDeclaration({ contact: { kind: "cousin" as ContactKind, otherRelationships: [] }, asOf }),
    ).toThrow(TypeError);
    expect(() =>
      judgeDeclaration({
        contact: { kind: "staff", otherRelationships: ["rival" as OtherRelationship] },
        asOf,
      }),
    ).toThrow(TypeError);
  });
});
