import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  HEADER_ALIASES,
  type ParsePeopleCsvOptions,
  parsePeopleCsv,
  upnCheckLetter,
} from "./parse-people-csv";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const SCHOOLS = ["summit-primary", "summit-high", "summit-academy"];
const asOf = new Date("2025-03-14T12:00:00Z");

function parse<K extends "staff" | "pupils" | "parents">(
  kind: K,
  csvText: string,
  extra: Partial<ParsePeopleCsvOptions<K>> = {},
) {
  return parsePeopleCsv({
    kind,
    csvText,
    fileName: `${kind}.csv`,
    defaultSchoolSlug: "summit-high",
    knownSchoolSlugs: SCHOOLS,
    asOf,
    ...extra,
  });
}

const STAFF_HEAD =
  "Staff ID,Legal Forename,Legal Surname,Work Email,Job Title,Start Date,Leave Date,Line Manager ID";
const PUPIL_HEAD = "UPN,Legal Forename,Legal Surname,Year,DOB,Leaving Date";
const CONTACT_HEAD = "Contact ID,Forename,Surname,Email,Mobile,Relationship,Pupil UPN";
// Real check letters, so these pass without warnings.
const UPN_A = "B801200005001";
const UPN_B = "Y881204613001";
const UPN_C = "M881204613002";

