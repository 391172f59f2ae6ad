// The trust's post check examples page: a trust administrator sees every school's examples (never
// another trust's), a principal only their own school's; staff and other leaders are refused; the
// download is the corpus format; withdrawal deletes one; every read and withdrawal is audited.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schools, trusts } from "../core/people/schema";
import { auditEvents } from "../platform/audit/schema";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { postExamples } from "./schema";
import { exampleScope } from "./trust-examples";

type SignedIn = { cookie: string; userId: string; email: string };
let t: TestApp;
let trust: SeededTrust;
let admin: SignedIn;
let principalA: SignedIn;
let principalB: SignedIn;
let seniorA: SignedIn;
let staffA: SignedIn;
let staffB: SignedIn;
let exampleA = "";
let exampleB = "";
let exampleElsewhere = "";

async function give(person: SignedIn, school: string, text: string, clauses: string, reason = "wrong") {
  const res = await t.request("/posts/examples", {
    cookie: person.cookie,
    form: { school, context: "personal", text, clauses, reason, consent: "yes" },
  });
  expect(res.status).toBe(303);
  const [row] = await t.database.db.select().from(postExamples).where(eq(postExamples.text, text));
  return row!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  admin = await signInAs(t, "trust-admin");
  principalA = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
  principalB = await signInAs(t, "principal", { schoolId: trust.schoolB.id });
  seniorA = await signInAs(t, "senior-leader", { schoolId: trust.schoolA.id });
  staffA = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
  staffB = await signInAs(t, "staff", { schoolId: trust.schoolB.id });
  exampleA = await give(staffA, "school-a", "Form time quiz today and 9C smashed it, so proud", "");
  exampleB = await give(staffB, "school-b", "The governors here are a bunch of clowns", "4.5");
  // A row of another trust in the same database: it must never show up.
  const [otherTrust] = await t.database.db
    .insert(trusts)
    .values({ name: "Other Trust", slug: "other-trust" })
    .returning();
  const [otherSchool] = await t.database.db
    .insert(schools)
    .values({ trustId: otherTrust!.id, slug: "other-school", name: "Other School", phase: "primary" })
    .returning();
  const [row] = await t.database.db
    .insert(postExamples)
    .values({
      schoolId: otherSchool!.id,
      submittedBy: staffA.userId,
      context: "personal",
      text: "Another trust's example text",
      clauses: [],
      checkerClauses: [],
      reason: "wrong",
      rulesVersion: "x",
    })
    .returning();
  exampleElsewhere = row!.id;
});
afterAll(async () => t?.close());

describe("who may see the examples", () => {
  it("is every school of the trust for a trust admin, a principal's own schools otherwise", () => {
    expect(exampleScope({ roles: [{ role: "trust-admin", schoolId: null }] })).toBe("trust");
    expect(
      exampleScope({
        roles: [
          { role: "principal", schoolId: "a" },
          { role: "staff", schoolId: "b" },
        ],
      }),
    ).toEqual(["a"]);
    expect(exampleScope({ roles: [{ role: "senior-leader", schoolId: "a" }] })).toEqual([]);
  });

  it("refuses staff, a senior leader and a trustee on the page, the download and withdrawal", async () => {
    const trustee = await signInAs(t, "trustee");
    for (const person of [staffA, seniorA, trustee]) {
      expect((await t.request("/admin/post-examples", { cookie: person.cookie })).status).toBe(403);
      expect((await t.request("/admin/post-examples/download", { cookie: person.cookie })).status).toBe(403);
      const withdraw = await t.request(`/admin/post-examples/${exampleA}/withdraw`, {
        cookie: person.cookie,
        form: {},
      });
      expect(withdraw.status).toBe(403);
    }
    expect(await t.database.db.select().from(postExamples)).toHaveLength(3);
  });
});

