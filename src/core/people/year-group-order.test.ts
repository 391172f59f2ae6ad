import { describe, expect, it } from "vitest";
import { compareYearGroups } from "./year-group-order";

describe("year groups in the order pupils move up", () => {
  it("puts Year 7 before Year 10 and the early years first", () => {
    const mis = [
      "Year 10",
      "Year 7",
      "Reception",
      "Year 11",
      "N2",
      "Year 8",
      "Sixth form",
      "Year 9",
      "Year 13",
    ];
    expect([...mis].sort(compareYearGroups)).toEqual([
      "N2",
      "Reception",
      "Year 7",
      "Year 8",
      "Year 9",
      "Year 10",
      "Year 11",
      "Sixth form",
      "Year 13",
    ]);
  });

  it("reads bare numbers and short forms alike, and keeps unknown labels last in name order", () => {
    expect(["10", "Y9", "7", "Alpha", "Yr 8", "Beta"].sort(compareYearGroups)).toEqual([
      "7",
      "Yr 8",
      "Y9",
      "10",
      "Alpha",
      "Beta",
    ]);
  });
});