describe("SIMS-like exports", () => {
  it("reads a staff list saved from Excel (BOM, CRLF, day-first dates, staff codes)", () => {
    const { rows, errors, warnings } = parse("staff", fixture("sims-staff.csv"), {
      defaultSchoolSlug: "summit-primary",
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toHaveLength(8);
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    expect(byId.get("HMA")).toMatchObject({
      firstName: "Helen",
      lastName: "Mahmood",
      jobTitle: "Headteacher",
      lineManagerExternalId: null,
      startDate: "2016-09-01",
      roles: ["principal", "staff"],
      schoolSlug: "summit-primary",
      employment: "employee",
    });
    expect(byId.get("DOK")?.roles).toEqual(["senior-leader", "dsl", "staff"]);
    expect(byId.get("RBE")).toMatchObject({ startDate: "2021-01-04", roles: ["senior-leader", "staff"] });
    expect(byId.get("JNO")?.roles).toEqual(["staff"]);
    expect(byId.get("PSH")).toMatchObject({
      lastName: "Szymański",
      leaveDate: "2025-08-31",
      employment: "employee",
    });
    expect(byId.get("ACH")?.jobTitle).toBe("Teaching Assistant, Reception");
    expect(byId.get("GWI")?.email).toBe("g.williams@summitprimary.sch.uk");
    expect(byId.get("MFR")).toMatchObject({ employment: "volunteer", lineManagerExternalId: "RBE" });
  });

  it("reads a pupil list with admission numbers, mixed year formats and a spaced UPN", () => {
    const { rows, errors, warnings } = parse("pupils", fixture("sims-pupils.csv"), {
      defaultSchoolSlug: "summit-primary",
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows.map((r) => r.yearGroup)).toEqual([
      "Reception",
      "Reception",
      "Year 3",
      "Year 3",
      "Year 5",
      "Year 5",
      "Year 6",
      "Year 6",
    ]);
    expect(rows[0]).toEqual({
      externalId: "Y881204613001",
      schoolSlug: "summit-primary",
      firstName: "Oluwaseun",
      lastName: "Adeyemi",
      preferredName: "Seun",
      yearGroup: "Reception",
      dateOfBirth: "2019-11-14",
      leftOn: null,
    });
    // A preferred name equal to the legal one says nothing new.
    expect(rows[1]!.preferredName).toBeNull();
    expect(rows[2]!.dateOfBirth).toBe("2016-02-29");
    expect(rows[6]!.leftOn).toBe("2023-07-21");
    expect(rows[7]!.externalId).toBe("C881204619002");
  });

  it("merges a contact listed once per child and takes the mobile before the telephone", () => {
    const { rows, errors } = parse("parents", fixture("sims-contacts.csv"), {
      defaultSchoolSlug: "summit-primary",
    });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(6);
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    expect(byId.get("40031")).toEqual({
      externalId: "40031",
      schoolSlug: "summit-primary",
      firstName: "Imran",
      lastName: "Hussain",
      email: "imran.hussain@example.org",
      phone: "07700 900333",
      pupilExternalIds: ["P881204615044", "W881204616103"],
      relationship: "Father",
    });
    expect(byId.get("40012")?.phone).toBe("07700 900111");
    expect(byId.get("40013")).toMatchObject({ phone: "01632 960111", email: null });
    expect(byId.get("40050")?.relationship).toBe("Grandmother");
  });
});

describe("Arbor-like exports", () => {
  it("reads a trust-wide staff report with ISO dates and school names", () => {
    const { rows, errors, warnings } = parse("staff", fixture("arbor-staff.csv"), {
      defaultSchoolSlug: undefined,
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.schoolSlug === "summit-high")).toBe(true);
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    expect(byId.get("ST-0004")).toMatchObject({ firstName: "Siân", lineManagerExternalId: "ST-0002" });
    expect(byId.get("ST-0005")?.leaveDate).toBe("2025-08-31");
    expect(byId.get("ST-0007")?.roles).toEqual(["it-director"]);
    expect(byId.get("ST-0008")).toMatchObject({ roles: ["trustee"], employment: "volunteer" });
    expect(byId.get("ST-0009")?.employment).toBe("volunteer");
  });

  it("reads a student report, including a temporary UPN", () => {
    const { rows, errors, warnings } = parse("pupils", fixture("arbor-students.csv"));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows.map((r) => `${r.firstName} ${r.lastName}`)).toEqual([
      "Tom Dickson",
      "Anne Smith",
      "Harry Whitfield",
      "Alexander Campbell-Brown",
      "Daniel Okonkwo",
    ]);
    expect(rows[3]).toMatchObject({
      externalId: "K88120461302A",
      preferredName: "Alex",
      yearGroup: "Year 12",
    });
    expect(rows[4]).toMatchObject({ leftOn: "2023-07-21", dateOfBirth: "2007-01-14" });
  });

  it("reads a guardian report with several children in one cell", () => {
    const { rows, errors } = parse("parents", fixture("arbor-guardians.csv"), {
      knownPupilExternalIds: ["N881204620011", "T881204612099", "K881204611045"],
    });
    expect(errors).toEqual([]);
    expect(rows.find((r) => r.externalId === "G-1002")).toMatchObject({
      email: null,
      phone: "07700 900502",
      pupilExternalIds: ["T881204612099", "K881204611045"],
    });
  });
});

describe("headers", () => {
  it("matches headers ignoring case, spaces and punctuation", () => {
    const csv = `  STAFF id ,legal_forename,SURNAME,E-mail,post,employment start\nE1,Ann,Lee,ann@x.org,Teacher,01/09/2020\n`;
    const { rows, errors } = parse("staff", csv);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      externalId: "E1",
      firstName: "Ann",
      jobTitle: "Teacher",
      email: "ann@x.org",
    });
  });

  it("names every missing required column, with the other headers that would do", () => {
    const { rows, errors } = parse("staff", "Staff ID,Surname\nE1,Lee\n");
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.field)).toEqual(["Legal Forename", "Work Email", "Start Date"]);
    expect(errors[0]).toMatchObject({ file: "staff.csv", line: 1 });
    expect(errors[0]!.message).toContain('"First Name"');
  });

  it("says so when a file of another kind is uploaded", () => {
    const { errors } = parse("staff", `${PUPIL_HEAD}\n${UPN_A},Ann,Lee,7,01/01/2012,\n`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toContain("looks like a pupils export");
  });

  it("refuses a header with the same column twice", () => {
    const { rows, errors } = parse(
      "pupils",
      `UPN,Legal Forename,Surname,Surname,Year,DOB\n${UPN_A},A,B,C,7,01/01/2012\n`,
    );
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 1, field: "Surname" })]);
  });

  it("warns that a Line Manager column of names is not used", () => {
    const { warnings } = parse(
      "staff",
      "Staff ID,First Name,Last Name,Email,Start Date,Line Manager\nE1,Ann,Lee,a@x.org,01/09/2020,Bob Smith\n",
    );
    expect(warnings).toEqual([expect.objectContaining({ line: 1, field: "Line Manager" })]);
  });

  it("exports the alias table with a preferred header first for every field", () => {
    for (const aliases of Object.values(HEADER_ALIASES)) {
      for (const a of aliases) expect(a.headers.length).toBeGreaterThan(0);
    }
    expect(HEADER_ALIASES.pupils.find((a) => a.field === "dateOfBirth")!.headers).toEqual([
      "DOB",
      "Date of Birth",
      "Birth Date",
    ]);
  });
});

