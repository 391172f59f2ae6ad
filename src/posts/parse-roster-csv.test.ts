import { describe, expect, it } from "vitest";
import { parseRosterCsv } from "./parse-roster-csv";

describe("parseRosterCsv", () => {
  it("reads rows into people, leaving out empty optional fields", () => {
    const csvText =
      "\ufeffkind,school,first_name,last_name,year_group,date_of_birth,left_on\n" +
      "pupil,summit-high,Tom,Dickson,Year 9,2011-03-14,\nparent,summit-high,Karen,Dickson,,,\n";
    const result = parseRosterCsv({ csvText, fileName: "roster.csv" });
    expect(result).toEqual({
      ok: true,
      people: [
        {
          kind: "pupil",
          school: "summit-high",
          firstName: "Tom",
          lastName: "Dickson",
          yearGroup: "Year 9",
          dateOfBirth: "2011-03-14",
        },
        { kind: "parent", school: "summit-high", firstName: "Karen", lastName: "Dickson" },
      ],
    });
  });

  it("names the file, line and field of each problem", () => {
    const csvText =
      "kind,school,first_name,last_name,date_of_birth\npupil,s,Tom,Dickson,2011-02-30\nteacher,s,,X,\n";
    const result = parseRosterCsv({ csvText, fileName: "roster.csv" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(
      expect.objectContaining({ file: "roster.csv", line: 2, field: "date_of_birth" }),
    );
    expect(result.errors).toContainEqual(expect.objectContaining({ line: 3, field: "kind" }));
    expect(result.errors).toContainEqual(
      expect.objectContaining({ line: 3, field: "first_name", message: "is empty" }),
    );
  });

  it("reports a missing column against the header line", () => {
    const result = parseRosterCsv({ csvText: "kind,school,first_name\npupil,s,Tom\n", fileName: "r.csv" });
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ line: 1, field: "last_name" })] });
  });
});
