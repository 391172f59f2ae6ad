import { describe, expect, it } from "vitest";
import { eighteenthBirthday, isAdultAt } from "./age-of-majority";

const london = "Europe/London";

describe("eighteenthBirthday", () => {
  it("is local midnight on the birthday in winter (GMT = UTC)", () => {
    expect(eighteenthBirthday({ dateOfBirth: "2008-01-15", timeZone: london }).toISOString()).toBe(
      "2026-01-15T00:00:00.000Z",
    );
  });

  it("is 23:00 UTC the evening before in summer (BST = UTC+1)", () => {
    expect(eighteenthBirthday({ dateOfBirth: "2008-07-10", timeZone: london }).toISOString()).toBe(
      "2026-07-09T23:00:00.000Z",
    );
  });

  it("defaults to Europe/London", () => {
    expect(eighteenthBirthday({ dateOfBirth: "2008-07-10" }).toISOString()).toBe("2026-07-09T23:00:00.000Z");
  });

  it("moves a 29 February birthday to 1 March in a common year", () => {
    expect(eighteenthBirthday({ dateOfBirth: "2008-02-29", timeZone: london }).toISOString()).toBe(
      "2026-03-01T00:00:00.000Z",
    );
  });

  it("is still midnight on the days the clocks change", () => {
    // 29 March 2026 and 25 October 2026 are the last Sundays of March and October; clocks change at 01:00.
    expect(eighteenthBirthday({ dateOfBirth: "2008-03-29", timeZone: london }).toISOString()).toBe(
      "2026-03-29T00:00:00.000Z",
    );
    expect(eighteenthBirthday({ dateOfBirth: "2008-10-25", timeZone: london }).toISOString()).toBe(
      "2026-10-24T23:00:00.000Z",
    );
  });

  it("starts the day at 01:00 where daylight saving skips midnight", () => {
    // Chile moved its clocks from 00:00 to 01:00 on 8 September 2024.
    expect(
      eighteenthBirthday({ dateOfBirth: "2006-09-08", timeZone: "America/Santiago" }).toISOString(),
    ).toBe("2024-09-08T04:00:00.000Z");
  });

  it("throws on a malformed date or zone, which the edge should have caught", () => {
    expect(() => eighteenthBirthday({ dateOfBirth: "2008-02-30" })).toThrow(RangeError);
    expect(() => eighteenthBirthday({ dateOfBirth: "15/01/2008" })).toThrow(RangeError);
    expect(() => eighteenthBirthday({ dateOfBirth: "2008-01-15", timeZone: "Mars/Olympus" })).toThrow(
      RangeError,
    );
  });
});

describe("isAdultAt in London across GMT and BST", () => {
  const cases: [string, string, string, boolean][] = [
    // [date of birth, asOf (UTC), what it is in London, adult?]
    ["2008-01-15", "2026-01-14T23:30:00Z", "14 Jan 23:30 GMT, day before", false],
    ["2008-01-15", "2026-01-15T00:30:00Z", "15 Jan 00:30 GMT, birthday", true],
    ["2008-07-10", "2026-07-09T22:30:00Z", "9 Jul 23:30 BST, day before", false],
    ["2008-07-10", "2026-07-09T23:30:00Z", "10 Jul 00:30 BST, birthday (UTC still 9 Jul)", true],
    ["2008-02-29", "2026-02-28T12:00:00Z", "28 Feb, not yet for a leap-day birthday", false],
    ["2008-02-29", "2026-02-28T23:59:59Z", "28 Feb 23:59:59", false],
    ["2008-02-29", "2026-03-01T00:00:00Z", "1 Mar 00:00, of age", true],
    ["2008-01-15", "2027-06-01T00:00:00Z", "long after", true],
    ["2008-01-15", "2020-06-01T00:00:00Z", "long before", false],
  ];
  it.each(cases)("born %s at %s (%s) -> adult %s", (dateOfBirth, asOf, _london, adult) => {
    expect(isAdultAt({ dateOfBirth, asOf: new Date(asOf), timeZone: london })).toBe(adult);
  });
});

describe("isAdultAt depends on the school's zone, not UTC", () => {
  it("the day before in London but already the birthday east of UTC", () => {
    const asOf = new Date("2026-03-19T23:30:00Z"); // London 19 March 23:30; Tokyo 20 March 08:30
    expect(isAdultAt({ dateOfBirth: "2008-03-20", asOf, timeZone: london })).toBe(false);
    expect(isAdultAt({ dateOfBirth: "2008-03-20", asOf, timeZone: "Asia/Tokyo" })).toBe(true);
  });

  it("already the birthday in London but still the day before west of UTC", () => {
    const asOf = new Date("2026-07-09T23:30:00Z"); // London 10 July 00:30; New York 9 July 19:30
    expect(isAdultAt({ dateOfBirth: "2008-07-10", asOf, timeZone: london })).toBe(true);
    expect(isAdultAt({ dateOfBirth: "2008-07-10", asOf, timeZone: "America/New_York" })).toBe(false);
  });

  it("refuses an invalid asOf", () => {
    expect(() => isAdultAt({ dateOfBirth: "2008-07-10", asOf: new Date("nope") })).toThrow(RangeError);
  });
});
