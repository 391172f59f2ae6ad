// Imports as files arrive from schools: in the encoding Excel saved, read as a stream, written with
// a fixed number of statements whatever the number of rows, and the lines of one contact checked to
// agree by the database as the text parser checks them.
import { countStatements } from "../../platform/testing/count-statements";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../platform/testing/test-app";
import { importPeopleCsv, type PeopleKind } from "./import-people";
import type { OpenBytes } from "./parse-people-csv";
import { parents, pupils, schools, staff, trusts } from "./schema";
import { withCheckLetter } from "./upn";

const ACTOR = { id: null, label: "streaming test" };
const AS_OF = new Date("2026-11-30T10:00:00Z");
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const [trust] = await t.database.db.insert(trusts).values({ name: "Oak Trust", slug: "oak" }).returning();
  for (const slug of ["oak-a", "oak-b", "oak-c", "oak-d", "oak-e", "oak-f", "oak-g"])
    await t.database.db.insert(schools).values({ trustId: trust!.id, slug, name: slug, phase: "secondary" });
});
afterAll(async () => t?.close());

function fromBuffer(buffer: Buffer, size = 4096): OpenBytes {
  return async function* () {
    for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
  };
}

function run(kind: PeopleKind, open: OpenBytes, fileName: string, school: string) {
  return importPeopleCsv({
    db: t.database.db,
    actor: ACTOR,
    kind,
    open,
    fileName,
    defaultSchoolSlug: school,
    asOf: AS_OF,
  });
}

/** A valid UPN, unique per school number (0–9) and i. */
const upnOf = (school: number, i: number) => withCheckLetter(`919${school}${String(i).padStart(8, "0")}`);

function pupilsCsv(n: number, school: number, from = 0): string {
  const lines = ["UPN,Legal Forename,Legal Surname,Year Group,DOB"];
  for (let i = from; i < from + n; i++) lines.push(`${upnOf(school, i)},Pupil${i},Surname,Year 8,01/03/2013`);
  return `${lines.join("\r\n")}\r\n`;
}

function staffCsv(n: number, school: string): string {
  // Each reports to the one before: line managers for every row.
  const lines = ["Staff ID,First Name,Last Name,Email,Start Date,Line Manager ID"];
  for (let i = 0; i < n; i++)
    lines.push(`S${i},Staff${i},Member,s${i}@${school}.example.org,01/09/2020,${i ? `S${i - 1}` : ""}`);
  return `${lines.join("\n")}\n`;
}

function parentsCsv(n: number, school: number): string {
  const lines = ["Contact ID,Forename,Surname,Relationship,Pupil UPN"];
  for (let i = 0; i < n; i++) lines.push(`C${i},Parent${i},Surname,Mother,${upnOf(school, i)}`);
  return `${lines.join("\n")}\n`;
}

describe("a file in the encoding Excel saved it in", () => {
  it("keeps Zoë from a Windows-1252 file and says which encoding was used", async () => {
    const csv = Buffer.from(
      `UPN,Legal Forename,Legal Surname,Year Group,DOB\r\n${upnOf(9, 1)},Zo\xeb,Br\xfbl\xe9,Year 7,02/02/2014\r\n`,
      "latin1",
    );
    const result = await run("pupils", fromBuffer(csv), "excel.csv", "oak-d");
    expect(result).toMatchObject({ errors: [], created: 1, encoding: "Windows-1252" });
    const [row] = await t.database.db
      .select()
      .from(pupils)
      .where(eq(pupils.externalId, upnOf(9, 1)));
    expect([row!.firstName, row!.lastName]).toEqual(["Zoë", "Brûlé"]);
  });

  it("reads a UTF-16 file (Excel's Unicode text) instead of refusing it", async () => {
    const text = `UPN,Legal Forename,Legal Surname,Year Group,DOB\r\n${upnOf(9, 2)},Siân,Łukasik,Year 7,02/02/2014\r\n`;
    const csv = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const result = await run("pupils", fromBuffer(csv, 7), "unicode.csv", "oak-d");
    expect(result).toMatchObject({ errors: [], created: 1, encoding: "UTF-16 LE" });
    const [row] = await t.database.db
      .select()
      .from(pupils)
      .where(eq(pupils.externalId, upnOf(9, 2)));
    expect([row!.firstName, row!.lastName]).toEqual(["Siân", "Łukasik"]);
  });

  it("refuses a workbook saved under a .csv name with what to do, writing nothing", async () => {
    const result = await run(
      "pupils",
      fromBuffer(Buffer.from("PK\x03\x04rest", "latin1")),
      "book.csv",
      "oak-d",
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: "book.csv", line: 1 });
    expect(result.errors[0]!.message).toMatch(/Excel workbook/);
    expect(result.encoding).toBeNull();
  });

  it("refuses a cell of megabytes with a clear message, not a crash", async () => {
    const csv = `UPN,Legal Forename,Legal Surname,Year Group,DOB\n${upnOf(9, 3)},${"x".repeat(2_000_000)},S,Year 7,02/02/2014\n`;
    const result = await run("pupils", fromBuffer(Buffer.from(csv)), "huge.csv", "oak-d");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/longer than 100,000 characters/);
    // The column the oversized value is in, so the user knows which cell to look at.
    expect(result.errors[0]).toMatchObject({ line: 2, field: "Legal Forename" });
  });
});

