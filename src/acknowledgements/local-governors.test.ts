// Local governors (3.3): granted on the roles page with their school, asked to acknowledge the
// current version there (counted in that school's completion), and shown numbers for their own
// school only, never a named person's records.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSchoolCalendar } from "../core/calendar/save-school-calendar";
import { listLocalGovernors } from "../core/people/list-staff";
import { addStaffRecord, sessionCookieFor } from "../core/people/test-support";
import { can } from "../platform/auth/permissions";
import { roleAssignments, users } from "../platform/auth/schema";
import {
  createTestApp,
  seedTrust,
  signInAs,
  type SeededTrust,
  type TestApp,
} from "../platform/testing/test-app";
import { approveTestPolicy } from "../policy/test-support";
import { acknowledgementEvidence } from "./control-evidence";
import { DEFAULT_SCHEDULE, saveAcknowledgementSettings } from "./acknowledgement-settings";
import { acknowledgementAssignments, acknowledgements } from "./schema";
import { PASSING_DEFAULT_ANSWERS } from "./test-support";

const actor = { id: null, label: "test" };
const at = (day: string) => new Date(`${day}T08:00:00Z`);

let t: TestApp;
let trust: SeededTrust;
let governor: { userId: string; cookie: string };

async function governorAssignment() {
  const [row] = await t.database.db
    .select()
    .from(acknowledgementAssignments)
    .where(
      and(eq(acknowledgementAssignments.userId, governor.userId), isNull(acknowledgementAssignments.staffId)),
    );
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  const { db } = t.database;
  const terms = [{ name: "Spring 1", startsOn: "2027-01-05", endsOn: "2027-03-26" }];
  for (const school of [trust.schoolA, trust.schoolB])
    await saveSchoolCalendar({ db, actor, schoolId: school.id, terms, closures: [] });
  await saveAcknowledgementSettings(db, trust.trustId, DEFAULT_SCHEDULE);
  // A member of staff at each school, so each school's completion has someone else in it.
  for (const [key, school] of [
    ["Zebedee", trust.schoolA],
    ["Yolanda", trust.schoolB],
  ] as const)
    await addStaffRecord(db, key.toLowerCase(), school.id, { firstName: key, lastName: "Quorndon" });
  const [account] = await db
    .insert(users)
    .values({ email: "gwen.governor@community.example.org", name: "Gwen Governor" })
    .returning();
  governor = {
    userId: account!.id,
    cookie: await sessionCookieFor(db, account!.id),
  };
});
afterAll(async () => t?.close());

describe("granting the role", () => {
  it("the roles page offers it, refuses it without a school and gives it with one", async () => {
    const admin = await signInAs(t, "trust-admin");
    const page = await (await t.request("/admin/roles", { cookie: admin.cookie })).text();
    expect(page).toContain('<option value="local-governor">Local governor</option>');
    const form = { email: "gwen.governor@community.example.org", role: "local-governor" };
    const without = await t.request("/admin/roles/grant", {
      cookie: admin.cookie,
      form: { ...form, school: "" },
    });
    expect(without.status).toBe(400);
    expect(await without.text()).toContain("local-governor is a school role");
    const given = await t.request("/admin/roles/grant", {
      cookie: admin.cookie,
      form: { ...form, school: trust.schoolA.slug },
    });
    expect(given.status).toBe(303);
    const held = await t.database.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.userId, governor.userId));
    expect(held).toMatchObject([{ role: "local-governor", schoolId: trust.schoolA.id }]);
    expect(await listLocalGovernors(t.database.db)).toMatchObject([
      { userId: governor.userId, schoolId: trust.schoolA.id, name: "Gwen Governor" },
    ]);
  });
});

describe("acknowledging the current version", () => {
  beforeAll(async () => {
    await approveTestPolicy(t.database.db, { approvalDate: "2027-02-08", asOf: at("2027-02-08") });
  });

  it("is assigned the whole policy at their school, with a due date", async () => {
    const a = await governorAssignment();
    expect(a).toMatchObject({
      schoolId: trust.schoolA.id,
      scope: "whole",
      status: "open",
      personEmail: "gwen.governor@community.example.org",
    });
    expect(a!.dueOn).not.toBeNull();
    expect(a!.clauseIds.length).toBeGreaterThan(50);
  });

  it("reads and acknowledges it, and counts in their school's completion", async () => {
    const home = await (await t.request("/", { cookie: governor.cookie })).text();
    expect(home).toContain("Read and acknowledge the social media policy");
    const read = await t.request("/acknowledgement/read?section=3", { cookie: governor.cookie });
    expect(read.status).toBe(200);
    const answers = PASSING_DEFAULT_ANSWERS;
    const res = await t.request("/acknowledgement/confirm", {
      cookie: governor.cookie,
      form: { ...answers, confirm: "yes" },
    });
    expect(res.status).toBe(303);
    const a = await governorAssignment();
    expect(a!.status).toBe("done");
    const made = await t.database.db
      .select()
      .from(acknowledgements)
      .where(eq(acknowledgements.assignmentId, a!.id));
    expect(made).toHaveLength(1);
    const completion = await t.request("/acknowledgement/completion", { cookie: governor.cookie });
    expect(completion.status).toBe(200);
    const html = await completion.text();
    // School A: the member of staff and the governor asked, the governor done.
    expect(html).toMatch(/School A<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>1<\/td>/);
    // On the policy page, 3.3.1 counts them; 3.2.1 counts the staff alone.
    const evidence = await acknowledgementEvidence({
      db: t.database.db,
      scope: [trust.schoolA.id],
      now: new Date(),
    });
    expect(evidence.byClause?.["3.3.1"]).toMatch(/^1 of 1 trustees and local governors/);
    expect(evidence.byClause?.["3.2.1"]).toMatch(/^0 of 1 staff/);
  });
});

describe("numbers for their own school only, never named people", () => {
  it("is refused named-person pages", async () => {
    for (const href of [
      `/people/${trust.schoolA.slug}`,
      "/declarations/review",
      `/acknowledgement/completion/${trust.schoolA.slug}`,
      `/acknowledgement/completion/${trust.schoolA.slug}/register.csv`,
      "/admin/roles",
      "/questions/ask",
    ])
      expect((await t.request(href, { cookie: governor.cookie })).status, href).toBe(403);
  });

  it("sees no other school's numbers", async () => {
    const me = { roles: [{ role: "local-governor" as const, schoolId: trust.schoolA.id }] };
    expect(can(me, "acknowledgement.summary", { schoolId: trust.schoolA.id })).toBe(true);
    expect(can(me, "acknowledgement.summary", { schoolId: trust.schoolB.id })).toBe(false);
    for (const href of ["/acknowledgement/completion", "/questions/overview"]) {
      const res = await t.request(href, { cookie: governor.cookie });
      expect(res.status, href).toBe(200);
      const html = await res.text();
      expect(html, href).not.toContain("School B");
      expect(html, href).not.toContain("Quorndon");
    }
    // A trust administrator sees School B on the same page, so the check above could fail.
    const admin = await signInAs(t, "trust-admin");
    const all = await (await t.request("/acknowledgement/completion", { cookie: admin.cookie })).text();
    expect(all).toContain("School B");
  });
});
