import { describe, expect, it, vi } from "vitest";
import {
  academicYearStart,
  generateDemoTrust,
  peopleToCsv,
  toCsv,
  yearGroupByAge,
} from "./generate-demo-trust";
import { parsePeopleCsv, upnCheckLetter } from "./parse-people-csv";
import type { PupilRow } from "./types";

const asOf = new Date("2025-03-14T10:00:00Z");
const demo = generateDemoTrust({ asOf });
const today = "2025-03-14";

function age(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

function yearNumber(yearGroup: string): number {
  return yearGroup === "Nursery"
    ? -1
    : yearGroup === "Reception"
      ? 0
      : Number(yearGroup.replace("Year ", ""));
}

describe("generateDemoTrust", () => {
  it("makes the Summit Learning Trust with its three schools", () => {
    expect(demo.trust).toEqual({ name: "Summit Learning Trust", slug: "summit-learning-trust" });
    expect(demo.schools.map((s) => [s.slug, s.name, s.phase])).toEqual([
      ["summit-primary", "Summit Primary", "primary"],
      ["summit-high", "Summit High", "secondary"],
      ["summit-academy", "Summit Academy", "all-through"],
    ]);
    expect(demo.schools.every((s) => s.timeZone === "Europe/London")).toBe(true);
  });

  it("has about 150 staff, 1,500 pupils, 60 ex-pupils and their parents", () => {
    expect(demo.staff.length).toBeGreaterThanOrEqual(140);
    expect(demo.staff.length).toBeLessThanOrEqual(160);
    expect(demo.pupils.length).toBeGreaterThanOrEqual(1450);
    expect(demo.pupils.length).toBeLessThanOrEqual(1550);
    expect(demo.exPupils).toHaveLength(60);
    expect(demo.parents.length).toBeGreaterThan(demo.pupils.length);
  });

  it("is the same for the same seed and different for another, without Math.random", () => {
    const spy = vi.spyOn(Math, "random");
    const again = generateDemoTrust({ asOf, seed: 1 });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(again).toEqual(demo);
    const other = generateDemoTrust({ asOf, seed: 2 });
    expect(other.pupils.map((p) => p.firstName)).not.toEqual(demo.pupils.map((p) => p.firstName));
  });

  it("gives every school a principal at the top, senior leaders under them and a DSL", () => {
    for (const school of demo.schools) {
      const here = demo.staff.filter((s) => s.schoolSlug === school.slug);
      const principals = here.filter((s) => s.roles.includes("principal"));
      expect(principals).toHaveLength(1);
      expect(principals[0]!.lineManagerExternalId).toBeNull();
      const leaders = here.filter((s) => s.roles.includes("senior-leader"));
      expect(leaders.length).toBeGreaterThanOrEqual(2);
      expect(leaders.every((s) => s.lineManagerExternalId === principals[0]!.externalId)).toBe(true);
      expect(here.filter((s) => s.roles.includes("dsl"))).toHaveLength(1);
      expect(here.some((s) => s.employment === "volunteer")).toBe(true);
      const leaderIds = new Set(leaders.map((s) => s.externalId));
      const plain = here.filter((s) => s.roles.length === 1 && s.roles[0] === "staff");
      expect(plain.every((s) => leaderIds.has(s.lineManagerExternalId!))).toBe(true);
    }
  });

  it("has a trust IT director, HR and a trustee", () => {
    for (const role of ["it-director", "hr", "trustee"] as const) {
      expect(demo.staff.filter((s) => s.roles.includes(role))).toHaveLength(1);
    }
    expect(demo.staff.find((s) => s.roles.includes("trustee"))!.employment).toBe("volunteer");
  });

  it("links every line manager to someone at the same school, with no loops", () => {
    const byId = new Map(demo.staff.map((s) => [s.externalId, s]));
    expect(byId.size).toBe(demo.staff.length);
    for (const s of demo.staff) {
      if (s.lineManagerExternalId === null) continue;
      const manager = byId.get(s.lineManagerExternalId);
      expect(manager, s.externalId).toBeDefined();
      expect(manager!.schoolSlug).toBe(s.schoolSlug);
      const seen = new Set<string>();
      for (let at: string | null = s.externalId; at; at = byId.get(at)!.lineManagerExternalId) {
        expect(seen.has(at)).toBe(false);
        seen.add(at);
      }
    }
  });

  it("gives staff unique work emails like firstname.lastname@summit.example.org", () => {
    const emails = demo.staff.map((s) => s.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((e) => /^[a-z]+\.[a-z]+\d*@summit\.example\.org$/.test(e))).toBe(true);
    expect(
      demo.staff.every((s) => s.startDate <= today && (s.leaveDate === null || s.leaveDate >= s.startDate)),
    ).toBe(true);
  });

  it("keeps each school's pupils in its own year groups, born in the right academic year", () => {
    const ranges: Record<string, [number, number]> = {
      "summit-primary": [0, 6],
      "summit-high": [7, 13],
      "summit-academy": [0, 13],
    };
    const academicYear = academicYearStart(today);
    for (const p of demo.pupils) {
      const year = yearNumber(p.yearGroup);
      const [lo, hi] = ranges[p.schoolSlug]!;
      expect(year).toBeGreaterThanOrEqual(lo);
      expect(year).toBeLessThanOrEqual(hi);
      expect(yearGroupByAge(p.dateOfBirth, academicYear), `${p.externalId} ${p.dateOfBirth}`).toBe(year);
      expect(p.leftOn).toBeNull();
    }
  });

  it("gives every pupil a unique, valid UPN at their school", () => {
    const keys = [...demo.pupils, ...demo.exPupils].map((p) => `${p.schoolSlug}|${p.externalId}`);
    expect(new Set(keys).size).toBe(keys.length);
    const current = demo.pupils.map((p) => p.externalId);
    expect(new Set(current).size).toBe(current.length);
    for (const p of [...demo.pupils, ...demo.exPupils]) {
      expect(p.externalId).toMatch(/^[A-Z]\d{12}$/);
      expect(upnCheckLetter(p.externalId)).toBe(p.externalId[0]);
    }
  });

  it("has ex-pupils who left by asOf, were born for their year at leaving, on both sides of 18", () => {
    for (const p of demo.exPupils) {
      expect(p.leftOn).not.toBeNull();
      expect(p.leftOn! <= today).toBe(true);
      expect(yearGroupByAge(p.dateOfBirth, academicYearStart(p.leftOn!))).toBe(yearNumber(p.yearGroup));
    }
    const ages = demo.exPupils.map((p) => age(p.dateOfBirth, today));
    expect(ages.filter((a) => a < 18).length).toBeGreaterThanOrEqual(10);
    expect(ages.filter((a) => a >= 18).length).toBeGreaterThanOrEqual(10);
    // Someone turns 18 within the next month and someone has just turned 18.
    const daysTo18 = demo.exPupils.map((p) => {
      const birthday18 = `${Number(p.dateOfBirth.slice(0, 4)) + 18}${p.dateOfBirth.slice(4)}`;
      return (Date.parse(birthday18) - Date.parse(today)) / 86_400_000;
    });
    expect(daysTo18.some((d) => d > 0 && d <= 31)).toBe(true);
    expect(daysTo18.some((d) => d <= 0 && d >= -31)).toBe(true);
  });

  it("records a Year 6 leaver who went up to Summit High under the same UPN", () => {
    const high = new Map(
      demo.pupils.filter((p) => p.schoolSlug === "summit-high").map((p) => [p.externalId, p]),
    );
    const movedUp = demo.exPupils.filter((p) => p.schoolSlug === "summit-primary" && high.has(p.externalId));
    expect(movedUp.length).toBeGreaterThan(0);
    for (const p of movedUp) {
      expect(high.get(p.externalId)).toMatchObject({
        firstName: p.firstName,
        dateOfBirth: p.dateOfBirth,
        yearGroup: "Year 7",
      });
    }
  });

  it("links parents to pupils of their own school, siblings sharing parents", () => {
    const pupilKeys = new Set(demo.pupils.map((p) => `${p.schoolSlug}|${p.externalId}`));
    for (const parent of demo.parents) {
      expect(parent.pupilExternalIds.length).toBeGreaterThan(0);
      for (const upn of parent.pupilExternalIds)
        expect(pupilKeys.has(`${parent.schoolSlug}|${upn}`)).toBe(true);
    }
    const linked = new Set(
      demo.parents.flatMap((p) => p.pupilExternalIds.map((u) => `${p.schoolSlug}|${u}`)),
    );
    expect(linked.size).toBe(demo.pupils.length);
    expect(demo.parents.filter((p) => p.pupilExternalIds.length >= 2).length).toBeGreaterThan(100);
  });

  it("makes a few members of staff parents at their own school", () => {
    const staffByEmail = new Map(demo.staff.map((s) => [s.email, s]));
    const both = demo.parents.filter((p) => p.email && staffByEmail.has(p.email));
    expect(both.length).toBeGreaterThanOrEqual(3);
    for (const p of both) {
      const s = staffByEmail.get(p.email!)!;
      expect([p.firstName, p.lastName, p.schoolSlug]).toEqual([s.firstName, s.lastName, s.schoolSlug]);
    }
  });

  it("includes the pupils the post checker needs, and no Harry Potter", () => {
    const named = (first: string, last: string) =>
      [...demo.pupils, ...demo.exPupils].filter((p) => p.firstName === first && p.lastName === last);
    expect(named("Tom", "Dickson")).toHaveLength(1);
    expect(named("Anne", "Smith")).toHaveLength(1);
    expect(demo.pupils.some((p) => p.firstName === "Harry")).toBe(true);
    expect(named("Harry", "Potter")).toEqual([]);
    expect(
      [...demo.pupils, ...demo.exPupils, ...demo.staff, ...demo.parents].some((p) => p.lastName === "Potter"),
    ).toBe(false);
  });

  it.each(["2025-09-01T00:30:00Z", "2025-08-31T22:30:00Z", "2024-02-29T12:00:00Z"])(
    "stays consistent on awkward dates (asOf %s)",
    (instant) => {
      const d = generateDemoTrust({ asOf: new Date(instant), seed: 7 });
      const local = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(instant));
      const academicYear = academicYearStart(local);
      for (const p of d.pupils)
        expect(yearGroupByAge(p.dateOfBirth, academicYear)).toBe(yearNumber(p.yearGroup));
      for (const p of d.exPupils) expect(p.leftOn! <= local).toBe(true);
      expect(d.staff.every((s) => s.startDate <= local)).toBe(true);
    },
  );
});

