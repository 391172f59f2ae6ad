// Learning from use: a post is kept as a labelled example only with consent, with who gave it,
// for the user's own school, and the trust's examples come back out in the corpus format.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { postExamples } from "./schema";
import { listTrustExamples, validateExample } from "./submit-example";

let t: TestApp;
let trust: SeededTrust;
let staff: { cookie: string; userId: string };

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
});
afterAll(async () => t?.close());

const example = {
  context: "personal",
  school: "school-a",
  text: "Our head at the staff meeting today, honestly what a plonker",
  clauses: "4.5",
  reason: "wrong",
};

describe("submitting a post as an example", () => {
  it("stores nothing without consent", async () => {
    const res = await t.request("/posts/examples", { cookie: staff.cookie, form: example });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Tick the box to agree");
    expect(await t.database.db.select().from(postExamples)).toEqual([]);
  });

  it("keeps the post with who gave it, their clauses and the checker's own, and audits it", async () => {
    const res = await t.request("/posts/examples", {
      cookie: staff.cookie,
      form: { ...example, consent: "yes" },
    });
    expect(res.status).toBe(303);
    const rows = await t.database.db.select().from(postExamples);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      submittedBy: staff.userId,
      schoolId: trust.schoolA.id,
      clauses: ["4.5"],
      reason: "wrong",
      text: example.text,
    });
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "post-example.submitted"));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain("plonker");
    const lines = await listTrustExamples(t.database.db, trust.trustId);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        context: "personal",
        school: "school-a",
        text: example.text,
        expected: { verdict: "block", clauses: ["4.5"] },
      }),
    ]);
  });

  it("refuses another school's slug, someone signed out, a trustee (no post check) and bad clause numbers", async () => {
    const other = await t.request("/posts/examples", {
      cookie: staff.cookie,
      form: { ...example, school: "school-b", consent: "yes" },
    });
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("Choose one of your schools.");
    const signedOut = await t.request("/posts/examples", { form: { ...example, consent: "yes" } });
    expect([302, 303, 401, 403]).toContain(signedOut.status);
    const trustee = await signInAs(t, "trustee");
    const refused = await t.request("/posts/examples", {
      cookie: trustee.cookie,
      form: { ...example, consent: "yes" },
    });
    expect(refused.status).toBe(403);
    const bad = await t.request("/posts/examples", {
      cookie: staff.cookie,
      form: { ...example, clauses: "4.5, clause six", consent: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("is not a clause number");
    expect(await t.database.db.select().from(postExamples)).toHaveLength(1);
  });

  it("validates without a database", () => {
    const base = {
      userId: "u",
      userLabel: "u@example.org",
      mySchoolSlugs: ["school-a"],
      schoolSlug: "school-a",
      context: "official",
      text: "Hello",
      clauses: "",
      reason: "dismissed",
      consent: true,
    };
    expect(validateExample(base)).toEqual({
      ok: true,
      context: "official",
      clauses: [],
      reason: "dismissed",
    });
    expect(validateExample({ ...base, context: "diary" })).toMatchObject({ ok: false, field: "context" });
    expect(validateExample({ ...base, reason: "bored" })).toMatchObject({ ok: false, field: "reason" });
    expect(validateExample({ ...base, text: "x".repeat(20_001) })).toMatchObject({
      ok: false,
      field: "text",
    });
  });
});
