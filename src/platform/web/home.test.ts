// The home page for each role: what needs them, most urgent first; the DSL's safeguarding first,
// always; a trustee's numbers without names; and a statement count that does not grow with schools.
import { sql } from "drizzle-orm";
import { countStatements } from "../testing/count-statements";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schools } from "../../core/people/schema";
import { concernAccess, concerns } from "../../concerns/schema";
import { declarations } from "../../declarations/schema";
import type { HomeItem } from "../capability";
import { createTestApp, seedTrust, signInAs, type SeededTrust, type TestApp } from "../testing/test-app";
import { orderHomeItems } from "./home-routes";

let t: TestApp;
let trust: SeededTrust;

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
}, 120_000);
afterAll(async () => t?.close());

const page = async (cookie: string) => {
  const res = await t.request("/", { cookie });
  expect(res.status).toBe(200);
  return res.text();
};

async function concernFor(userId: string, category: "safeguarding" | "reputation", about = "Pupil X") {
  const [c] = await t.database.db
    .insert(concerns)
    .values({
      schoolId: trust.schoolA.id,
      kind: category === "safeguarding" ? "child-at-risk" : "reputation",
      category,
      whatHappened: `Something about ${about}`,
      routedToRole: "Designated safeguarding lead",
    })
    .returning();
  await t.database.db.insert(concernAccess).values({ concernId: c!.id, userId, reason: "routed" });
}

describe("ordering what needs you", () => {
  it("puts safeguarding first whatever its urgency, then now, soon, later, soonest due first", () => {
    const item = (text: string, extra: Partial<HomeItem>): HomeItem => ({
      text,
      href: "/",
      urgency: "later",
      ...extra,
    });
    const ordered = orderHomeItems([
      item("later", {}),
      item("soon", { urgency: "soon" }),
      item("now, due later", { urgency: "now", dueOn: "2026-12-09" }),
      item("now, due first", { urgency: "now", dueOn: "2026-12-01" }),
      item("safeguarding", { urgency: "soon", safeguarding: true }),
    ]);
    expect(ordered.map((i) => i.text)).toEqual([
      "safeguarding",
      "now, due first",
      "now, due later",
      "soon",
      "later",
    ]);
  });
});

describe("home page by role", () => {
  it("shows a DSL the safeguarding section first, even when nothing waits", async () => {
    const dsl = await signInAs(t, "dsl", { schoolId: trust.schoolA.id });
    const empty = await page(dsl.cookie);
    expect(empty).toContain("No safeguarding concern is waiting");
    expect(empty.indexOf("Safeguarding</h2>")).toBeLessThan(empty.indexOf("What needs you today"));
    await concernFor(dsl.userId, "reputation");
    await concernFor(dsl.userId, "safeguarding");
    const html = await page(dsl.cookie);
    const safeguarding = html.indexOf("Safeguarding concerns and allegations waiting for a first action");
    const other = html.indexOf("Other concerns waiting for a first action");
    const open = html.indexOf("Open cases you hold");
    expect(safeguarding).toBeGreaterThan(0);
    expect(safeguarding).toBeLessThan(other);
    expect(other).toBeLessThan(open);
    expect(html).not.toContain("Pupil X");
  });

  it("shows a leader their school's declarations to review, prohibited (now) before the rest (soon)", async () => {
    const leader = await signInAs(t, "senior-leader", { schoolId: trust.schoolA.id });
    const member = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const declaration = (verdict: "prohibited" | "permitted") => ({
      userId: member.userId,
      schoolId: trust.schoolA.id,
      contactKind: "pupil" as const,
      contactName: "A Pupil",
      platforms: ["Instagram"],
      otherRelationships: [],
      verdict,
      clause: "8.3",
      reason: "test",
    });
    await t.database.db
      .insert(declarations)
      .values([declaration("permitted"), declaration("permitted"), declaration("prohibited")] as never);
    const html = await page(leader.cookie);
    const prohibited = html.indexOf("Declarations to review that the policy prohibits");
    const rest = html.indexOf("Other declarations waiting for your review");
    expect(prohibited).toBeGreaterThan(0);
    expect(rest).toBeGreaterThan(prohibited);
    expect(html).toMatch(
      /Now: <\/span><a href="\/declarations\/review">Declarations to review that the policy prohibits<\/a><span class="count"> \(1\)/,
    );
    expect(html).not.toContain("A Pupil");
    expect(html).toContain("<h3>Your school</h3>");
    // The trust admin has no school of their own: the same items are the trust's.
    const admin = await signInAs(t, "trust-admin");
    const adminHome = await page(admin.cookie);
    expect(adminHome).toContain("<h3>Across the trust</h3>");
    expect(adminHome).not.toContain("<h3>Your school</h3>");
    // The member of staff sees none of it; another school's leader neither.
    expect(await page(member.cookie)).not.toContain("Declarations to review");
    const other = await signInAs(t, "senior-leader", { schoolId: trust.schoolB.id });
    expect(await page(other.cookie)).not.toContain("Declarations to review");
  });

  it("shows a member of staff no school table and no one else's cases", async () => {
    const member = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const html = await page(member.cookie);
    expect(html).toContain("What needs you today");
    expect(html).not.toContain("Pupils on roll");
    expect(html).not.toContain("Open cases you hold");
  });

  it("shows a leader only their own school's head counts", async () => {
    const leader = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
    const html = await page(leader.cookie);
    expect(html).toContain("Pupils on roll");
    expect(html).toContain("School A");
    expect(html).not.toContain("School B");
  });

  it("shows a trustee the trust in numbers, with no names", async () => {
    const dsl = await signInAs(t, "dsl", {
      schoolId: trust.schoolA.id,
      email: "named.person@test.example.org",
    });
    await concernFor(dsl.userId, "safeguarding", "Named Pupil");
    const trustee = await signInAs(t, "trustee");
    const html = await page(trustee.cookie);
    expect(html).toContain("The trust in numbers");
    expect(html).toContain('href="/trust-picture"');
    expect(html).not.toContain("named.person");
    expect(html).not.toContain("Named Pupil");
    expect(html).not.toContain("Test dsl");
    expect(html).not.toContain("Pupils on roll");
  });
});