describe("CSV structure", () => {
  it("reports an unclosed quote once, on the line it opens, with no rows", () => {
    const csv = `${STAFF_HEAD}\nE1,Ann,Lee,a@x.org,,01/09/2020,,\nE2,"Bob,Smith,b@x.org,,01/09/2020,,\nE3,Cy,Ng,c@x.org,,01/09/2020,,\n`;
    const { rows, errors } = parse("staff", csv);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "staff.csv", line: 3 });
    expect(errors[0]!.message).toMatch(/never closed/);
  });

  it("reports a line with the wrong number of values once, with no rows", () => {
    const csv = `${STAFF_HEAD}\nE1,Ann,Lee,a@x.org,,01/09/2020,,\nE2,Bob,Smith,Jones,b@x.org,,01/09/2020,,\n`;
    const { rows, errors } = parse("staff", csv);
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 3 })]);
    expect(errors[0]!.message).toContain("9 values where the header has 8 columns");
  });

  it("counts lines of a quoted value spread over CRLF lines when a later line is broken", () => {
    const multi = `E1,Ann,Lee,a@x.org,"Teacher\r\n(cover)",01/09/2020,,`;
    const badCount = parse("staff", [STAFF_HEAD, multi, "E2,Bob,Ng,b@x.org,01/09/2020"].join("\r\n"));
    expect(badCount.errors).toEqual([expect.objectContaining({ line: 4 })]);
    const unclosed = parse(
      "staff",
      [STAFF_HEAD, multi, 'E2,Bob,Ng,b@x.org,"Teacher,01/09/2020,,', "E3"].join("\r\n"),
    );
    expect(unclosed.errors).toEqual([expect.objectContaining({ line: 4 })]);
  });

  it("reads CRLF, a BOM and a quoted value over two lines, keeping spreadsheet line numbers", () => {
    const csv = `\uFEFF${STAFF_HEAD}\r\nE1,Ann,Lee,a@x.org,"Teacher\r\n(maternity cover)",01/09/2020,,\r\n\r\n,,,,,,,\r\nE2,Bob,Ng,not-an-email,,01/09/2020,,\r\n`;
    const { rows, errors } = parse("staff", csv);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.externalId).toBe("E1");
    // Line 2 holds E1 (over two lines), 4 is blank, 5 is an empty spreadsheet row, 6 is E2.
    expect(errors).toEqual([expect.objectContaining({ line: 6, field: "Work Email" })]);
  });

  it("reports an empty file and accepts a header with no rows", () => {
    expect(parse("staff", "").errors).toEqual([expect.objectContaining({ line: 1 })]);
    expect(parse("staff", `${STAFF_HEAD}\r\n`)).toEqual({ rows: [], errors: [], warnings: [] });
  });
});

