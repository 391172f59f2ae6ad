// Walks every route as every role and checks the answer against the permission matrix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeRules } from "../../platform/web/app";
import {
  createTestApp,
  seedTrust,
  signInAs,
  type SeededTrust,
  type TestApp,
} from "../../platform/testing/test-app";
import {
  addPermissions,
  can,
  isTrustRole,
  NUMBERS_ONLY_ROLES,
  permissionTable,
  ROLES,
  type Role,
} from "./permissions";

let t: TestApp;
let trust: SeededTrust;
const cookies = new Map<Role, string>();

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  for (const role of ROLES)
    cookies.set(role, (await signInAs(t, role, { schoolId: trust.schoolA.id })).cookie);
});
afterAll(async () => t?.close());

function concretePath(path: string, school: string): string {
  return path.replace(/:school\b/g, school).replace(/:(\w+)/g, "00000000-0000-0000-0000-000000000000");
}

describe("the permission matrix", () => {
  it("never lets a trustee or a local governor see a named person's records", () => {
    expect(NUMBERS_ONLY_ROLES).toEqual(["trustee", "local-governor"]);
    for (const [action, rule] of Object.entries(permissionTable())) {
      for (const role of NUMBERS_ONLY_ROLES)
        if (rule.personal)
          expect((rule.roles as readonly Role[]).includes(role), `${role} ${action}`).toBe(false);
    }
    // And a capability that tried would not start.
    expect(() =>
      addPermissions("test", { "test.names": { means: "names", roles: ["local-governor"], personal: true } }),
    ).toThrow(/no trustee or local governor/);
  });

  it("holds school roles only at their own school", () => {
    const principalAtA = { roles: [{ role: "principal" as const, schoolId: "a" }] };
    expect(can(principalAtA, "people.view", { schoolId: "a" })).toBe(true);
    expect(can(principalAtA, "people.view", { schoolId: "b" })).toBe(false);
    expect(can({ roles: [{ role: "hr", schoolId: null }] }, "people.view", { schoolId: "b" })).toBe(true);
    expect(can(null, "home.view")).toBe(false);
  });
});

describe("every route, as every role", () => {
  const rules = routeRules();

  it("declares an access rule for each route, and there are routes to walk", () => {
    expect(rules.length).toBeGreaterThan(15);
    for (const r of rules) expect(r.access, `${r.method} ${r.path}`).toBeDefined();
  });

  it("refuses anyone not signed in on every non-public route", async () => {
    for (const rule of rules) {
      if ("public" in rule.access) continue;
      const res = await t.request(concretePath(rule.path, trust.schoolA.slug), {
        method: rule.method,
        headers: { accept: "text/html" },
      });
      expect([401, 303], `${rule.method} ${rule.path}`).toContain(res.status);
      if (res.status === 303) expect(res.headers.get("location")).toMatch(/^\/sign-in/);
    }
  });

  for (const role of ROLES) {
    it(`answers ${role} as the matrix says`, async () => {
      const schoolId = isTrustRole(role) ? null : trust.schoolA.id;
      const me = { roles: [{ role, schoolId }] };
      for (const rule of rules) {
        if ("public" in rule.access) continue;
        const schools = rule.access.schoolParam ? [trust.schoolA, trust.schoolB] : [trust.schoolA];
        for (const school of schools) {
          const allowed = can(me, rule.access.action, rule.access.schoolParam ? { schoolId: school.id } : {});
          const res = await t.request(concretePath(rule.path, school.slug), {
            method: rule.method,
            cookie: cookies.get(role),
            ...(rule.method === "POST" ? { form: {} } : {}),
          });
          const label = `${role} ${rule.method} ${rule.path} at ${school.slug}: ${res.status}`;
          if (allowed) expect([401, 403], label).not.toContain(res.status);
          else expect(res.status, label).toBe(403);
        }
      }
    });
  }
});

// The guard checks the route; data scope is each page's own query. So walk every page again with
// another school's records in the database, and look for them: a principal of school A (or any
// school role there) must never be shown a name that only school B holds.
describe("data scope: another school's records on every page", () => {
  const MARKERS = ["Bartholomew Zzyzxbee", "Ulrika Vexfordine", "Quentin Xylophonia"];

  beforeAll(async () => {
    const { db } = t.database;
    const { staff, pupils } = await import("../../core/people/schema");
    const { users } = await import("./schema");
    const { declarations } = await import("../../declarations/schema");
    const [member] = await db
      .insert(staff)
      .values({
        schoolId: trust.schoolB.id,
        externalId: "B-STAFF-1",
        firstName: "Bartholomew",
        lastName: "Zzyzxbee",
        email: "bartholomew@school-b.example.org",
        jobTitle: "Teacher",
        employment: "employee",
        startDate: "2020-09-01",
      })
      .returning();
    const [account] = await db
      .insert(users)
      .values({ email: member!.email, name: "Bartholomew Zzyzxbee", staffId: member!.id })
      .returning();
    const [pupil] = await db
      .insert(pupils)
      .values({
        schoolId: trust.schoolB.id,
        externalId: "B801200005999",
        firstName: "Ulrika",
        lastName: "Vexfordine",
        yearGroup: "9",
        dateOfBirth: "2012-05-01",
      })
      .returning();
    await db.insert(declarations).values({
      userId: account!.id,
      schoolId: trust.schoolB.id,
      contactKind: "pupil",
      pupilId: pupil!.id,
      contactName: "Quentin Xylophonia",
      platforms: ["Instagram"],
      otherRelationships: [],
      verdict: "prohibited",
      clause: "8.3",
      reason: "solely staff/pupil",
    });
  });

  it("would see them where they belong (so the walk below could fail)", async () => {
    const res = await t.request(`/people/${trust.schoolB.slug}`, { cookie: cookies.get("trust-admin") });
    expect(await res.text()).toContain("Zzyzxbee");
    const review = await t.request("/declarations/review", { cookie: cookies.get("trust-admin") });
    expect(review.status).toBe(200);
  });

  for (const role of ROLES) {
    if (isTrustRole(role) && role !== "trustee") continue; // trust-wide roles rightly see every school
    it(`shows ${role} at school A nothing of school B's people`, async () => {
      for (const rule of routeRules()) {
        if (rule.method !== "GET" || "public" in rule.access) continue;
        const res = await t.request(concretePath(rule.path, trust.schoolA.slug), {
          cookie: cookies.get(role),
        });
        if (res.status !== 200) continue;
        const body = await res.text();
        for (const marker of MARKERS) expect(body, `${role} GET ${rule.path}`).not.toContain(marker);
        // The pages' CSP (style-src 'self') drops inline styles, so a page must not rely on one.
        if (res.headers.get("content-type")?.includes("text/html"))
          expect(body, `${role} GET ${rule.path} has an inline style`).not.toMatch(/ style="/);
      }
    });
  }
});

describe("my data", () => {
  it("downloads what My record shows, as JSON, for the signed-in person only", async () => {
    const res = await t.request("/me/data.json", { cookie: cookies.get("staff") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const data = (await res.json()) as { account: { email: string }; heldByCapability: { label: string }[] };
    expect(data.account.email).toMatch(/^staff-/);
    expect(data.heldByCapability.map((h) => h.label)).toContain("Relationship declarations");
    expect((await t.request("/me/data.json")).status).toBe(303);
  });
});
