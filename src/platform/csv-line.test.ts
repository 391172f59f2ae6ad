import { describe, expect, it } from "vitest";
import { csvLine } from "./csv-line";

describe("csvLine", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    const rows = [
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["=SUM(A1)", "@handle"],
      ["line\nbreak", null],
    ];
    expect(rows.map(csvLine).join("")).toBe(
      'a,b\r\n"x, y","say ""hi"""\r\n\'=SUM(A1),\'@handle\r\n"line\nbreak",\r\n',
    );
  });
});
