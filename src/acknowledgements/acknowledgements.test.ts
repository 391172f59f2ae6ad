// Acknowledgement end to end on a real database and a real SMTP server, with a controllable clock
// across the February half-term: assignment on approval with a due date in school days, reading
// and the check of understanding, on-behalf for a volunteer, a new starter, a leaver, a move of
// school, reminders and escalation, material changes and a typo fix, and who may see what.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { saveSchoolCalendar } from "../core/calendar/save-school-calendar";
import { staff } from "../core/people/schema";
import { addStaffMember, addStaffRecord } from "../core/people/test-support";
import { users } from "../platform/auth/schema";
import { bodyOf } from "../platform/testing/smtp-server";
import { useTestTrustWithMail } from "../platform/testing/use-test-trust";
import { signInAs } from "../platform/testing/test-app";
import { approveTestPolicy, SUMMIT_POLICY_TEXT } from "../policy/test-support";
import { acknowledgementAssignments, acknowledgements } from "./schema";
import { sendAcknowledgementReminders } from "./send-acknowledgement-reminders";
import { syncAssignments } from "./sync-assignments";
import { PASSING_DEFAULT_ANSWERS } from "./test-support";
import { markMaterialChanges } from "./mark-material-changes";
import { saveAcknowledgementSettings, DEFAULT_SCHEDULE } from "./acknowledgement-settings";

const summit = SUMMIT_POLICY_TEXT;
const actor = { id: null, label: "test" };

const ctx = useTestTrustWithMail();
const at = (day: string) => new Date(`${day}T08:00:00Z`);
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};

async function addStaff(key: string, values: Partial<typeof staff.$inferInsert> & { account?: boolean }) {
  const { account = true, ...record } = values;
  const { db } = ctx.t.database;
  if (!account) {
    ids[key] = (await addStaffRecord(db, key, ctx.trust.schoolA.id, record)).id;
    return ids[key];
  }
  const member = await addStaffMember(db, key, ctx.trust.schoolA.id, record);
  ids[key] = member.staffId;
  ids[`${key}-user`] = member.userId;
  cookies[key] = member.cookie;
  return member.staffId;
}

async function assignmentOf(staffId: string, versionId?: string) {
  const rows = await ctx.t.database.db
    .select()
    .from(acknowledgementAssignments)
    .where(eq(acknowledgementAssignments.staffId, staffId));
  return versionId ? rows.find((r) => r.versionId === versionId) : rows[rows.length - 1];
}

async function delivered() {
  await ctx.t.services.mailer.deliverQueued();
  const out = ctx.smtp.received.splice(0);
  return out.map((m) => ({ to: m.to[0]!, body: bodyOf(m.raw), raw: m.raw }));
}

const importAndApprove = (text: string, day: string) =>
  approveTestPolicy(ctx.t.database.db, {
    text,
    fileName: `policy-${day}.txt`,
    approvalDate: day,
    asOf: at(day),
  });

let v1: string;
let principal: { cookie: string; userId: string };

beforeAll(async () => {
  const { db } = ctx.t.database;
  const terms = [
    { name: "Spring 1", startsOn: "2027-01-05", endsOn: "2027-02-12" },
    { name: "Spring 2", startsOn: "2027-02-22", endsOn: "2027-03-26" },
  ];
  await saveSchoolCalendar({ db, actor, schoolId: ctx.trust.schoolA.id, terms, closures: [] });
  await saveSchoolCalendar({ db, actor, schoolId: ctx.trust.schoolB.id, terms, closures: [] });
  await saveAcknowledgementSettings(db, ctx.trust.trustId, DEFAULT_SCHEDULE);
  const bob = await addStaff("bob", { jobTitle: "Head of English" });
  await addStaff("alice", { lineManagerId: bob });
  await addStaff("vic", { employment: "volunteer", account: false, jobTitle: "Reading volunteer" });
  await addStaff("newbie", { startDate: "2027-02-22", lineManagerId: bob });
  await addStaff("leaver", { leaveDate: "2027-02-10" });
  await addStaff("mover", { schoolId: ctx.trust.schoolB.id });
  principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
  v1 = await importAndApprove(summit, "2027-02-08");
});

describe("assignment when a version becomes current", () => {
  it("asks everyone in post, with a due date ten school days on that skips half-term", async () => {
    const alice = await assignmentOf(ids.alice!);
    expect(alice).toMatchObject({
      versionId: v1,
      scope: "whole",
      status: "open",
      assignedOn: "2027-02-08",
      dueOn: "2027-03-01",
    });
    expect(alice!.clauseIds).toHaveLength(61);
    expect(await assignmentOf(ids.vic!)).toMatchObject({ status: "open" });
    // Not yet started: asked on their start date.
    expect(await assignmentOf(ids.newbie!)).toBeUndefined();
  });

  it("a leaver drops out once their leaving date has passed", async () => {
    await ctx.t.database.db.transaction((tx) => syncAssignments(tx, at("2027-02-11")));
    expect(await assignmentOf(ids.leaver!)).toMatchObject({ status: "left" });
  });
});

