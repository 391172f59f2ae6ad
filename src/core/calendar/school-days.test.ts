import { describe, expect, it } from "vitest";
import {
  addSchoolDays,
  bankHolidays,
  isSchoolDay,
  type SchoolCalendar,
  schoolDaysBetween,
} from "./school-days";

const noTerms: SchoolCalendar = { timeZone: "Europe/London", terms: [], closures: [] };
const autumn2026: SchoolCalendar = {
  timeZone: "Europe/London",
  terms: [
    { name: "Autumn 1", startsOn: "2026-09-02", endsOn: "2026-10-23" },
    { name: "Autumn 2", startsOn: "2026-11-02", endsOn: "2026-12-18" },
  ],
  closures: [{ date: "2026-11-27", reason: "INSET day" }],
};

describe("bank holidays of England and Wales", () => {
  it("matches the published dates, substitute days included", () => {
    expect(bankHolidays(2026)).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-28", // Boxing Day is a Saturday
    ]);
    // 2027: Christmas on a Saturday, Boxing Day on a Sunday: the 27th and 28th.
    expect(bankHolidays(2027).slice(-2)).toEqual(["2027-12-27", "2027-12-28"]);
    // 2022: New Year's Day on a Saturday: Monday 3 January.
    expect(bankHolidays(2022)[0]).toBe("2022-01-03");
  });
});

describe("school days", () => {
  it("skips weekends, bank holidays, closures and the holidays between terms", () => {
    expect(isSchoolDay(noTerms, "2026-12-02")).toBe(true); // a Wednesday
    expect(isSchoolDay(noTerms, "2026-12-05")).toBe(false); // Saturday
    expect(isSchoolDay(noTerms, "2026-08-31")).toBe(false); // bank holiday
    expect(isSchoolDay(autumn2026, "2026-10-28")).toBe(false); // half-term
    expect(isSchoolDay(autumn2026, "2026-11-27")).toBe(false); // INSET
    expect(isSchoolDay(autumn2026, "2026-12-21")).toBe(false); // after the term
  });

  it("counts a deadline across half-term", () => {
    // Friday 16 October plus 10 school days: 5 days to the 23rd, half-term, then 5 from 2 November.
    expect(addSchoolDays(autumn2026, "2026-10-16", 10)).toBe("2026-11-06");
    expect(schoolDaysBetween(autumn2026, "2026-10-16", "2026-11-06")).toBe(10);
    // Without term dates the same deadline is two calendar weeks.
    expect(addSchoolDays(noTerms, "2026-10-16", 10)).toBe("2026-10-30");
    // From a non-school day, zero days is the next school day.
    expect(addSchoolDays(autumn2026, "2026-10-24", 0)).toBe("2026-11-02");
  });

  it("refuses a negative count and a calendar with no school day ahead", () => {
    expect(() => addSchoolDays(noTerms, "2026-10-16", -1)).toThrow();
    const ended: SchoolCalendar = {
      ...noTerms,
      terms: [{ name: "Old", startsOn: "2000-01-01", endsOn: "2000-07-01" }],
    };
    expect(() => addSchoolDays(ended, "2026-01-01", 1)).toThrow(/term dates/);
  });
});
