// Leavers and the import: a leave date in the past ends sign-in and sessions in the import's own
// transaction, and staff missing from a later import of their school are listed, with a form to
// record them as left, nothing changed without it.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../platform/auth/passwords";
import { sessions, users } from "../../platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../../platform/auth/sessions";
import { createTestApp, signInAs, TEST_PASSWORD, type TestApp } from "../../platform/testing/test-app";
import { describeImportSummary } from "./describe-import-summary";
import { importPeopleCsv } from "./import-people";
import { schools, staff, trusts } from "./schema";

const ACTOR = { id: null, label: "leavers test" };
const AS_OF = new Date("2026-11-30T10:00:00Z");
const HEADER = "Staff ID,First Name,Last Name,Email,Start Date,Leave Date,School";

let t: TestApp;

function line(id: string, first: string, last: string, school: string, leave = "") {
  return `${id},${first},${last},${first.toLowerCase()}.${last.toLowerCase()}@${school}.example.org,01/09/2020,${leave},${school}`;
}

function importStaff(lines: string[], fileName: string, dryRun = false) {
  return importPeopleCsv({
    db: t.database.db,
    actor: ACTOR,
    kind: "staff",
    csvText: `${[HEADER, ...lines].join("\n")}\n`,
    fileName,
    asOf: AS_OF,
    dryRun,
  });
}

async function accountOf(email: string) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, email));
  return u!;
}

async function signIn(email: string) {
  const res = await t.request("/sign-in", { method: "POST", form: { email, password: TEST_PASSWORD } });
  return res.status;
}

const FULL = [
  line("L-1", "Lena", "Leaver", "lark-high"),
  line("L-2", "Stan", "Stayer", "lark-high"),
  line("L-3", "Gwen", "Gone", "lark-high"),
  line("L-4", "Pat", "Other", "wren-primary"),
];

beforeAll(async () => {
  t = await createTestApp();
  const [trust] = await t.database.db.insert(trusts).values({ name: "Lark Trust", slug: "lark" }).returning();
  for (const [slug, name] of [
    ["lark-high", "Lark High"],
    ["wren-primary", "Wren Primary"],
  ] as const)
    await t.database.db.insert(schools).values({ trustId: trust!.id, slug, name, phase: "secondary" });
  const first = await importStaff(FULL, "staff-1.csv");
  expect(first.errors).toEqual([]);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await t.database.db.update(users).set({ passwordHash });
});
afterAll(async () => t?.close());

describe("a leave date in the past, set by an import", () => {
  it("ends the leaver's sign-in and sessions in the same import, not at the nightly job", async () => {
    const email = "lena.leaver@lark-high.example.org";
    expect(await signIn(email)).toBe(303);
    const leaver = await accountOf(email);
    const token = await startSession(t.database.db, leaver.id, "password");
    const cookie = `${SESSION_COOKIE}=${token}`;
    const stayer = await accountOf("stan.stayer@lark-high.example.org");
    await startSession(t.database.db, stayer.id, "password");

    // A dry run says what would happen and changes nothing.
    const withLeaver = [line("L-1", "Lena", "Leaver", "lark-high", "31/10/2026"), ...FULL.slice(1)];
    const dry = await importStaff(withLeaver, "staff-2.csv", true);
    expect(dry).toMatchObject({ errors: [], updated: 1, signInsEnded: 1 });
    expect((await accountOf(email)).active).toBe(true);

    const real = await importStaff(withLeaver, "staff-2.csv");
    expect(real).toMatchObject({ errors: [], updated: 1, signInsEnded: 1 });
    expect((await accountOf(email)).active).toBe(false);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, leaver.id))).toEqual([]);
    expect(await signIn(email)).not.toBe(303);
    // Their old cookie no longer opens anything.
    const home = await t.request("/", { cookie, redirect: "manual" });
    expect(home.status).not.toBe(200);
    // Others keep theirs.
    expect((await accountOf("stan.stayer@lark-high.example.org")).active).toBe(true);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, stayer.id))).toHaveLength(1);
    expect(describeImportSummary(real).out.join("\n")).toContain(
      "1 leaver(s) with a leave date in the past lost",
    );

    // Re-running the same file changes nothing.
    const again = await importStaff(withLeaver, "staff-2.csv");
    expect(again).toMatchObject({ created: 0, updated: 0, signInsEnded: 0 });
  });

  it("leaves someone leaving in the future signed in", async () => {
    const future = [
      line("L-1", "Lena", "Leaver", "lark-high", "31/10/2026"),
      line("L-2", "Stan", "Stayer", "lark-high", "31/08/2027"),
      ...FULL.slice(2),
    ];
    const result = await importStaff(future, "staff-3.csv");
    expect(result).toMatchObject({ errors: [], signInsEnded: 0 });
    expect((await accountOf("stan.stayer@lark-high.example.org")).active).toBe(true);
    await importStaff([FULL[0]!.replace(",,", ",31/10/2026,"), ...FULL.slice(1)], "staff-4.csv");
  });
});