describe("staff rules", () => {
  const staff = (...lines: string[]) => parse("staff", [STAFF_HEAD, ...lines].join("\n"));

  it("reports empty required values with the header as written and the line", () => {
    const { rows, errors } = staff("E1,,Lee,a@x.org,,01/09/2020,,", "E2,Bob,Ng,b@x.org,,01/09/2020,,");
    expect(rows.map((r) => r.externalId)).toEqual(["E2"]);
    expect(errors).toEqual([
      { file: "staff.csv", line: 2, field: "Legal Forename", message: expect.stringContaining("is empty") },
    ]);
  });

  it("checks the shape of an email address", () => {
    const { errors } = staff(
      "E1,Ann,Lee,ann.lee@school,,01/09/2020,,",
      "E2,Bob,Ng,bob@school.org.uk,,01/09/2020,,",
    );
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: "Work Email" })]);
  });

  it("reports a duplicate staff ID within a school, not across schools", () => {
    const head = `${STAFF_HEAD},School`;
    const { errors } = parse(
      "staff",
      [
        head,
        "E1,Ann,Lee,a@x.org,,01/09/2020,,,summit-high",
        "E1,Bob,Ng,b@x.org,,01/09/2020,,,summit-high",
        "E1,Cy,Ng,c@x.org,,01/09/2020,,,summit-primary",
      ].join("\n"),
    );
    expect(errors).toEqual([expect.objectContaining({ line: 3, field: "Staff ID" })]);
    expect(errors[0]!.message).toContain("line 2");
  });

  it("needs each line manager in the same file, and not the person themself", () => {
    const { rows, errors } = staff(
      "E1,Ann,Lee,a@x.org,,01/09/2020,,",
      "E2,Bob,Ng,b@x.org,,01/09/2020,,E1",
      "E3,Cy,Ho,c@x.org,,01/09/2020,,E9",
      "E4,Di,Ma,d@x.org,,01/09/2020,,E4",
    );
    expect(rows.map((r) => [r.externalId, r.lineManagerExternalId])).toEqual([
      ["E1", null],
      ["E2", "E1"],
    ]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [4, "Line Manager ID"],
      [5, "Line Manager ID"],
    ]);
    expect(errors[0]!.message).toContain('"E9" matches no Staff ID');
  });

  it("reports line managers that go round in a circle", () => {
    const { errors } = staff(
      "E1,Ann,Lee,a@x.org,,01/09/2020,,E3",
      "E2,Bob,Ng,b@x.org,,01/09/2020,,E1",
      "E3,Cy,Ho,c@x.org,,01/09/2020,,E2",
      "E4,Di,Ma,d@x.org,,01/09/2020,,E1",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/circle: E1 → E3 → E2 → E1/);
  });

  it("refuses a leave date before the start date", () => {
    const { errors } = staff(
      "E1,Ann,Lee,a@x.org,,01/09/2020,31/08/2020,",
      "E2,Bob,Ng,b@x.org,,01/09/2020,01/09/2020,",
    );
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: "Leave Date" })]);
    expect(errors[0]!.message).toContain("31/08/2020 is before Start Date 01/09/2020");
  });

  it("reads Conduct roles as a semicolon list, with everyday names, and refuses unknown ones", () => {
    const head = `${STAFF_HEAD},Conduct Roles`;
    const { rows, errors } = parse(
      "staff",
      [
        head,
        "E1,Ann,Lee,a@x.org,,01/09/2020,,,Headteacher; Designated Safeguarding Lead",
        "E2,Bob,Ng,b@x.org,,01/09/2020,,,SLT;staff;slt",
        "E3,Cy,Ho,c@x.org,,01/09/2020,,,caretaker",
        "E4,Di,Ma,d@x.org,,01/09/2020,,,Local Governor",
        "E5,Ed,Po,e@x.org,,01/09/2020,,,staff; governor",
      ].join("\n"),
    );
    expect(rows.map((r) => r.roles)).toEqual([
      ["principal", "dsl"],
      ["senior-leader", "staff"],
      ["local-governor"],
      ["staff", "local-governor"],
    ]);
    expect(errors).toEqual([expect.objectContaining({ line: 4, field: "Conduct Roles" })]);
  });

  it("treats only Volunteer as volunteer employment", () => {
    const head = "Staff ID,Forename,Surname,Email,Start Date,Contract Type";
    const { rows } = parse(
      "staff",
      [
        head,
        "E1,A,B,a@x.org,01/09/2020,volunteer",
        "E2,C,D,c@x.org,01/09/2020,Casual",
        "E3,E,F,e@x.org,01/09/2020,",
      ].join("\n"),
    );
    expect(rows.map((r) => r.employment)).toEqual(["volunteer", "employee", "employee"]);
  });
});