describe("navigation by role", () => {
  // The <nav>'s own list, and its "Leading:" list, as link labels.
  const navLists = (html: string) => {
    const nav = html.slice(html.indexOf('<nav aria-label="Main">'), html.indexOf("</nav>"));
    const labels = (part: string) =>
      [...part.matchAll(/<a href="[^"]*"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    const split = nav.indexOf('<div class="nav-leading">');
    return split < 0
      ? { own: labels(nav), leading: [] }
      : { own: labels(nav.slice(0, split)), leading: labels(nav.slice(split)) };
  };

  it("gives a member of staff one short list of their own pages and no row for leading", async () => {
    const member = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const html = await page(member.cookie);
    const { own, leading } = navLists(html);
    expect(own).toContain("Declarations");
    expect(leading).toEqual([]);
    expect(html).not.toContain("Leading:");
    expect(html).not.toContain("<h3>Leading</h3>");
  });

  it("puts a principal's pages for leading the school on a row of their own, and says what each administration page is for", async () => {
    const leader = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
    const html = await page(leader.cookie);
    const { own, leading } = navLists(html);
    expect(own).toContain("Declarations");
    expect(own).not.toContain("Completion");
    expect(leading).toEqual(expect.arrayContaining(["Completion", "People", "Administration"]));
    expect(leading).not.toContain("Declarations");
    expect(html).toContain('aria-labelledby="nav-leading"');
    expect(html).toContain("<h3>Your own</h3>");
    expect(html).toContain("<h3>Leading</h3>");
    expect(html).toContain('<a href="/admin/calendar">School calendars</a>: term dates');
  });
});

describe("cost of the home page", () => {
  it("sends as many statements for 10 schools as for 3, for each role", async () => {
    const roles = ["principal", "dsl", "staff", "trustee", "trust-admin"] as const;
    const users = await Promise.all(roles.map((role) => signInAs(t, role, { schoolId: trust.schoolA.id })));
    const counts = async () => {
      const out: number[] = [];
      for (const u of users) {
        await page(u.cookie); // warm: head counts and the report are kept
        // A change through the pool: the kept home page and session are asked for again.
        await t.database.db.execute(sql`update trusts set name = name`);
        out.push(await countStatements(() => page(u.cookie)));
      }
      return out;
    };
    await t.database.db
      .insert(schools)
      .values({ trustId: trust.trustId, slug: "school-c", name: "School C", phase: "primary" });
    const atThree = await counts();
    await t.database.db.insert(schools).values(
      Array.from({ length: 7 }, (_, i) => ({
        trustId: trust.trustId,
        slug: `school-${i + 4}`,
        name: `School ${i + 4}`,
        phase: "primary" as const,
      })),
    );
    const atTen = await counts();
    expect(atThree.every((n) => n > 0)).toBe(true);
    expect(atTen).toEqual(atThree);
  });

  it("sends no statement for a repeat view while nothing has changed, and shows a change at once", async () => {
    const dsl = await signInAs(t, "dsl", { schoolId: trust.schoolA.id });
    const before = await page(dsl.cookie);
    expect(await countStatements(() => page(dsl.cookie))).toBe(0);
    // A change made through the pool (here a direct insert) is seen on the next view.
    const count = (html: string) =>
      Number(/waiting for a first action<\/a><span class="count"> \((\d+)\)/.exec(html)?.[1] ?? 0);
    await concernFor(dsl.userId, "safeguarding");
    const after = await page(dsl.cookie);
    expect(count(after)).toBe(count(before) + 1);
  });

  it("refuses a session at once after signing out, though session reads are kept", async () => {
    const member = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    await page(member.cookie);
    const out = await t.request("/sign-out", { cookie: member.cookie, form: {} });
    expect(out.status).toBeLessThan(400);
    const again = await t.request("/", { cookie: member.cookie });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toMatch(/^\/sign-in/);
  });
});
