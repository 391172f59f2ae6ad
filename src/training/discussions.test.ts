// Termly discussions (3.1.2) on a real database and a real SMTP server, with a controllable clock:
// the trust schedules a discussion per school from each school's calendar (due by the term's last
// school day, skipping Good Friday), the principal is reminded on the right school day and once,
// a leader records it happened, and the policy page's evidence shows when each school last did.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSchoolCalendar } from "../core/calendar/save-school-calendar";
import { bodyOf, startSmtp } from "../platform/testing/smtp-server";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { approveTestPolicy } from "../policy/test-support";
import { discussionEvidence } from "./control-evidence";
import { planDiscussion, termFor } from "./plan-discussion";
import { termlyDiscussions } from "./schema";
import { sendDiscussionReminders } from "./send-discussion-reminders";

const actor = { id: null, label: "test" };
const terms = [
  { name: "Spring 1", startsOn: "2027-01-05", endsOn: "2027-02-12" },
  { name: "Spring 2", startsOn: "2027-02-22", endsOn: "2027-03-26" },
];
const at = (day: string) => new Date(`${day}T08:00:00Z`);

let t: TestApp;
let trust: SeededTrust;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let admin: { cookie: string };
let principalA: { cookie: string; email: string };
let principalB: { cookie: string };
let staffA: { cookie: string };

async function delivered() {
  await t.services.mailer.deliverQueued();
  return smtp.received.splice(0).map((m) => ({ to: m.to[0]!, body: bodyOf(m.raw), raw: m.raw }));
}
const remind = (day: string) =>
  sendDiscussionReminders({ db: t.database.db, baseUrl: "http://conduct.test", now: at(day) });

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
  trust = await seedTrust(t);
  const { db } = t.database;
  await saveSchoolCalendar({ db, actor, schoolId: trust.schoolA.id, terms, closures: [] });
  admin = await signInAs(t, "trust-admin");
  principalA = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
  principalB = await signInAs(t, "principal", { schoolId: trust.schoolB.id });
  staffA = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
  await approveTestPolicy(t.database.db);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe("planning a term's discussion (pure)", () => {
  const calendar = { timeZone: "Europe/London", terms, closures: [] };
  it("is due by the term's last school day, with the reminder ten school days before", () => {
    expect(planDiscussion(calendar, termFor(calendar, "2027-01-10")!, 10)).toEqual({
      dueOn: "2027-02-12",
      remindOn: "2027-01-29",
    });
  });
  it("takes the next term from a day in half-term, and skips Good Friday", () => {
    const term = termFor(calendar, "2027-02-15")!;
    expect(term.name).toBe("Spring 2");
    expect(planDiscussion(calendar, term, 10)).toEqual({ dueOn: "2027-03-25", remindOn: "2027-03-11" });
  });
  it("never reminds before the term starts", () => {
    expect(planDiscussion(calendar, terms[0]!, 100).remindOn).toBe("2027-01-05");
  });
});

describe("scheduling, reminding and recording", () => {
  it("lets only the trust admin schedule; a school without term dates is skipped and said so", async () => {
    const form = { inTermOf: "2027-01-10", remindBefore: "10", schools: trust.schoolA.id };
    for (const cookie of [principalA.cookie, staffA.cookie])
      expect((await t.request("/training/discussions/schedule", { cookie, form })).status).toBe(403);
    const body = new URLSearchParams({ inTermOf: "2027-01-10", remindBefore: "10" });
    body.append("schools", trust.schoolA.id);
    body.append("schools", trust.schoolB.id);
    const res = await t.request("/training/discussions/schedule", {
      method: "POST",
      cookie: admin.cookie,
      body: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(decodeURIComponent(res.headers.get("set-cookie") ?? ""))).toContain(
      "Scheduled at 1 school. 1 have no term dates yet",
    );
    const rows = await t.database.db.select().from(termlyDiscussions);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ termName: "Spring 1", dueOn: "2027-02-12", remindOn: "2027-01-29" });
    // Scheduling the same term again changes nothing.
    await t.request("/training/discussions/schedule", { cookie: admin.cookie, form });
    expect(await t.database.db.select().from(termlyDiscussions)).toHaveLength(1);
  });

  it("reminds the principal on the reminder's school day, once, with nothing sensitive in the email", async () => {
    expect(await remind("2027-01-28")).toEqual({ reminders: 0 });
    expect(await delivered()).toHaveLength(0);
    expect(await remind("2027-01-29")).toEqual({ reminders: 1 });
    const mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual([principalA.email]);
    expect(mail[0]!.body).toContain("Spring 1");
    expect(mail[0]!.body).toContain("http://conduct.test/training/discussions");
    expect(await remind("2027-02-01")).toEqual({ reminders: 0 });
    expect(await delivered()).toHaveLength(0);
  });

  it("refuses staff and another school's principal the record; the principal records it", async () => {
    const [d] = await t.database.db.select().from(termlyDiscussions);
    const href = `/training/discussions/school-a/${d!.id}`;
    const form = { heldOn: "2026-11-20", ledByName: "The principal", attended: "34" };
    for (const cookie of [staffA.cookie, principalB.cookie]) {
      expect((await t.request(href, { cookie })).status).toBe(403);
      expect((await t.request(href, { cookie, form })).status).toBe(403);
    }
    expect((await t.request("/training/discussions", { cookie: staffA.cookie })).status).toBe(403);
    // Another school's principal at their own school's path finds nothing.
    expect(
      (await t.request(`/training/discussions/school-b/${d!.id}`, { cookie: principalB.cookie })).status,
    ).toBe(404);
    const bad = await t.request(href, { cookie: principalA.cookie, form: { ...form, attended: "many" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter how many took part");
    const ok = await t.request(href, { cookie: principalA.cookie, form });
    expect(ok.status).toBe(303);
    const page = await (await t.request("/training/discussions", { cookie: principalB.cookie })).text();
    expect(page).not.toContain("School A");
  });

  it("shows on the policy page's evidence for 3.1.2 when each school last discussed it", async () => {
    const ev = await discussionEvidence({ db: t.database.db, scope: "all", now: at("2026-12-01") });
    expect(ev.byClause?.["3.1.2"]).toContain("School A 20 November 2026");
    expect(ev.byClause?.["3.1.2"]).toContain("School B not yet");
    expect(ev.byClause?.["3.1.2"]).toMatch(/^1 of 2 schools have discussed the policy in the last term/);
    const page = await (await t.request("/policy", { cookie: admin.cookie })).text();
    expect(page).toContain("School A 20 November 2026");
  });
});