describe("staff missing from a later import of their school", () => {
  const withoutGwen = [line("L-1", "Lena", "Leaver", "lark-high", "31/10/2026"), FULL[1]!, FULL[3]!];

  it("are listed in the summary, and nothing is changed for them", async () => {
    const [gwenBefore] = await t.database.db.select().from(staff).where(eq(staff.externalId, "L-3"));
    const result = await importStaff(withoutGwen, "staff-5.csv");
    expect(result.errors).toEqual([]);
    expect(result.missingStaff).toEqual([
      {
        staffId: gwenBefore!.id,
        school: "lark-high",
        schoolName: "Lark High",
        externalId: "L-3",
        name: "Gwen Gone",
        jobTitle: "",
      },
    ]);
    const [gwenAfter] = await t.database.db.select().from(staff).where(eq(staff.externalId, "L-3"));
    expect(gwenAfter).toEqual(gwenBefore);
    expect((await accountOf("gwen.gone@lark-high.example.org")).active).toBe(true);
    expect(describeImportSummary(result).out.join("\n")).toMatch(
      /1 member\(s\) of staff.*Have they left\?[\s\S]*Lark High: Gwen Gone \(L-3\)/,
    );
    // A file for one school says nothing of staff at another.
    const onlyWren = await importStaff([FULL[3]!], "wren.csv");
    expect(onlyWren.missingStaff).toEqual([]);
  });

  it("are shown on the import page with a form; recording them as left ends their sign-in", async () => {
    const admin = await signInAs(t, "trust-admin");
    const form = new FormData();
    form.set("kind", "staff");
    form.set("file", new File([`${[HEADER, ...withoutGwen].join("\n")}\n`], "staff-6.csv"));
    const page = await t.request("/people/import", { method: "POST", cookie: admin.cookie, body: form });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("1 member of staff not in this file: have they left?");
    expect(html).toContain('action="/people/import/leavers"');
    const [gwen] = await t.database.db.select().from(staff).where(eq(staff.externalId, "L-3"));
    expect(html).toContain(`value="${gwen!.id}"`);
    expect(gwen!.leaveDate).toBeNull();

    // No one ticked: nothing changes.
    const none = await t.request("/people/import/leavers", {
      method: "POST",
      cookie: admin.cookie,
      body: new URLSearchParams({ leaveDate: "20/11/2026" }),
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Tick the people who have left.");

    const gwenAccount = await accountOf("gwen.gone@lark-high.example.org");
    await startSession(t.database.db, gwenAccount.id, "password");
    const confirm = await t.request("/people/import/leavers", {
      method: "POST",
      cookie: admin.cookie,
      body: new URLSearchParams([
        ["staffId", gwen!.id],
        ["leaveDate", "20/11/2025"],
      ]),
      redirect: "manual",
    });
    expect(confirm.status).toBe(303);
    const [after] = await t.database.db.select().from(staff).where(eq(staff.id, gwen!.id));
    expect(after!.leaveDate).toBe("2025-11-20");
    expect((await accountOf("gwen.gone@lark-high.example.org")).active).toBe(false);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, gwenAccount.id))).toEqual(
      [],
    );
    const events = await t.database.db.execute(
      sql`select detail from audit_events where action = 'people.leavers-confirmed'`,
    );
    expect(events.rows).toHaveLength(1);
    // Once recorded as left, they are no longer listed as missing.
    expect((await importStaff(withoutGwen, "staff-7.csv")).missingStaff).toEqual([]);
  });

  it("cannot be recorded as left by anyone without the import permission", async () => {
    const [stan] = await t.database.db.select().from(staff).where(eq(staff.externalId, "L-2"));
    for (const role of ["principal", "staff", "hr"] as const) {
      const [lark] = await t.database.db.select().from(schools).where(eq(schools.slug, "lark-high"));
      const someone = await signInAs(t, role, { schoolId: lark!.id });
      const res = await t.request("/people/import/leavers", {
        method: "POST",
        cookie: someone.cookie,
        body: new URLSearchParams([
          ["staffId", stan!.id],
          ["leaveDate", "01/11/2026"],
        ]),
        redirect: "manual",
      });
      expect(res.status).toBe(403);
    }
    const [after] = await t.database.db.select().from(staff).where(eq(staff.id, stan!.id));
    expect(after!.leaveDate).toBe(stan!.leaveDate);
  });
});