describe("a large file", () => {
  it("is read as it is written: rows are staged before the end of the file is read", async () => {
    const csv = Buffer.from(pupilsCsv(5000, 1));
    let piecesRead = 0;
    const piecesAtProgress: number[] = [];
    const open: OpenBytes = async function* () {
      for (let i = 0; i < csv.length; i += 4096) {
        piecesRead++;
        yield csv.subarray(i, i + 4096);
      }
    };
    const result = await importPeopleCsv({
      db: t.database.db,
      actor: ACTOR,
      kind: "pupils",
      open,
      fileName: "stream.csv",
      defaultSchoolSlug: "oak-a",
      asOf: AS_OF,
      onProgress: () => piecesAtProgress.push(piecesRead),
    });
    expect(result).toMatchObject({ errors: [], created: 5000 });
    const pieces = Math.ceil(csv.length / 4096);
    // Read twice (encoding, then rows): the first progress comes before the second pass is done.
    expect(piecesAtProgress[0]!).toBeLessThan(pieces * 2 - 10);
    expect(result.rowsPerSecond).toBeGreaterThan(0);
  });

  it("takes the same number of statements for 3 times the rows, for each kind", async () => {
    const statements = (work: () => Promise<unknown>) =>
      countStatements(async () => {
        const result = (await work()) as { errors: unknown[] };
        expect(result.errors).toEqual([]);
      });
    const csv = (s: string) => fromBuffer(Buffer.from(s));
    const staffSmall = await statements(() => run("staff", csv(staffCsv(300, "oak-b")), "s.csv", "oak-b"));
    const staffLarge = await statements(() => run("staff", csv(staffCsv(900, "oak-c")), "s.csv", "oak-c"));
    expect(staffLarge).toBe(staffSmall);
    const pupilsSmall = await statements(() => run("pupils", csv(pupilsCsv(1000, 2)), "p.csv", "oak-b"));
    const pupilsLarge = await statements(() => run("pupils", csv(pupilsCsv(3000, 3)), "p.csv", "oak-c"));
    expect(pupilsLarge).toBe(pupilsSmall);
    const parentsSmall = await statements(() => run("parents", csv(parentsCsv(1000, 2)), "c.csv", "oak-b"));
    const parentsLarge = await statements(() => run("parents", csv(parentsCsv(3000, 3)), "c.csv", "oak-c"));
    expect(parentsLarge).toBe(parentsSmall);
    const managed = await t.database.db.select().from(staff).where(eq(staff.externalId, "S899"));
    const [manager] = await t.database.db
      .select()
      .from(staff)
      .where(eq(staff.id, managed[0]!.lineManagerId!));
    expect(manager!.externalId).toBe("S898");
  });

  // Once 3.7-3.9x at 2n on PostgreSQL 15: the child links were looked up by school alone inside a
  // lateral unnest, a plan chosen on statistics the app's login may not refresh (write-staged-people.ts).
  it("imports parents in time that grows with the file, not its square", {
    timeout: 120_000,
  }, async () => {
    // n and 2n contacts at schools of their own, each imported once; then timed re-imports,
    // interleaved and the fastest of three taken, so other work on the machine does not decide.
    const load = async (n: number, school: number, slug: string) => {
      await run("pupils", fromBuffer(Buffer.from(pupilsCsv(n, school))), "p.csv", slug);
      const file = Buffer.from(parentsCsv(n, school));
      expect(await run("parents", fromBuffer(file), "c.csv", slug)).toMatchObject({
        errors: [],
        created: n,
      });
      return async () => {
        const started = performance.now();
        const result = await run("parents", fromBuffer(file), "c.csv", slug);
        expect(result).toMatchObject({ errors: [], rows: n, unchanged: n });
        return performance.now() - started;
      };
    };
    const small = await load(3000, 6, "oak-f");
    const large = await load(6000, 7, "oak-g");
    const times = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < 3; i++) {
      times.small.push(await small());
      times.large.push(await large());
    }
    expect(Math.min(...times.large)).toBeLessThan(Math.min(...times.small) * 3);
  });
});

describe("the lines of one contact, merged by the database", () => {
  it("must agree, with the parser's message naming both lines", async () => {
    await run("pupils", fromBuffer(Buffer.from(pupilsCsv(3, 8))), "p.csv", "oak-b");
    const csv = [
      "Contact ID,Forename,Surname,Email,Relationship,Pupil UPN",
      `K1,Ann,Jones,,Mother,${upnOf(8, 0)}`,
      `K1,Ann,Jones,ann@example.org,Carer,${upnOf(8, 1)}`,
      `K1,Anne,Jones,ann@example.org,,${upnOf(8, 2)}`,
    ].join("\n");
    const bad = await run("parents", fromBuffer(Buffer.from(csv)), "contacts.csv", "oak-b");
    expect(bad.errors).toEqual([
      {
        file: "contacts.csv",
        line: 4,
        field: "Forename",
        message:
          'Contact K1 has Forename "Ann" on line 2 but "Anne" here. Make the rows for one contact agree.',
      },
    ]);
    const good = await run("parents", fromBuffer(Buffer.from(csv.replace("Anne", "Ann"))), "c.csv", "oak-b");
    expect(good).toMatchObject({ errors: [], rows: 1, created: 1 });
    const [k1] = await t.database.db.select().from(parents).where(eq(parents.externalId, "K1"));
    expect(k1).toMatchObject({ email: "ann@example.org", relationship: "Mother; Carer" });
  });
});