describe("schools", () => {
  it("reports a school that is not the trust's", () => {
    const { errors } = parse(
      "staff",
      [`${STAFF_HEAD},School Code`, "E1,Ann,Lee,a@x.org,,01/09/2020,,,summit-low"].join("\n"),
    );
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: "School Code" })]);
    expect(errors[0]!.message).toContain("summit-primary, summit-high, summit-academy");
  });

  it("uses the chosen school for blank values, and needs one when there is no School column", () => {
    const csv = [
      `${STAFF_HEAD},School`,
      "E1,Ann,Lee,a@x.org,,01/09/2020,,,",
      "E2,Bob,Ng,b@x.org,,01/09/2020,,,Summit Academy",
    ];
    const { rows } = parse("staff", csv.join("\n"), { defaultSchoolSlug: "summit-primary" });
    expect(rows.map((r) => r.schoolSlug)).toEqual(["summit-primary", "summit-academy"]);

    const none = parse("staff", `${STAFF_HEAD}\nE1,Ann,Lee,a@x.org,,01/09/2020,,`, {
      defaultSchoolSlug: undefined,
    });
    expect(none.rows).toEqual([]);
    expect(none.errors).toEqual([expect.objectContaining({ line: 1, field: "School" })]);
  });
});

describe("pupil rules", () => {
  const pupils = (...lines: string[]) => parse("pupils", [PUPIL_HEAD, ...lines].join("\n"));

  it.each([
    ["Year 7", "Year 7"],
    ["7", "Year 7"],
    ["07", "Year 7"],
    ["Y7", "Year 7"],
    ["Yr 7", "Year 7"],
    ["12", "Year 12"],
    ["Reception", "Reception"],
    ["R", "Reception"],
    ["YR", "Reception"],
    ["Nursery", "Nursery"],
    ["N2", "Nursery"],
  ])("reads the year group %s as %s", (written, canonical) => {
    const { rows, errors } = pupils(`${UPN_A},Ann,Lee,${written},01/01/2012,`);
    expect(errors).toEqual([]);
    expect(rows[0]!.yearGroup).toBe(canonical);
  });

  it("refuses a year group that is not one", () => {
    const { errors } = pupils(`${UPN_A},Ann,Lee,Form 7B,01/01/2012,`, `${UPN_B},Bo,Ng,15,01/01/2012,`);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, "Year"],
      [3, "Year"],
    ]);
  });

  it("allows a blank year group only for a leaver", () => {
    const { rows, errors } = pupils(`${UPN_A},Ann,Lee,,01/01/2005,20/07/2021`, `${UPN_B},Bo,Ng,,01/01/2012,`);
    expect(rows).toEqual([
      expect.objectContaining({ externalId: UPN_A, yearGroup: "", leftOn: "2021-07-20" }),
    ]);
    expect(errors).toEqual([expect.objectContaining({ line: 3, field: "Year" })]);
  });

  it.each([
    ["01/09/2015", "2015-09-01"],
    ["1/9/2015", "2015-09-01"],
    ["2015-09-01", "2015-09-01"],
    ["01/09/2015 00:00", "2015-09-01"],
    ["29/02/2016", "2016-02-29"],
  ])("reads the date of birth %s", (written, iso) => {
    const { rows, errors } = pupils(`${UPN_A},Ann,Lee,4,${written},`);
    expect(errors).toEqual([]);
    expect(rows[0]!.dateOfBirth).toBe(iso);
  });

  it.each([
    ["31/02/2015", "not a real date (February 2015 has 28 days)"],
    ["29/02/2015", "not a real date"],
    ["09/25/2015", "month 25"],
    ["01/09/15", "two-digit year"],
    ["2015/09/01", "not a date this import reads"],
    ["1 Sept 2015", "not a date this import reads"],
    ["01/09/1815", "year 1815"],
  ])("refuses the date of birth %s", (written, problem) => {
    const { rows, errors } = pupils(`${UPN_A},Ann,Lee,4,${written},`);
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: "DOB" })]);
    expect(errors[0]!.message).toContain(problem);
    expect(errors[0]!.message).toContain("DD/MM/YYYY");
  });

  it("refuses a date of birth in the future or less than two years ago", () => {
    const { errors } = pupils(`${UPN_A},Ann,Lee,4,15/03/2025,`, `${UPN_B},Bo,Ng,4,01/06/2024,`);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(errors[0]!.message).toContain("in the future");
    expect(errors[1]!.message).toContain("younger than two");
  });

  it("refuses a leaving date before the date of birth", () => {
    const { errors } = pupils(`${UPN_A},Ann,Lee,4,01/01/2012,01/01/2011`);
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: "Leaving Date" })]);
  });

  it("refuses what is clearly not a UPN and only warns about a wrong check letter", () => {
    const { rows, errors, warnings } = pupils(
      `12345,Ann,Lee,4,01/01/2015,`,
      `A801200005001,Bo,Ng,4,01/01/2015,`,
      `b801200005001,Cy,Ho,4,01/01/2015,`,
    );
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: "UPN" })]);
    expect(errors[0]!.message).toContain("13 characters");
    expect(warnings).toEqual([expect.objectContaining({ line: 3, field: "UPN" })]);
    expect(warnings[0]!.message).toContain("check letter B");
    expect(rows.map((r) => r.externalId)).toEqual(["A801200005001", "B801200005001"]);
  });

  it("reports a pupil listed twice", () => {
    const { errors } = pupils(
      `${UPN_A},Ann,Lee,4,01/01/2015,`,
      `${UPN_B},Bo,Ng,4,01/01/2015,`,
      `${UPN_A},Ann,Lee,4,01/01/2015,`,
    );
    expect(errors).toEqual([expect.objectContaining({ line: 4, field: "UPN" })]);
    expect(errors[0]!.message).toContain("also on line 2");
  });

  it("computes the DfE check letter", () => {
    expect(upnCheckLetter("B801200005001")).toBe("B");
    expect(upnCheckLetter("K88120461302A")).toBe("K");
  });
});