describe("reading and acknowledging", () => {
  it("puts it on the home page of someone asked", async () => {
    const home = await (await ctx.t.request("/", { cookie: cookies.alice })).text();
    expect(home).toContain("Read and acknowledge the social media policy");
    // One style for dates (issue 20): "1 March 2027", never the ISO form.
    expect(home).toContain("first due 1 March 2027");
  });

  it("shows the policy section by section with stable clause links", async () => {
    const home = await ctx.t.request("/acknowledgement", { cookie: cookies.alice });
    expect(await home.text()).toContain("Start reading");
    const page = await ctx.t.request("/acknowledgement/read?section=3", { cookie: cookies.alice });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(/id="clause-5\.1"><a href="\/policy\/clause\/5\.1"/);
    expect(html).toContain("Next section");
    expect((await assignmentOf(ids.alice!))!.startedAt).not.toBeNull();
  });

  it("a failed check records nothing and shows the clauses to read again", async () => {
    const page = await ctx.t.request("/acknowledgement/confirm", { cookie: cookies.alice });
    const html = await page.text();
    const names = [...html.matchAll(/name="(q-[^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(names).size).toBeGreaterThanOrEqual(3);
    const wrong = Object.fromEntries([...new Set(names)].map((n) => [n, "9"]));
    const res = await ctx.t.request("/acknowledgement/confirm", {
      cookie: cookies.alice,
      form: { ...wrong, confirm: "yes" },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("Read these clauses again");
    expect(text).toContain('href="/policy/clause/4.10"');
    expect(await ctx.t.database.db.select().from(acknowledgements)).toHaveLength(0);
  });

  it("a passed check records the version, clauses, answers and time spent", async () => {
    const answers = PASSING_DEFAULT_ANSWERS;
    const res = await ctx.t.request("/acknowledgement/confirm", {
      cookie: cookies.alice,
      form: { ...answers, confirm: "yes" },
    });
    expect(res.status).toBe(303);
    const alice = await assignmentOf(ids.alice!);
    expect(alice!.status).toBe("done");
    const [ack] = await ctx.t.database.db
      .select()
      .from(acknowledgements)
      .where(eq(acknowledgements.assignmentId, alice!.id));
    expect(ack).toMatchObject({ versionId: v1, score: 100, onBehalfByUserId: null });
    expect(ack!.clauseIds).toHaveLength(61);
    expect(ack!.answers.every((a) => a.correct)).toBe(true);
    expect(ack!.secondsReading).not.toBeNull();
    const me = await (await ctx.t.request("/me", { cookie: cookies.alice })).text();
    expect(me).toContain("Acknowledgements of the policy");
    const home = await (await ctx.t.request("/", { cookie: cookies.alice })).text();
    expect(home).not.toContain("Read and acknowledge the social media policy");
  });
});

describe("on someone's behalf, and who may see completion", () => {
  it("a principal records a volunteer's paper form, shown as such in the page and the register", async () => {
    const vic = await assignmentOf(ids.vic!);
    const empty = await ctx.t.request(`/acknowledgement/on-behalf/school-a/${vic!.id}`, {
      cookie: principal.cookie,
      form: { reason: "" },
    });
    expect(empty.status).toBe(400);
    const res = await ctx.t.request(`/acknowledgement/on-behalf/school-a/${vic!.id}`, {
      cookie: principal.cookie,
      form: { reason: "Signed the paper form at the volunteers' induction" },
    });
    expect(res.status).toBe(303);
    const page = await (
      await ctx.t.request("/acknowledgement/completion/school-a", { cookie: principal.cookie })
    ).text();
    expect(page).toContain("Recorded on their behalf");
    expect(page).toContain("Line manager: Bob Tester");
    const csv = await (
      await ctx.t.request("/acknowledgement/completion/school-a/register.csv", { cookie: principal.cookie })
    ).text();
    expect(csv.split("\r\n")[0]).toContain("recorded_on_behalf");
    expect(csv).toMatch(/"Vic Tester".*"yes","Signed the paper form/);
  });

  it("refuses a member of staff, a leader of another school and a trustee the named pages", async () => {
    const otherPrincipal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
    const trustee = await signInAs(ctx.t, "trustee");
    const bobAssignment = await assignmentOf(ids.bob!);
    for (const cookie of [cookies.alice!, otherPrincipal.cookie, trustee.cookie]) {
      expect((await ctx.t.request("/acknowledgement/completion/school-a", { cookie })).status).toBe(403);
      expect(
        (await ctx.t.request("/acknowledgement/completion/school-a/register.csv", { cookie })).status,
      ).toBe(403);
      expect(
        (
          await ctx.t.request(`/acknowledgement/on-behalf/school-a/${bobAssignment!.id}`, {
            cookie,
            form: { reason: "x" },
          })
        ).status,
      ).toBe(403);
      expect((await ctx.t.request("/acknowledgement/settings", { cookie })).status).toBe(403);
    }
    // A leader of school B cannot record for school A's staff through their own school's address.
    const sneaky = await ctx.t.request(`/acknowledgement/on-behalf/school-b/${bobAssignment!.id}`, {
      cookie: otherPrincipal.cookie,
      form: { reason: "x" },
    });
    expect(sneaky.status).toBe(404);
    expect((await assignmentOf(ids.bob!))!.status).toBe("open");
    // Trustees see numbers only, with the chart and its text alternative.
    const summary = await ctx.t.request("/acknowledgement/completion", { cookie: trustee.cookie });
    const html = await summary.text();
    expect(summary.status).toBe(200);
    expect(html).toContain("<svg");
    expect(html).toContain('id="chart-text"');
    expect(html).not.toContain("Bob Tester");
    expect(html).not.toContain('href="/acknowledgement/completion/school-a"');
    // Staff without the summary action are refused it.
    expect((await ctx.t.request("/acknowledgement/completion", { cookie: cookies.alice })).status).toBe(403);
  });
});

describe("new starters and a move of school", () => {
  it("asks a new starter on their start date, due ten school days on", async () => {
    await ctx.t.database.db.transaction((tx) => syncAssignments(tx, at("2027-02-22")));
    expect(await assignmentOf(ids.newbie!)).toMatchObject({
      scope: "whole",
      status: "open",
      assignedOn: "2027-02-22",
      dueOn: "2027-03-08",
    });
  });

  it("someone who moves school keeps the acknowledgement made at the old one", async () => {
    const { db } = ctx.t.database;
    const old = await assignmentOf(ids.mover!);
    const r = await ctx.t.request(`/acknowledgement/on-behalf/school-b/${old!.id}`, {
      cookie: (await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id })).cookie,
      form: { reason: "Paper form" },
    });
    expect(r.status).toBe(303);
    await db.update(staff).set({ leaveDate: "2027-02-12" }).where(eq(staff.id, ids.mover!));
    const [moved] = await db
      .insert(staff)
      .values({
        schoolId: ctx.trust.schoolA.id,
        externalId: "mover-a",
        firstName: "Mover",
        lastName: "Tester",
        email: "mover@school.example.org",
        jobTitle: "Teacher",
        employment: "employee",
        startDate: "2027-02-22",
      })
      .returning();
    await db.update(users).set({ staffId: moved!.id }).where(eq(users.id, ids["mover-user"]!));
    await db.transaction((tx) => syncAssignments(tx, at("2027-02-23")));
    const now = await assignmentOf(moved!.id);
    expect(now).toMatchObject({ status: "done", schoolId: ctx.trust.schoolA.id });
    const [ack] = await db.select().from(acknowledgements).where(eq(acknowledgements.assignmentId, now!.id));
    expect(ack!.carriedFromId).not.toBeNull();
  });
});

describe("reminders and escalation across half-term", () => {
  it("sends on school days only, then the line manager, then the principal, naming nobody", async () => {
    const send = (day: string) =>
      sendAcknowledgementReminders({ db: ctx.t.database.db, baseUrl: "http://conduct.test", now: at(day) });
    // Approval day: bob (open) is told; alice has acknowledged and vic's was recorded.
    await send("2027-02-08");
    let mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual(["bob@school.example.org"]);
    expect(mail[0]!.body).toContain("1 March 2027");
    // Half-term: nothing.
    await send("2027-02-16");
    expect(await delivered()).toHaveLength(0);
    // Three school days before the due date (Wednesday 24 February): bob again; newbie's first.
    await send("2027-02-24");
    mail = (await delivered()).filter((m) => m.to.endsWith("@school.example.org"));
    expect(mail.map((m) => m.to).sort()).toEqual(["bob@school.example.org", "newbie@school.example.org"]);
    // Run twice on one day: nothing more.
    await send("2027-02-24");
    expect(await delivered()).toHaveLength(0);
    // Three school days late (Thursday 4 March): bob has no line manager, so the principal is told.
    await send("2027-03-04");
    mail = await delivered();
    const principalEmail = (
      await ctx.t.database.db.select().from(users).where(eq(users.id, principal.userId))
    )[0]!.email;
    expect(mail.map((m) => m.to)).toContain(principalEmail);
    expect(mail.map((m) => m.to)).toContain("bob@school.example.org");
    for (const m of mail) {
      expect(m.body).not.toContain("Bob");
      expect(m.body).not.toContain("Tester");
    }
    // Newbie, due 8 March, three school days late on 11 March: their line manager bob is told.
    await send("2027-03-11");
    mail = await delivered();
    const toBob = mail.filter((m) => m.to === "bob@school.example.org" && /line-manage/.test(m.body));
    expect(toBob).toHaveLength(1);
    expect(toBob[0]!.body).not.toContain("Newbie");
  });
});

describe("material changes", () => {
  let v2: string;
  it("waits for a leader, then asks those who acknowledged for the material clause only", async () => {
    const text = summit
      .replace(
        "This includes ex-pupils until they reach the age of 18.",
        "This includes former pupils until their 19th birthday.",
      )
      .replace("harass, bully or intimidate", "harass, bully, or intimidate");
    v2 = await importAndApprove(text, "2027-03-12");
    const alice = await assignmentOf(ids.alice!, v2);
    expect(alice).toMatchObject({ scope: "pending", status: "open", dueOn: null });
    // Newbie never acknowledged version 1: reads the whole of version 2.
    expect(await assignmentOf(ids.newbie!, v2)).toMatchObject({ scope: "whole" });
    const admin = await signInAs(ctx.t, "trust-admin");
    const page = await (
      await ctx.t.request(`/acknowledgement/versions/${v2}/material`, { cookie: admin.cookie })
    ).text();
    expect(page).toContain('value="8.3"');
    expect(page).toContain('value="4.6"');
    expect(
      (await ctx.t.request(`/acknowledgement/versions/${v2}/material`, { cookie: principal.cookie })).status,
    ).toBe(403);
    const res = await ctx.t.request(`/acknowledgement/versions/${v2}/material`, {
      cookie: admin.cookie,
      form: { material: "8.3" },
    });
    expect(res.status).toBe(303);
    expect(await assignmentOf(ids.alice!, v2)).toMatchObject({
      scope: "material",
      clauseIds: ["8.3"],
      status: "open",
    });
    const read = await (await ctx.t.request("/acknowledgement/read", { cookie: cookies.alice })).text();
    expect(read).toContain("<ins>");
    expect(read).toContain("<del>");
    expect(read).not.toContain("Clause 4.6");
    // Only the 8.3 question is asked.
    const confirm = await (await ctx.t.request("/acknowledgement/confirm", { cookie: cookies.alice })).text();
    expect([...new Set([...confirm.matchAll(/name="(q-[^"]+)"/g)].map((m) => m[1]))]).toEqual([
      "q-default-8.3",
    ]);
    const done = await ctx.t.request("/acknowledgement/confirm", {
      cookie: cookies.alice,
      form: { "q-default-8.3": "2", confirm: "yes" },
    });
    expect(done.status).toBe(303);
    const [ack] = await ctx.t.database.db
      .select()
      .from(acknowledgements)
      .where(eq(acknowledgements.assignmentId, (await assignmentOf(ids.alice!, v2))!.id));
    expect(ack!.clauseIds).toEqual(["8.3"]);
  });

  it("a typo fix asks nobody again", async () => {
    const v2Text = summit
      .replace(
        "This includes ex-pupils until they reach the age of 18.",
        "This includes former pupils until their 19th birthday.",
      )
      .replace("harass, bully or intimidate", "harass, bully, or intimidate");
    const v3 = await importAndApprove(
      v2Text.replace("harass, bully, or intimidate", "harass, bully or intimidate"),
      "2027-03-15",
    );
    expect(await assignmentOf(ids.alice!, v3)).toMatchObject({ scope: "pending" });
    const r = await markMaterialChanges({
      db: ctx.t.database.db,
      actor,
      versionId: v3,
      materialKeys: [],
      asOf: at("2027-03-15"),
    });
    expect(r).toEqual({ ok: true, asked: 0 });
    expect(await assignmentOf(ids.alice!, v3)).toMatchObject({ status: "not-needed" });
    const rows = await ctx.t.database.db
      .select()
      .from(acknowledgementAssignments)
      .where(
        and(eq(acknowledgementAssignments.versionId, v3), eq(acknowledgementAssignments.status, "open")),
      );
    // Those who had not finished version 2 (bob, newbie, and vic, asked for 8.3 in version 2) read it whole.
    const open = rows.map((r) => r.staffId);
    expect(open).not.toContain(ids.alice);
    expect(open).toEqual(expect.arrayContaining([ids.bob, ids.newbie, ids.vic]));
    expect(rows.every((r) => r.scope === "whole")).toBe(true);
  });
});
