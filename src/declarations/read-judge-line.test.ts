import { describe, expect, it } from "vitest";
import { readInstant, readJudgeLine, readTimeZone } from "./read-judge-line";

const context = { defaultAsOf: new Date("2026-05-20T10:00:00Z"), timeZone: "Europe/London" };
const instant = (text: string, zone = "Europe/London") => {
  const read = readInstant(text, zone);
  return read.ok ? read.value.toISOString() : `refused: ${read.message}`;
};

describe("readInstant", () => {
  it.each([
    ["2026-07-10T00:30:00+01:00", "2026-07-09T23:30:00.000Z"],
    ["2026-07-10T00:30:00+0100", "2026-07-09T23:30:00.000Z"],
    ["2026-07-10T00:30:00+01", "2026-07-09T23:30:00.000Z"],
    ["2026-07-09T19:30:00-04:00", "2026-07-09T23:30:00.000Z"],
    ["2026-07-09T19:30:00\u221204:00", "2026-07-09T23:30:00.000Z"],
    ["2026-07-09T23:30:00.250Z", "2026-07-09T23:30:00.250Z"],
    ["2026-07-09t23:30z", "2026-07-09T23:30:00.000Z"],
    ["2026-07-10T05:00:00+05:30", "2026-07-09T23:30:00.000Z"],
  ])("reads %s exactly", (text, expected) => {
    expect(instant(text)).toBe(expected);
  });

  it("reads a time without offset, and a date alone, in the school's zone", () => {
    expect(instant("2026-07-10T00:30:00")).toBe("2026-07-09T23:30:00.000Z"); // BST
    expect(instant("2026-01-10T00:30:00")).toBe("2026-01-10T00:30:00.000Z"); // GMT
    expect(instant("2026-07-10")).toBe("2026-07-09T23:00:00.000Z");
    expect(instant("2026-07-10", "America/New_York")).toBe("2026-07-10T04:00:00.000Z");
    // 01:30 on 29 March 2026 does not exist in London (clocks go forward): still that day.
    expect(instant("2026-03-29T01:30:00")).toBe("2026-03-29T01:30:00.000Z");
  });

  it.each([
    "yesterday",
    "2026-02-30T09:00:00Z",
    "2026-05-20T24:00:00Z",
    "2026-05-20T09:60Z",
    "2026-05-20T09:00:00+15:00",
    "20/05/2026",
    "1779268800000",
    "0026-05-20T09:00:00Z",
  ])("refuses %s", (text) => {
    expect(instant(text)).toMatch(/^refused: .*ISO 8601 instant such as/);
  });
});

describe("readTimeZone", () => {
  it("accepts IANA names in any case and gives the canonical name", () => {
    expect(readTimeZone("europe/london")).toEqual({ ok: true, value: "Europe/London" });
    expect(readTimeZone("UTC")).toEqual({ ok: true, value: "UTC" });
    expect(readTimeZone("GMT")).toEqual({ ok: true, value: "UTC" });
  });

  it.each(["BST", "IST", "EST", "+01:00", "UTC+1", "GMT-5", "Mars/Olympus", ""])("refuses %j", (zone) => {
    expect(readTimeZone(zone).ok).toBe(false);
  });
});

describe("readJudgeLine", () => {
  it("matches field names whatever their case or separators", () => {
    const read = readJudgeLine(
      {
        ID: "a",
        as_of: "2026-05-20T09:00:00Z",
        Contact: { Kind: "pupil", date_of_birth: "2012-01-01", "other-relationships": ["family"] },
      },
      context,
    );
    expect(read).toMatchObject({
      ok: true,
      request: {
        id: "a",
        contact: { kind: "pupil", dateOfBirth: "2012-01-01", otherRelationships: ["family"] },
      },
    });
  });

  it("keeps other top-level fields out of the way but refuses unknown contact fields", () => {
    expect(readJudgeLine({ id: 1, source: "mis", contact: { kind: "staff" } }, context).ok).toBe(true);
    expect(readJudgeLine({ id: 1, contact: { kind: "staff", note: "x" } }, context)).toEqual({
      ok: false,
      id: 1,
      error: expect.stringMatching(
        /^contact\.note is not a field the judge knows; the fields of contact are kind/,
      ),
    });
  });

  it("refuses a contact field put beside the contact, where it would be ignored", () => {
    const read = readJudgeLine({ id: 1, dateOfBirth: "2009-01-01", contact: { kind: "ex-pupil" } }, context);
    expect(read).toEqual({
      ok: false,
      id: 1,
      error: 'dateOfBirth must be inside "contact", not beside it; move it there',
    });
  });

  it("drops blank and repeated relationship words", () => {
    const read = readJudgeLine(
      { id: 1, contact: { kind: "pupil", otherRelationships: ["", "Family", "relative"] } },
      context,
    );
    expect(read).toMatchObject({ ok: true, request: { contact: { otherRelationships: ["family"] } } });
  });

  it("refuses a date that is not a date, or a birth to come, even where the judge would not use it", () => {
    const parent = readJudgeLine({ id: 1, contact: { kind: "parent", dateOfBirth: "1985-02-30" } }, context);
    expect(parent).toEqual({
      ok: false,
      id: 1,
      error: expect.stringMatching(/^contact\.dateOfBirth: .*not a real date/),
    });
    const staff = readJudgeLine({ id: 2, contact: { kind: "staff", leftOn: "last July" } }, context);
    expect(staff).toEqual({
      ok: false,
      id: 2,
      error: expect.stringMatching(/^contact\.leftOn: .*YYYY-MM-DD/),
    });
    const unborn = readJudgeLine(
      { id: 3, contact: { kind: "governor", dateOfBirth: "2026-05-21" } },
      context,
    );
    expect(unborn).toEqual({ ok: false, id: 3, error: expect.stringMatching(/in the future/) });
  });

  it("treats null and blank dates as not given", () => {
    const read = readJudgeLine(
      { id: 1, contact: { kind: "ex-pupil", dateOfBirth: null, leftOn: " " } },
      context,
    );
    expect(read.ok && read.request.contact).toEqual({ kind: "ex-pupil", otherRelationships: [] });
  });
});
