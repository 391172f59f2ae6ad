// Importing MIS exports into a real database: staff, then pupils, then parents; dry runs, files
// with errors, re-imports that change nothing, and the upload page.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../platform/audit/schema";
import { roleAssignments, users } from "../../platform/auth/schema";
import { createTestApp, signInAs, type TestApp } from "../../platform/testing/test-app";
import { importPeopleCsv, type PeopleKind } from "./import-people";
import { schools, staff, trusts } from "./schema";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const ACTOR = { id: null, label: "import test" };

let t: TestApp;
const schoolId = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  const [trust] = await t.database.db
    .insert(trusts)
    .values({ name: "Summit Learning Trust", slug: "summit" })
    .returning();
  for (const [slug, name, phase] of [
    ["summit-high", "Summit High", "secondary"],
    ["summit-primary", "Summit Primary", "primary"],
  ] as const) {
    const [s] = await t.database.db
      .insert(schools)
      .values({ trustId: trust!.id, slug, name, phase })
      .returning();
    schoolId.set(slug, s!.id);
  }
});
afterAll(async () => t?.close());

function run(
  kind: PeopleKind,
  csvText: string,
  fileName: string,
  options: { dryRun?: boolean; school?: string } = {},
) {
  return importPeopleCsv({
    db: t.database.db,
    actor: ACTOR,
    kind,
    csvText,
    fileName,
    dryRun: options.dryRun,
    defaultSchoolSlug: options.school,
  });
}

const TABLES = ["staff", "pupils", "parents", "parent_pupils", "users", "role_assignments"] as const;