describe("parent rules", () => {
  const parents = (...lines: string[]) => parse("parents", [CONTACT_HEAD, ...lines].join("\n"));

  it("merges rows of one contact, keeping each pupil once and every relationship", () => {
    const { rows, errors } = parents(
      `C1,Ann,Lee,ann@x.org,,Mother,${UPN_A}`,
      `C1,Ann,Lee,,07700 900123,Step-mother,${UPN_B}; ${UPN_A}`,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        externalId: "C1",
        schoolSlug: "summit-high",
        firstName: "Ann",
        lastName: "Lee",
        email: "ann@x.org",
        phone: "07700 900123",
        pupilExternalIds: [UPN_A, UPN_B],
        relationship: "Mother; Step-mother",
      },
    ]);
  });

  it("reports rows of one contact that disagree", () => {
    const { rows, errors } = parents(
      `C1,Ann,Lee,ann@x.org,,Mother,${UPN_A}`,
      `C1,Ann,Leigh,ann@x.org,,Mother,${UPN_B}`,
    );
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 3, field: "Surname" })]);
    expect(errors[0]!.message).toContain('"Lee" on line 2');
  });

  it("needs a pupil for every contact, and a known one when the pupils are given", () => {
    const { errors } = parse(
      "parents",
      [CONTACT_HEAD, "C1,Ann,Lee,,,Mother,", `C2,Bo,Ng,,,Father,${UPN_C}`].join("\n"),
      {
        knownPupilExternalIds: [UPN_A],
      },
    );
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, "Pupil UPN"],
      [3, "Pupil UPN"],
    ]);
    expect(errors[1]!.message).toContain("Import the pupils first");
  });

  it("checks email and telephone shapes", () => {
    const { errors } = parents(
      `C1,Ann,Lee,ann at x.org,,Mother,${UPN_A}`,
      `C2,Bo,Ng,,call me,Father,${UPN_A}`,
    );
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, "Email"],
      [3, "Mobile"],
    ]);
  });

  it("treats the same Contact ID at two schools as two contacts", () => {
    const { rows } = parse(
      "parents",
      [
        `${CONTACT_HEAD},School`,
        `C1,Ann,Lee,,,Mother,${UPN_A},summit-high`,
        `C1,Bo,Ng,,,Father,${UPN_B},summit-primary`,
      ].join("\n"),
    );
    expect(rows.map((r) => [r.schoolSlug, r.firstName])).toEqual([
      ["summit-high", "Ann"],
      ["summit-primary", "Bo"],
    ]);
  });
});

it("sorts errors by line and names the file in each", () => {
  const { errors } = parse(
    "staff",
    [STAFF_HEAD, "E1,Ann,Lee,bad,,01/09/2020,,E9", "E2,,Ng,b@x.org,,bad date,,"].join("\n"),
  );
  expect(errors.map((e) => e.line)).toEqual([2, 2, 3, 3]);
  expect(errors.every((e) => e.file === "staff.csv")).toBe(true);
});
