import { describe, expect, it } from "vitest";
import { formatDay, formatInstant, formatMonth, formatTime } from "./format-date";

describe("one date format", () => {
  it("writes a calendar date as the same day wherever it is read", () => {
    expect(formatDay("2021-03-01")).toBe("1 March 2021");
    expect(formatDay(null)).toBe("not set");
  });

  it("writes a month-only date as a month, never as an invented day", () => {
    expect(formatDay("2021-03")).toBe("March 2021");
    expect(formatMonth("2023-03-31")).toBe("March 2023");
  });

  it("writes instants in the trust's zone, across the change of the clocks", () => {
    // The clocks go forward at 01:00 UTC on 29 March 2026: 00:30 UTC is GMT, 01:30 UTC is 02:30 BST.
    expect(formatInstant(new Date("2026-03-28T23:30:00Z"))).toBe("28 March 2026 at 23:30");
    expect(formatInstant(new Date("2026-03-29T00:30:00Z"))).toBe("29 March 2026 at 00:30");
    expect(formatInstant(new Date("2026-03-29T01:30:00Z"))).toBe("29 March 2026 at 02:30");
    expect(formatDay(new Date("2026-06-30T23:30:00Z"))).toBe("1 July 2026");
    expect(formatTime(new Date("2026-06-30T23:30:00Z"))).toBe("00:30");
  });
});