/** Every row of the people tables, updated_at included, in a stable order. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await t.database.pool.query(`select * from ${table} order by 1, 2`);
    out[table] = rows;
  }
  return out;
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [...TABLES, "audit_events"]) {
    const { rows } = await t.database.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    out[table] = rows[0]!.n;
  }
  return out;
}

describe("importing people from CSV", () => {
  it("dry-runs a staff file: reports what would happen and writes nothing", async () => {
    const before = await counts();
    const result = await run("staff", fixture("arbor-staff.csv"), "arbor-staff.csv", { dryRun: true });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({
      dryRun: true,
      rows: 9,
      created: 9,
      updated: 0,
      unchanged: 0,
      accountsCreated: 9,
    });
    expect(await counts()).toEqual(before);
  });

  it("imports staff with their line managers, sign-in accounts and roles at the right school", async () => {
    const result = await run("staff", fixture("arbor-staff.csv"), "arbor-staff.csv");
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({
      dryRun: false,
      rows: 9,
      created: 9,
      updated: 0,
      unchanged: 0,
      accountsCreated: 9,
    });

    const rows = await t.database.db.select().from(staff);
    expect(rows).toHaveLength(9);
    const byId = new Map(rows.map((r) => [r.externalId, r]));
    expect(byId.get("ST-0002")!.lineManagerId).toBe(byId.get("ST-0001")!.id);
    expect(byId.get("ST-0006")!.lineManagerId).toBe(byId.get("ST-0003")!.id);
    expect(byId.get("ST-0001")!.lineManagerId).toBeNull();
    expect(byId.get("ST-0009")).toMatchObject({
      employment: "volunteer",
      schoolId: schoolId.get("summit-high"),
    });
    expect(byId.get("ST-0005")!.leaveDate).toBe("2025-08-31");

    const grants = await t.database.db
      .select({
        email: users.email,
        role: roleAssignments.role,
        schoolId: roleAssignments.schoolId,
        staffId: users.staffId,
      })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId));
    const of = (email: string) =>
      grants
        .filter((g) => g.email === email)
        .map(
          (g) =>
            `${g.role}@${g.schoolId === null ? "trust" : g.schoolId === schoolId.get("summit-high") ? "high" : "?"}`,
        )
        .sort();
    expect(of("kwame.mensah@summithigh.org.uk")).toEqual(["principal@high", "staff@high"]);
    expect(of("callum.mcleod@summithigh.org.uk")).toEqual(["dsl@high", "senior-leader@high", "staff@high"]);
    expect(of("wei.chen@summit.example.org")).toEqual(["it-director@trust", "staff@high"]);
    // A trustee governs rather than works at the school: no staff role, so no access to named staff.
    expect(of("stuart.grant@summit.example.org")).toEqual(["trustee@trust"]);
    expect(of("sian.griffiths@summithigh.org.uk")).toEqual(["staff@high"]);
    const kwame = grants.find((g) => g.email === "kwame.mensah@summithigh.org.uk");
    expect(kwame!.staffId).toBe(byId.get("ST-0001")!.id);
    // Accounts are made without a password: people sign in by SSO or set one from a reset link.
    const [account] = await t.database.db
      .select()
      .from(users)
      .where(eq(users.email, "kwame.mensah@summithigh.org.uk"));
    expect(account!.passwordHash).toBeNull();

    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "people.imported"));
    expect(event).toMatchObject({ actorLabel: "import test", subjectType: "staff" });
    expect(event!.detail).toMatchObject({
      fileName: "arbor-staff.csv",
      rows: 9,
      created: 9,
      accountsCreated: 9,
    });
  });

  it("imports a second school's staff from a file with no School column", async () => {
    const result = await run("staff", fixture("sims-staff.csv"), "sims-staff.csv", {
      school: "summit-primary",
    });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ rows: 8, created: 8, accountsCreated: 8 });
    const [helen] = await t.database.pool
      .query(
        `select r.role, r.school_id from role_assignments r join users u on u.id = r.user_id
       where u.email = 'h.mahmood@summitprimary.sch.uk' and r.role = 'principal'`,
      )
      .then((r) => r.rows);
    expect(helen?.school_id).toBe(schoolId.get("summit-primary"));
    // Stored in lower case, so "G.Williams@SummitPrimary.sch.uk" signs in as typed either way.
    const gareth = await t.database.db
      .select()
      .from(users)
      .where(eq(sql`lower(${users.email})`, "g.williams@summitprimary.sch.uk"));
    expect(gareth.map((u) => u.email)).toEqual(["g.williams@summitprimary.sch.uk"]);
  });

  it("imports pupils, then parents linked to them", async () => {
    const pupilsResult = await run("pupils", fixture("arbor-students.csv"), "arbor-students.csv");
    expect(pupilsResult.errors).toEqual([]);
    expect(pupilsResult).toMatchObject({ rows: 5, created: 5 });
    const parentsResult = await run("parents", fixture("arbor-guardians.csv"), "arbor-guardians.csv");
    expect(parentsResult.errors).toEqual([]);
    expect(parentsResult).toMatchObject({ rows: 3, created: 3 });
    const { rows: links } = await t.database.pool.query<{ contact: string; upn: string }>(
      `select pa.external_id as contact, pu.external_id as upn from parent_pupils l
       join parents pa on pa.id = l.parent_id join pupils pu on pu.id = l.pupil_id order by 1, 2`,
    );
    expect(links).toEqual([
      { contact: "G-1001", upn: "N881204620011" },
      { contact: "G-1002", upn: "K881204611045" },
      { contact: "G-1002", upn: "T881204612099" },
      { contact: "G-1003", upn: "K881204611045" },
    ]);
    const { rows: leaver } = await t.database.pool.query(
      "select left_on from pupils where external_id = 'Y881204607123'",
    );
    expect(leaver[0]?.left_on).toBe("2023-07-21");
  });

  it("changes nothing when the same files are imported again", async () => {
    const before = await snapshot();
    for (const [kind, file, school] of [
      ["staff", "arbor-staff.csv", undefined],
      ["staff", "sims-staff.csv", "summit-primary"],
      ["pupils", "arbor-students.csv", undefined],
      ["parents", "arbor-guardians.csv", undefined],
    ] as const) {
      const result = await run(kind, fixture(file), file, { school });
      expect(result.errors, file).toEqual([]);
      expect(
        { created: result.created, updated: result.updated, accountsCreated: result.accountsCreated },
        file,
      ).toEqual({
        created: 0,
        updated: 0,
        accountsCreated: 0,
      });
      expect(result.unchanged, file).toBe(result.rows);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("updates exactly the one row that changed", async () => {
    const before = await snapshot();
    const changed = fixture("arbor-students.csv").replace(
      "K881204611045,Harry,,Whitfield,Year 10,",
      "K881204611045,Harry,,Whitfield,Year 11,",
    );
    expect(changed).not.toBe(fixture("arbor-students.csv"));
    const result = await run("pupils", changed, "arbor-students-changed.csv");
    expect(result).toMatchObject({ rows: 5, created: 0, updated: 1, unchanged: 4, errors: [] });
    const after = await snapshot();
    const differing = (after.pupils as { external_id: string }[]).filter(
      (row, i) => JSON.stringify(row) !== JSON.stringify(before.pupils![i]),
    );
    expect(differing.map((r) => r.external_id)).toEqual(["K881204611045"]);
    expect(differing[0]).toMatchObject({ year_group: "Year 11" });
    for (const table of TABLES.filter((x) => x !== "pupils"))
      expect(after[table], table).toEqual(before[table]);
  });

  it("counts a changed line manager on an otherwise unchanged row as one update", async () => {
    const changed = fixture("arbor-staff.csv").replace(
      "Head of Year 9,Employee,2018-04-16,,Callum McLeod,ST-0003,",
      "Head of Year 9,Employee,2018-04-16,,Priya Sharma,ST-0002,",
    );
    expect(changed).not.toBe(fixture("arbor-staff.csv"));
    const result = await run("staff", changed, "arbor-staff-changed.csv");
    expect(result).toMatchObject({ rows: 9, created: 0, updated: 1, errors: [] });
    const { rows } = await t.database.pool.query<{ manager: string }>(
      "select m.external_id as manager from staff s join staff m on m.id = s.line_manager_id where s.external_id = 'ST-0006'",
    );
    expect(rows[0]?.manager).toBe("ST-0002");
  });

  it("lists every error by file, line and field, and writes none of the file", async () => {
    const before = await snapshot();
    const auditBefore = (await counts()).audit_events;
    const result = await run(
      "pupils",
      fixture("import-pupils-with-errors.csv"),
      "import-pupils-with-errors.csv",
    );
    expect(result.errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ["import-pupils-with-errors.csv", 3, "UPN"],
      ["import-pupils-with-errors.csv", 4, "DOB"],
      ["import-pupils-with-errors.csv", 5, "School"],
    ]);
    for (const e of result.errors) expect(e.message.length).toBeGreaterThan(20);
    expect(result.created).toBe(0);
    // Lines 2 and 6 were fine, but a file with errors is not half-imported.
    const { rows } = await t.database.pool.query(
      "select 1 from pupils where external_id in ('B801200005001')",
    );
    expect(rows).toHaveLength(0);
    expect(await snapshot()).toEqual(before);
    expect((await counts()).audit_events).toBe(auditBefore);
  });

  it("refuses parents whose pupil is at another school, writing nothing", async () => {
    const before = await snapshot();
    // N881204620011 is a pupil at Summit High, not at Summit Primary.
    const csv =
      "Contact ID,Forename,Surname,Pupil UPN,School\nC-1,Good,Parent,N881204620011,summit-high\nC-2,Wrong,School,N881204620011,summit-primary\n";
    const result = await run("parents", csv, "cross-school.csv");
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([[3, "Pupil UPN"]]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("the import page", () => {
  it("lists a school's pupils by year group in the order they move up, not as text", async () => {
    const admin = await signInAs(t, "trust-admin");
    const html = await (await t.request("/people/summit-high", { cookie: admin.cookie })).text();
    const table = html.slice(html.indexOf("Pupils on roll by year group"));
    const years = [...table.matchAll(/<td[^>]*>Year (\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThan(1);
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });

  function upload(
    cookie: string,
    fields: { kind: string; school?: string; dryRun?: boolean },
    fileName: string,
    csv: string,
  ) {
    const form = new FormData();
    form.set("kind", fields.kind);
    form.set("school", fields.school ?? "");
    if (fields.dryRun) form.set("dryRun", "yes");
    form.set("file", new File([csv], fileName, { type: "text/csv" }));
    return t.request("/people/import", { method: "POST", cookie, body: form });
  }
  const csv =
    "Staff ID,First Name,Last Name,Email,Start Date\nUP-1,Uma,Uploaded,uma.uploaded@summithigh.org.uk,01/09/2024\n";

  it("lets a trust administrator dry-run, then import, an uploaded file", async () => {
    const admin = await signInAs(t, "trust-admin");
    const page = await t.request("/people/import", { cookie: admin.cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('enctype="multipart/form-data"');

    const dry = await upload(
      admin.cookie,
      { kind: "staff", school: "summit-high", dryRun: true },
      "upload.csv",
      csv,
    );
    expect(dry.status).toBe(200);
    expect(await dry.text()).toContain("upload.csv: dry run passed, nothing was written");
    expect(await t.database.db.select().from(staff).where(eq(staff.externalId, "UP-1"))).toHaveLength(0);

    const real = await upload(admin.cookie, { kind: "staff", school: "summit-high" }, "upload.csv", csv);
    expect(real.status).toBe(200);
    const html = await real.text();
    expect(html).toContain("upload.csv: imported");
    expect(html).toContain("1 rows: 1 created");
    expect(await t.database.db.select().from(staff).where(eq(staff.externalId, "UP-1"))).toHaveLength(1);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "people.imported"))
      .orderBy(sql`seq desc`)
      .limit(1);
    expect(event!.actorId).toBe(admin.userId);
  });

  it("shows an uploaded file's errors with their lines, and imports nothing", async () => {
    const admin = await signInAs(t, "trust-admin");
    const before = await snapshot();
    const res = await upload(
      admin.cookie,
      { kind: "pupils" },
      "bad.csv",
      fixture("import-pupils-with-errors.csv"),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("bad.csv: 3 problems, nothing was imported");
    expect(html).toMatch(/<td class="num" data-label="Line">3<\/td><td data-label="Field">UPN<\/td>/);
    expect(html).toMatch(/<td class="num" data-label="Line">5<\/td><td data-label="Field">School<\/td>/);
    expect(await snapshot()).toEqual(before);

    const noFile = await upload(admin.cookie, { kind: "pupils" }, "empty.csv", "");
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toContain("Choose a CSV file to upload.");
    const badKind = await upload(admin.cookie, { kind: "governors" }, "x.csv", csv);
    expect(badKind.status).toBe(400);
  });

  it("is refused to staff, who import nothing", async () => {
    const me = await signInAs(t, "staff");
    expect((await t.request("/people/import", { cookie: me.cookie })).status).toBe(403);
    const other = csv.replace(/UP-1/g, "UP-2").replace("uma.uploaded", "uma.two");
    const res = await upload(me.cookie, { kind: "staff", school: "summit-high" }, "upload.csv", other);
    expect(res.status).toBe(403);
    expect(await t.database.db.select().from(staff).where(eq(staff.externalId, "UP-2"))).toHaveLength(0);
  });
});

describe("leavers", () => {
  it("lose their sign-in once their leaving date has passed, and their sessions end", async () => {
    const { deactivateLeavers } = await import("./deactivate-leavers");
    const { staff } = await import("./schema");
    const { users, sessions } = await import("../../platform/auth/schema");
    const { eq } = await import("drizzle-orm");
    const db = t.database.db;
    const [someone] = await db
      .select()
      .from(users)
      .where(eq(users.active, true))
      .innerJoin(staff, eq(staff.id, users.staffId))
      .limit(1);
    expect(someone).toBeDefined();
    await db.update(staff).set({ leaveDate: "2020-07-31" }).where(eq(staff.id, someone!.staff.id));
    const { startSession } = await import("../../platform/auth/sessions");
    await startSession(db, someone!.users.id, "password");
    expect(await deactivateLeavers(db, new Date("2026-11-29T09:00:00Z"))).toBeGreaterThanOrEqual(1); // the fixtures hold other leavers too
    const [after] = await db.select().from(users).where(eq(users.id, someone!.users.id));
    expect(after!.active).toBe(false);
    expect(await db.select().from(sessions).where(eq(sessions.userId, someone!.users.id))).toHaveLength(0);
    expect(await deactivateLeavers(db, new Date("2026-11-29T09:00:00Z"))).toBe(0);
  });
});

describe("a changed work email", () => {
  it("moves the member of staff's account to the new address instead of making a second one", async () => {
    const { users, roleAssignments } = await import("../../platform/auth/schema");
    const { staff } = await import("./schema");
    const { eq } = await import("drizzle-orm");
    const db = t.database.db;
    await run("staff", fixture("sims-staff.csv"), "sims-staff.csv", { school: "summit-primary" });
    const [before] = await db.select().from(users).where(eq(users.email, "d.okafor@summitprimary.sch.uk"));
    expect(before).toBeDefined();
    const usersBefore = (await db.select().from(users)).length;
    const changed = fixture("sims-staff.csv").replace(
      "d.okafor@summitprimary.sch.uk",
      "david.okafor@summitprimary.sch.uk",
    );
    const result = await run("staff", changed, "sims-staff-2.csv", { school: "summit-primary" });
    expect(result.errors).toEqual([]);
    expect(result.accountsCreated).toBe(0);
    expect((await db.select().from(users)).length).toBe(usersBefore);
    const [after] = await db.select().from(users).where(eq(users.id, before!.id));
    expect(after!.email).toBe("david.okafor@summitprimary.sch.uk");
    const [row] = await db.select().from(staff).where(eq(staff.id, after!.staffId!));
    expect(row!.email).toBe("david.okafor@summitprimary.sch.uk");
    const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, before!.id));
    expect(roles.map((r) => r.role).sort()).toEqual(["dsl", "senior-leader", "staff"]);
  });
});

describe("local governors in the staff file", () => {
  it("gives local-governor at the row's school, and staff only when the row lists it", async () => {
    const csv = [
      "Staff ID,Forename,Surname,Email,Start Date,School,Conduct Roles",
      "GOV-1,Gwen,Governor,gwen.governor@community.example.org,01/09/2024,summit-primary,local-governor",
      "GOV-2,Sam,Staffgov,sam.staffgov@summitprimary.sch.uk,01/09/2024,summit-high,staff; Local Governor",
    ].join("\n");
    const result = await run("staff", csv, "governors.csv", { school: "summit-primary" });
    expect(result.errors).toEqual([]);
    const held = await t.database.db
      .select({ email: users.email, role: roleAssignments.role, schoolId: roleAssignments.schoolId })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId));
    const of = (email: string) =>
      held
        .filter((h) => h.email === email)
        .map((h) => `${h.role}@${[...schoolId].find(([, id]) => id === h.schoolId)?.[0] ?? "trust"}`)
        .sort();
    expect(of("gwen.governor@community.example.org")).toEqual(["local-governor@summit-primary"]);
    expect(of("sam.staffgov@summitprimary.sch.uk")).toEqual([
      "local-governor@summit-high",
      "staff@summit-high",
    ]);
  });
});
