// Questions end to end on a real database and SMTP server: routing by line management (or the
// principal), privately to a senior leader, who may read a question (another member of staff is
// refused), answers by email without the question's text, escalation across half-term, guidance
// published anonymised and carried to the next version when its clause is unchanged.
import { eq, inArray } from "drizzle-orm";
import { outbox } from "../platform/mail/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { saveSchoolCalendar } from "../core/calendar/save-school-calendar";
import { addStaffMember, type TestStaffMember } from "../core/people/test-support";
import type { SignedInUser } from "../platform/auth/sessions";
import { bodyOf } from "../platform/testing/smtp-server";
import { useTestTrustWithMail } from "../platform/testing/use-test-trust";
import { signInAs } from "../platform/testing/test-app";
import { approveTestPolicy, SUMMIT_POLICY_TEXT } from "../policy/test-support";
import { askQuestion } from "./ask-question";
import { escalateOverdueQuestions } from "./escalate-overdue-questions";
import { questionGuidance, questions } from "./schema";

const summit = SUMMIT_POLICY_TEXT;
const actor = { id: null, label: "test" };
const at = (day: string) => new Date(`${day}T09:00:00Z`);
const SECRET = "Can I post the photo of my Year 9 class trip to Alton Towers?";

const ctx = useTestTrustWithMail();
let seen = 0;
type Person = TestStaffMember & { user: SignedInUser };
const people: Record<string, Person> = {};

async function person(
  key: string,
  role: "staff" | "principal" | "senior-leader",
  options: { lineManager?: string; school?: string } = {},
) {
  const schoolId = options.school ?? ctx.trust.schoolA.id;
  const lineManagerId = options.lineManager ? people[options.lineManager]!.staffId : null;
  const member = await addStaffMember(ctx.t.database.db, key, schoolId, { lineManagerId }, { role });
  const roles = [{ role, schoolId }];
  people[key] = {
    ...member,
    user: {
      id: member.userId,
      email: member.email,
      name: `${key} Tester`,
      staffId: member.staffId,
      roles,
      sessionId: "test",
    },
  };
}

