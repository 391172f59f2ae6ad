// Network usernames from the MIS/AD export: read under any of their headers, kept in one spelling,
// one person's at a school, changed or cleared by a re-import that never doubles a row, kept when a
// file has no such column, and refused with the file, line and column when two people would share one.
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../platform/testing/test-app";
import { importPeopleCsv } from "./import-people";
import { listStaff } from "./list-staff";
import { parsePeopleCsv } from "./parse-people-csv";
import { schools, staff, trusts } from "./schema";

const ACTOR = { id: null, label: "import test" };
let t: TestApp;
let highId = "";

beforeAll(async () => {
  t = await createTestApp();
  const [trust] = await t.database.db.insert(trusts).values({ name: "Summit", slug: "summit" }).returning();
  const [high] = await t.database.db
    .insert(schools)
    .values({ trustId: trust!.id, slug: "summit-high", name: "Summit High", phase: "secondary" })
    .returning();
  highId = high!.id;
  await t.database.db
    .insert(schools)
    .values({ trustId: trust!.id, slug: "summit-primary", name: "Summit Primary", phase: "primary" });
});
afterAll(async () => t?.close());

const HEAD = "Staff ID,Forename,Surname,Work Email,Start Date,Leave Date,School";
const person = (id: string, extra = "", school = "summit-high", leave = "") =>
  `${id},${id[0]!.toUpperCase()}${id.slice(1)},Tester,${id}@summit.example.org,01/09/2020,${leave},${school}${extra}`;

function importStaff(csvText: string, fileName = "staff.csv") {
  return importPeopleCsv({ db: t.database.db, actor: ACTOR, kind: "staff", csvText, fileName });
}

async function usernames(): Promise<Record<string, string | null>> {
  const rows = await t.database.db
    .select({ id: staff.externalId, username: staff.networkUsername })
    .from(staff)
    .where(eq(staff.schoolId, highId))
    .orderBy(asc(staff.externalId));
  return Object.fromEntries(rows.map((r) => [r.id, r.username]));
}

describe("network usernames in the staff file", () => {
  it.each(["Network Username", "AD Username", "Login", "network_username", "  ad  USERNAME "])(
    'reads the column headed "%s"',
    (header) => {
      const parsed = parsePeopleCsv({
        kind: "staff",
        fileName: "staff.csv",
        csvText: `${HEAD},${header}\n${person("amy", ",SUMMIT\\ASmith")}\n`,
      });
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows[0]!.networkUsername).toBe("asmith");
    },
  );

  it("keeps one spelling: trimmed, lower case, without DOMAIN\\ or @domain", () => {
    const parsed = parsePeopleCsv({
      kind: "staff",
      fileName: "staff.csv",
      csvText: [
        `${HEAD},Login`,
        person("amy", ",  ASmith  "),
        person("ben", ",SUMMIT\\BJones"),
        person("cat", ",CKhan@summit.example.org"),
        person("dan", ","),
      ].join("\n"),
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.networkUsername)).toEqual(["asmith", "bjones", "ckhan", null]);
  });

  it("names the file, line and column of a username two people share at one school, or a bad one", () => {
    const parsed = parsePeopleCsv({
      kind: "staff",
      fileName: "ad-export.csv",
      csvText: [
        `${HEAD},AD Username`,
        person("amy", ",asmith"),
        person("ben", ",SUMMIT\\ASmith"),
        // The same login at another school is another account: allowed.
        person("cat", ",asmith", "summit-primary"),
        person("dan", ",d smith"),
      ].join("\n"),
    });
    expect(parsed.errors).toEqual([
      {
        file: "ad-export.csv",
        line: 3,
        field: "AD Username",
        message: expect.stringContaining('AD Username "asmith" is also on line 2'),
      },
      {
        file: "ad-export.csv",
        line: 5,
        field: "AD Username",
        message: expect.stringContaining('"d smith" is not a network username'),
      },
    ]);
  });

  it("stores them, and a re-import of the same file changes nothing and doubles nothing", async () => {
    const file = [
      `${HEAD},Network Username`,
      person("amy", ",SUMMIT\\asmith"),
      person("ben", ",bjones"),
    ].join("\n");
    const first = await importStaff(file);
    expect(first.errors).toEqual([]);
    expect(first.created).toBe(2);
    expect(await usernames()).toEqual({ amy: "asmith", ben: "bjones" });
    // Capabilities read it through the staff list (subject access shows it; log attribution matches by it).
    const listed = await listStaff(t.database.db, { schoolIds: [highId] });
    expect(listed.map((p) => [p.email, p.networkUsername])).toEqual([
      ["amy@summit.example.org", "asmith"],
      ["ben@summit.example.org", "bjones"],
    ]);
    const again = await importStaff(file);
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    const { rows } = await t.database.pool.query<{ n: number }>(
      "select count(*)::int as n from staff where school_id = $1",
      [highId],
    );
    expect(rows[0]!.n).toBe(2);
  });

  it("updates a changed username, swaps two in one file, and keeps them when the file has no such column", async () => {
    const swapped = await importStaff(
      [`${HEAD},Login`, person("amy", ",bjones"), person("ben", ",asmith")].join("\n"),
    );
    expect(swapped.errors).toEqual([]);
    expect(swapped.updated).toBe(2);
    expect(await usernames()).toEqual({ amy: "bjones", ben: "asmith" });
    // A plain MIS export without the AD column: the usernames on record stay.
    const plain = await importStaff([HEAD, person("amy"), person("ben")].join("\n"));
    expect(plain.errors).toEqual([]);
    expect(plain.updated).toBe(0);
    expect(await usernames()).toEqual({ amy: "bjones", ben: "asmith" });
    // A blank cell under the column: the MIS says they have none.
    const cleared = await importStaff(
      [`${HEAD},Login`, person("amy", ","), person("ben", ",asmith")].join("\n"),
    );
    expect(cleared.updated).toBe(1);
    expect(await usernames()).toEqual({ amy: null, ben: "asmith" });
  });

  it("refuses a username held by someone on record whom the file does not list, unless they have left", async () => {
    // Ben is on record with asmith; a file of Cat alone giving her asmith would make two holders.
    const refused = await importStaff([`${HEAD},Login`, person("cat", ",ASmith")].join("\n"), "cat.csv");
    expect(refused.errors).toEqual([
      {
        file: "cat.csv",
        line: 2,
        field: "Login",
        message: expect.stringContaining('Login "asmith" is already Ben Tester\'s (ben) at this school'),
      },
    ]);
    expect(await usernames()).toEqual({ amy: null, ben: "asmith" });
    // Once Ben has left, the login may be recycled for a new starter.
    expect(
      (await importStaff([`${HEAD},Login`, person("ben", ",asmith", "summit-high", "31/12/2020")].join("\n")))
        .errors,
    ).toEqual([]);
    const recycled = await importStaff([`${HEAD},Login`, person("cat", ",asmith")].join("\n"));
    expect(recycled.errors).toEqual([]);
    expect(await usernames()).toEqual({ amy: null, ben: null, cat: "asmith" });
  });
});