describe("the examples page", () => {
  it("shows a trust admin every school's examples with who gave them and both answers, not another trust's", async () => {
    const res = await t.request("/admin/post-examples", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("9C smashed it");
    expect(html).toContain("bunch of clowns");
    expect(html).not.toContain("Another trust");
    expect(html).toContain("Test staff");
    expect(html).toContain("none (harmless)");
    expect(html).toContain("4.5");
    const viewed = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "post-examples.viewed"));
    expect(viewed.map((e) => e.actorId)).toEqual([admin.userId]);
  });

  it("filters by reason", async () => {
    await give(staffA, "school-a", "Text that was dismissed elsewhere, kindly meant", "", "dismissed");
    const html = await (
      await t.request("/admin/post-examples?reason=dismissed", { cookie: admin.cookie })
    ).text();
    expect(html).toContain("dismissed elsewhere");
    expect(html).not.toContain("9C smashed it");
  });

  it("checks each example again with today's check and tallies it against the giver's answer", async () => {
    const [stored] = await t.database.db.select().from(postExamples).where(eq(postExamples.id, exampleB));
    // The stored answer was worked out by today's check; make the check "of the day" the opposite,
    // as if a release since had changed its answer, so the page must say the answer moved.
    const todayAgrees = stored!.checkerClauses.includes("4.5");
    const ofTheDay = todayAgrees ? [] : ["4.5"];
    await t.database.db
      .update(postExamples)
      .set({ checkerClauses: ofTheDay })
      .where(eq(postExamples.id, exampleB));
    try {
      const html = await (await t.request("/admin/post-examples", { cookie: principalB.cookie })).text();
      expect(html).toContain("Today&#39;s check on the examples");
      expect(html).toContain(
        `citing one of the clauses the giver named: ${todayAgrees ? "1 of 1 (100%)" : "0 of 1 (0%)"}`,
      );
      expect(html).toContain("Harmless posts let through: none");
      expect(html).toContain(todayAgrees ? "now agrees with them" : "no longer agrees");
      expect(html).toMatch(
        todayAgrees
          ? /come round to the giver&#39;s answer on 1 and\s+moved away from it on 0/
          : /come round to the giver&#39;s answer on 0 and\s+moved away from it on 1/,
      );
    } finally {
      await t.database.db
        .update(postExamples)
        .set({ checkerClauses: stored!.checkerClauses })
        .where(eq(postExamples.id, exampleB));
    }
  });

  it("shows a principal only their own school's examples", async () => {
    const html = await (await t.request("/admin/post-examples", { cookie: principalA.cookie })).text();
    expect(html).toContain("9C smashed it");
    expect(html).not.toContain("bunch of clowns");
  });
});

describe("the download", () => {
  it("gives the examples as corpus lines that eval-posts and the training script read, audited", async () => {
    const res = await t.request("/admin/post-examples/download?reason=wrong", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("post-examples-wrong.jsonl");
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual({
      id: `example-${exampleB}`,
      context: "personal",
      school: "school-b",
      text: "The governors here are a bunch of clowns",
      expected: { verdict: "block", clauses: ["4.5"] },
    });
    expect(lines.find((l) => l.id === `example-${exampleA}`)?.expected).toEqual({
      verdict: "clear",
      clauses: [],
    });
    const downloaded = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "post-examples.downloaded"));
    expect(downloaded).toHaveLength(1);
    expect(JSON.stringify(downloaded[0])).not.toContain("clowns");
  });

  it("gives a principal only their own school's lines", async () => {
    const text = await (
      await t.request("/admin/post-examples/download", { cookie: principalB.cookie })
    ).text();
    const ids = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).id);
    expect(ids).toEqual([`example-${exampleB}`]);
  });
});

describe("withdrawing an example", () => {
  it("is not found for another school's principal, or an example of another trust", async () => {
    const fromB = await t.request(`/admin/post-examples/${exampleA}/withdraw`, {
      cookie: principalB.cookie,
      form: {},
    });
    expect(fromB.status).toBe(404);
    const elsewhere = await t.request(`/admin/post-examples/${exampleElsewhere}/withdraw`, {
      cookie: admin.cookie,
      form: {},
    });
    expect(elsewhere.status).toBe(404);
    const junk = await t.request("/admin/post-examples/not-an-id/withdraw", {
      cookie: admin.cookie,
      form: {},
    });
    expect(junk.status).toBe(404);
    expect(await t.database.db.select().from(postExamples)).toHaveLength(4);
  });

  it("deletes it for the school's principal, and audits who withdrew which", async () => {
    const res = await t.request(`/admin/post-examples/${exampleA}/withdraw`, {
      cookie: principalA.cookie,
      form: {},
    });
    expect(res.status).toBe(303);
    const left = await t.database.db.select({ id: postExamples.id }).from(postExamples);
    expect(left.map((r) => r.id)).not.toContain(exampleA);
    expect(left).toHaveLength(3);
    const withdrawn = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "post-example.withdrawn"));
    expect(withdrawn.map((e) => [e.actorId, e.subjectId])).toEqual([[principalA.userId, exampleA]]);
  });
});