/** Everything sent so far: the routes also send at once after commit (deliverSoon), so wait until quiet. */
async function delivered() {
  await ctx.t.services.mailer.deliverQueued();
  for (let i = 0; i < 50; i++) {
    const pending = await ctx.t.database.db
      .select()
      .from(outbox)
      .where(inArray(outbox.status, ["queued", "sending"]));
    const sent = await ctx.t.database.db.select().from(outbox).where(eq(outbox.status, "sent"));
    if (pending.length === 0 && ctx.smtp.received.length + seen >= sent.length) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  seen += ctx.smtp.received.length;
  return ctx.smtp.received.splice(0).map((m) => ({ to: m.to[0]!, body: bodyOf(m.raw), raw: m.raw }));
}

const importAndApprove = (text: string, day: string) =>
  approveTestPolicy(ctx.t.database.db, { text, fileName: `p-${day}.txt`, approvalDate: day, asOf: at(day) });

beforeAll(async () => {
  await saveSchoolCalendar({
    db: ctx.t.database.db,
    actor,
    schoolId: ctx.trust.schoolA.id,
    terms: [
      { name: "Spring 1", startsOn: "2027-01-05", endsOn: "2027-02-12" },
      { name: "Spring 2", startsOn: "2027-02-22", endsOn: "2027-03-25" },
    ],
    closures: [],
  });
  await importAndApprove(summit, "2027-01-11");
  await person("principal", "principal");
  await person("senior", "senior-leader");
  await person("manager", "staff");
  await person("asker", "staff", { lineManager: "manager" });
  await person("other", "staff", { lineManager: "manager" });
  await person("loner", "staff");
  await person("principalb", "principal", { school: ctx.trust.schoolB.id });
  await delivered();
});

let questionId: string;

describe("asking", () => {
  it("routes to the line manager with a deadline, and the email carries no question text", async () => {
    const res = await ctx.t.request("/questions/ask", {
      cookie: people.asker!.cookie,
      form: { clause: "4.10", body: SECRET },
    });
    expect(res.status).toBe(303);
    questionId = res.headers.get("location")!.split("/").pop()!;
    const [q] = await ctx.t.database.db.select().from(questions).where(eq(questions.id, questionId));
    expect(q).toMatchObject({
      routedToUserId: people.manager!.userId,
      routedBecause: "line-manager",
      clauseId: "4.10",
      private: false,
    });
    const mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual([people.manager!.email]);
    expect(mail[0]!.raw).not.toContain("Alton");
    expect(mail[0]!.body).toContain(`/questions/${questionId}`);
  });

  it("goes to the principal for someone with no line manager", async () => {
    const r = await askQuestion({
      db: ctx.t.database.db,
      user: people.loner!.user,
      body: "Is LinkedIn allowed?",
      private: false,
      baseUrl: "http://x",
    });
    expect(r.ok).toBe(true);
    const [q] = await ctx.t.database.db
      .select()
      .from(questions)
      .where(eq(questions.id, (r as { questionId: string }).questionId));
    expect(q).toMatchObject({ routedToUserId: people.principal!.userId, routedBecause: "principal" });
  });

  it("refuses a clause the policy does not have, and an empty question", async () => {
    const bad = await ctx.t.request("/questions/ask", {
      cookie: people.asker!.cookie,
      form: { clause: "99.9", body: "x" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("no clause 99.9");
    expect(
      (await ctx.t.request("/questions/ask", { cookie: people.asker!.cookie, form: { body: " " } })).status,
    ).toBe(400);
  });
});

describe("who may read a question", () => {
  it("the asker, the line manager and the principal; not another member of staff, a senior leader or another school", async () => {
    for (const key of ["asker", "manager", "principal"])
      expect(
        (await ctx.t.request(`/questions/${questionId}`, { cookie: people[key]!.cookie })).status,
        key,
      ).toBe(200);
    for (const key of ["other", "senior", "principalb"]) {
      const res = await ctx.t.request(`/questions/${questionId}`, { cookie: people[key]!.cookie });
      expect(res.status, key).toBe(403);
      expect(await res.text()).not.toContain("Alton");
      expect(
        (
          await ctx.t.request(`/questions/${questionId}/reply`, {
            cookie: people[key]!.cookie,
            form: { body: "I see" },
          })
        ).status,
      ).toBe(403);
    }
    const trustee = await signInAs(ctx.t, "trustee");
    expect((await ctx.t.request(`/questions/${questionId}`, { cookie: trustee.cookie })).status).toBe(403);
  });

  it("a private question to a senior leader is hidden from the line manager and the principal", async () => {
    const res = await ctx.t.request("/questions/ask", {
      cookie: people.asker!.cookie,
      form: { body: "A private worry", private: "yes", seniorLeader: people.senior!.userId },
    });
    expect(res.status).toBe(303);
    const id = res.headers.get("location")!.split("/").pop()!;
    expect((await ctx.t.request(`/questions/${id}`, { cookie: people.senior!.cookie })).status).toBe(200);
    expect((await ctx.t.request(`/questions/${id}`, { cookie: people.manager!.cookie })).status).toBe(403);
    expect((await ctx.t.request(`/questions/${id}`, { cookie: people.principal!.cookie })).status).toBe(403);
    // Asked privately without choosing anyone: a clear error.
    const none = await ctx.t.request("/questions/ask", {
      cookie: people.asker!.cookie,
      form: { body: "x", private: "yes" },
    });
    expect(none.status).toBe(400);
  });
});

describe("answering and publishing", () => {
  it("the line manager answers; the asker is told without the question's text", async () => {
    await delivered();
    const res = await ctx.t.request(`/questions/${questionId}/reply`, {
      cookie: people.manager!.cookie,
      form: { body: "Only with parents' consent and no names." },
    });
    expect(res.status).toBe(303);
    const [q] = await ctx.t.database.db.select().from(questions).where(eq(questions.id, questionId));
    expect(q!.status).toBe("answered");
    expect(q!.firstAnsweredAt).not.toBeNull();
    const mail = await delivered();
    expect(mail.map((m) => m.to)).toEqual([people.asker!.email]);
    expect(mail[0]!.raw).not.toContain("Alton");
    expect(mail[0]!.raw).not.toContain("consent");
    const page = await (
      await ctx.t.request(`/questions/${questionId}`, { cookie: people.asker!.cookie })
    ).text();
    expect(page).toContain("Only with parents&#39; consent");
  });

  it("a principal publishes it anonymised under its clause; a line manager without the role cannot", async () => {
    expect(
      (await ctx.t.request(`/questions/${questionId}/publish`, { cookie: people.manager!.cookie })).status,
    ).toBe(403);
    expect(
      (await ctx.t.request(`/questions/${questionId}/publish`, { cookie: people.principalb!.cookie })).status,
    ).toBe(403);
    const res = await ctx.t.request(`/questions/${questionId}/publish`, {
      cookie: people.principal!.cookie,
      form: {
        clause: "4.10",
        question: "May I post photos of a school trip?",
        answer: "Only with consent, and never with pupils' names.",
      },
    });
    expect(res.status).toBe(303);
    const page = await (await ctx.t.request("/questions/guidance", { cookie: people.other!.cookie })).text();
    expect(page).toContain("May I post photos of a school trip?");
    expect(page).toContain('href="/policy/clause/4.10"');
    expect(page).not.toContain("Alton");
    // And under its clause on the live policy page, for everyone.
    const policy = await (await ctx.t.request("/policy", { cookie: people.other!.cookie })).text();
    expect(policy).toContain("Answers to staff questions about 4.10 (1)");
    expect(policy).toContain("Only with consent, and never with pupils&#39; names.");
  });

  it("leaders and trustees see open and overdue counts, the median time and clauses asked about", async () => {
    const trustee = await signInAs(ctx.t, "trustee");
    const page = await (await ctx.t.request("/questions/overview", { cookie: trustee.cookie })).text();
    expect(page).toMatch(/\d+ questions asked/);
    expect(page).toMatch(/Median time to a first answer: [\d.]+ hours/);
    expect(page).toContain('href="/policy/clause/4.10"');
    expect(page).not.toContain("Alton");
    expect((await ctx.t.request("/questions/overview", { cookie: people.other!.cookie })).status).toBe(403);
    expect((await ctx.t.request("/questions/settings", { cookie: people.principal!.cookie })).status).toBe(
      403,
    );
  });
});

describe("escalation across half-term", () => {
  it("goes to the principal the school day after the deadline, once", async () => {
    await delivered();
    const r = await askQuestion({
      db: ctx.t.database.db,
      user: people.other!.user,
      body: "Half-term question",
      private: false,
      baseUrl: "http://x",
      asOf: at("2027-02-12"),
    });
    if (!r.ok) throw new Error(r.message);
    const [q] = await ctx.t.database.db.select().from(questions).where(eq(questions.id, r.questionId));
    // Three school days from Friday 12 February, half-term skipped: 22, 23, 24 February.
    expect(q!.dueOn).toBe("2027-02-24");
    await delivered();
    const run = (day: string) =>
      escalateOverdueQuestions({ db: ctx.t.database.db, baseUrl: "http://conduct.test", now: at(day) });
    await run("2027-02-19");
    await run("2027-02-24");
    expect((await delivered()).filter((m) => m.body.includes(r.questionId))).toHaveLength(0);
    await run("2027-02-25");
    await run("2027-02-25");
    const mail = (await delivered()).filter((m) => m.body.includes(r.questionId));
    expect(mail.map((m) => m.to)).toEqual([people.principal!.email]);
    expect(mail[0]!.raw).not.toContain("Half-term question");
    const [after] = await ctx.t.database.db.select().from(questions).where(eq(questions.id, r.questionId));
    expect(after!.escalatedToUserId).toBe(people.principal!.userId);
    // The principal it was escalated to may now read it.
    expect(
      (await ctx.t.request(`/questions/${r.questionId}`, { cookie: people.principal!.cookie })).status,
    ).toBe(200);
  });
});

describe("guidance and new versions", () => {
  it("is carried to the next version when its clause is unchanged, and not when it changed", async () => {
    const v2 = await importAndApprove(
      summit.replace("harass, bully or intimidate", "harass, bully, or intimidate"),
      "2027-03-01",
    );
    const carried = await ctx.t.database.db
      .select()
      .from(questionGuidance)
      .where(eq(questionGuidance.versionId, v2));
    expect(carried.map((g) => g.clauseId)).toEqual(["4.10"]);
    expect(carried[0]!.carriedFromId).not.toBeNull();
    const v3 = await importAndApprove(
      summit
        .replace("harass, bully or intimidate", "harass, bully, or intimidate")
        .replace(
          "Staff must raise all doubts, questions and concerns",
          "Staff must raise every doubt, question and concern",
        ),
      "2027-03-02",
    );
    expect(
      await ctx.t.database.db.select().from(questionGuidance).where(eq(questionGuidance.versionId, v3)),
    ).toHaveLength(0);
  });
});