describe("toCsv", () => {
  it("quotes what needs quoting, writes blanks for null and ends lines with CRLF", () => {
    expect(
      toCsv(
        ["A", "B"],
        [
          ["x, y", 'say "hi"'],
          [null, "two\nlines"],
          [" pad", "plain"],
        ],
      ),
    ).toBe('A,B\r\n"x, y","say ""hi"""\r\n,"two\nlines"\r\n" pad",plain\r\n');
  });
});

describe("round trip through parsePeopleCsv", () => {
  const knownSchoolSlugs = demo.schools.map((s) => s.slug);
  const read = <K extends "staff" | "pupils" | "parents">(kind: K, csvText: string) =>
    parsePeopleCsv({ kind, csvText, fileName: `${kind}.csv`, knownSchoolSlugs, asOf });

  it.each(["uk", "iso"] as const)("reads back the staff with no errors (%s dates)", (dates) => {
    const csv = peopleToCsv({ kind: "staff", rows: demo.staff, dates });
    expect(csv.split("\r\n")[0]).toBe(
      "Staff ID,Legal Forename,Legal Surname,Work Email,Job Title,Employment Type,Line Manager ID,Start Date,Leave Date,Conduct Roles,School",
    );
    const { rows, errors, warnings } = read("staff", csv);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual(demo.staff);
  });

  it("reads back pupils and ex-pupils with no errors", () => {
    const all: PupilRow[] = [...demo.pupils, ...demo.exPupils];
    const { rows, errors, warnings } = read("pupils", peopleToCsv({ kind: "pupils", rows: all }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual(all);
  });

  it.each(["row-per-pupil", "list"] as const)("reads back the parents with no errors (%s)", (links) => {
    const { rows, errors, warnings } = parsePeopleCsv({
      kind: "parents",
      csvText: peopleToCsv({ kind: "parents", rows: demo.parents, links }),
      fileName: "parents.csv",
      knownSchoolSlugs,
      knownPupilExternalIds: demo.pupils.map((p) => p.externalId),
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual(demo.parents);
  });
});
