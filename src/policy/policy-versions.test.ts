// Policy versions in the database: import, lint findings, approval, control mapping that
// survives renumbering, the live policy page, and the review cycle.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { outbox } from "../platform/mail/schema";
import {
  createTestApp,
  seedTrust,
  signInAs,
  type SeededTrust,
  type TestApp,
} from "../platform/testing/test-app";
import { countStatements } from "../platform/testing/count-statements";
import { approvePolicyVersion, nextReviewIso } from "./approve-policy-version";
import { importPolicyVersion } from "./import-policy-version";
import { controlMappings, policyClauses, policyVersions } from "./schema";
import { reviewNoticeFor, rolesForResponsible, sendReviewReminders } from "./send-review-reminders";

const here = path.dirname(fileURLToPath(import.meta.url));
const summit = readFileSync(path.join(here, "fixtures/summit-social-media-policy.txt"));
const actor = { id: null, label: "test" };

/** The Summit policy with section 4 moved to the end (renumbered 13) and clause 8.3 reworded. */
function renumberedVariant(): Buffer {
  const text = summit.toString("utf8");
  const start = text.indexOf("4. When using social media at any time\n");
  const end = text.indexOf("5 When using social media on behalf of the school");
  const section4 = text.slice(start, end);
  const renumbered = section4.replace(/^(\s*-?\s*)4\./gm, "$113.").replace(/^13\. When/m, "13 When");
  return Buffer.from(
    (text.slice(0, start) + text.slice(end) + "\n" + renumbered).replace(
      "This includes ex-pupils until they reach the age of 18.",
      "This includes former pupils until their 18th birthday.",
    ),
  );
}

let t: TestApp;
let trust: SeededTrust;

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
});
afterAll(async () => t?.close());

describe("importing and approving the policy", () => {
  let v1: string;

  it("imports the Summit document as a draft with its clauses and lint findings", async () => {
    const r = await importPolicyVersion({
      db: t.database.db,
      actor,
      fileName: "summit.txt",
      bytes: summit,
      asOf: new Date("2026-11-29"),
    });
    if (!r.ok) throw new Error(r.error.message);
    v1 = r.versionId;
    expect(r.created).toBe(true);
    expect(r.number).toBe(1);
    const clauses = await t.database.db.select().from(policyClauses).where(eq(policyClauses.versionId, v1));
    expect(clauses).toHaveLength(61);
    const codes = r.findings.map((f) => f.code);
    expect(codes).toContain("review-overdue");
    expect(codes).toContain("clause-incomplete");
    expect(codes).toContain("link-unrecorded");
    const [row] = await t.database.db.select().from(policyVersions).where(eq(policyVersions.id, v1));
    expect(row!.status).toBe("draft");
  });

  it("treats the same file imported again as the same draft", async () => {
    const r = await importPolicyVersion({ db: t.database.db, actor, fileName: "again.txt", bytes: summit });
    expect(r.ok && r.created).toBe(false);
    expect(r.ok && r.versionId).toBe(v1);
    expect(await t.database.db.select().from(policyVersions)).toHaveLength(1);
  });

  it("refuses a file that is not a policy, with the file named, and stores nothing", async () => {
    const r = await importPolicyVersion({
      db: t.database.db,
      actor,
      fileName: "notes.txt",
      bytes: Buffer.from("Shopping list\nmilk\neggs\n"),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.file).toBe("notes.txt");
    expect(await t.database.db.select().from(policyVersions)).toHaveLength(1);
  });

  it("refuses an approval dated in the future or without a body", async () => {
    const future = await approvePolicyVersion(t.database.db, actor, {
      versionId: v1,
      approvingBody: "Board",
      approvalDate: "2999-01-01",
    });
    expect(future).toMatchObject({ ok: false, field: "approvalDate" });
    const nobody = await approvePolicyVersion(t.database.db, actor, {
      versionId: v1,
      approvingBody: " ",
      approvalDate: "2021-03-01",
    });
    expect(nobody).toMatchObject({ ok: false, field: "approvingBody" });
  });

  it("approves the draft, records who approved it, and maps the built controls to their clauses by wording", async () => {
    const r = await approvePolicyVersion(t.database.db, actor, {
      versionId: v1,
      approvingBody: "People & Resources",
      approvalDate: "2021-03-01",
    });
    expect(r.ok).toBe(true);
    const [row] = await t.database.db.select().from(policyVersions).where(eq(policyVersions.id, v1));
    expect(row!.status).toBe("current");
    expect(row!.nextReviewDue).toBe("2023-03-31"); // "Next review due by: March 2023", ahead of approval
    // The document gives a month: kept as a month, not an invented day.
    expect(row!.nextReviewPrecision).toBe("month");
    expect(nextReviewIso(row!)).toBe("2023-03");
    const mappings = await t.database.db.select().from(controlMappings);
    const of = (key: string) =>
      mappings
        .filter((m) => m.controlKey === key)
        .map((m) => m.clauseId)
        .sort();
    expect(of("evidence-vault")).toEqual(["8.3.2"]);
    expect(of("declarations")).toEqual(["4.2.1", "8.3", "8.3.1", "8.4", "8.4.1"]);
    expect(of("post-check")).toContain("7.3");
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "policy.approved"));
    expect(audit).toHaveLength(1);
  });

  it("keeps controls on their clauses when a new version renumbers them", async () => {
    const r = await importPolicyVersion({
      db: t.database.db,
      actor,
      fileName: "renumbered.txt",
      bytes: renumberedVariant(),
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.created).toBe(true);
    const ok = await approvePolicyVersion(t.database.db, actor, {
      versionId: r.versionId,
      approvingBody: "Trust board",
      approvalDate: "2026-11-01",
    });
    expect(ok.ok).toBe(true);
    const mappings = await t.database.db.select().from(controlMappings);
    const of = (key: string) =>
      mappings
        .filter((m) => m.controlKey === key)
        .map((m) => m.clauseId)
        .sort();
    // 4.2.1 is now 13.2.1; 8.3 (reworded) still found by its wording
    expect(of("declarations")).toEqual(["13.2.1", "8.3", "8.3.1", "8.4", "8.4.1"]);
    expect(of("post-check")).toContain("13.4");
    expect(of("post-check")).not.toContain("4.4");
    const [old] = await t.database.db.select().from(policyVersions).where(eq(policyVersions.id, v1));
    expect(old!.status).toBe("superseded");
    // A superseded version cannot be approved again.
    expect(
      await approvePolicyVersion(t.database.db, actor, {
        versionId: v1,
        approvingBody: "x",
        approvalDate: "2026-11-02",
      }),
    ).toMatchObject({ ok: false, field: "versionId" });
  });
});

describe("the live policy page", () => {
  it("shows every member of staff the clauses with stable links, and no evidence", async () => {
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const res = await t.request("/policy", { cookie: staff.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="clause-8-3-2"');
    expect(html).toContain('href="/policy/clause/13.2.1"');
    expect(html).not.toContain("Gap:");
    const clause = await t.request("/policy/clause/8.3.2", { cookie: staff.cookie });
    expect(clause.status).toBe(200);
    expect(await clause.text()).toContain("rejecting any approaches");
    expect((await t.request("/policy/clause/99.9", { cookie: staff.cookie })).status).toBe(404);
  });

  it("shows leaders each clause's control with its evidence, and gaps as gaps", async () => {
    const principal = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
    const html = await (await t.request("/policy", { cookie: principal.cookie })).text();
    expect(html).toContain("Relationship declarations");
    expect(html).toContain("No declarations yet");
    // Every control is built now: no clause waits on a planned one.
    expect(html).toContain("Concerns and cases</a>");
    expect(html).not.toContain("planned, not built yet");
    expect(html).toContain("Acknowledgement of the policy</a>");
    expect(html).toMatch(/Of \d+ clauses, \d+ ask something of someone: \d+ have a\s+working control/);
    expect(html).toContain("A statement, not an obligation");
  });

  it("keeps the evidence between views while nothing changes, and shows a change at once", async () => {
    const principal = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
    const view = () => t.request("/policy", { cookie: principal.cookie }).then((r) => r.text());
    const statements = () => countStatements(view);
    // The approved version of the tests above, with its evidence (so the count below means something).
    expect(await view()).toContain("Relationship declarations");
    const kept = await statements();
    // A write through the pool: every capability's evidence is asked for again.
    await t.database.db.execute(sql`update trusts set name = name`);
    const fresh = await statements();
    expect(fresh).toBeGreaterThan(kept + 5);
    expect(await statements()).toBe(kept);
  });

  it("lets trustees see the aggregate evidence", async () => {
    const trustee = await signInAs(t, "trustee");
    const html = await (await t.request("/policy", { cookie: trustee.cookie })).text();
    expect(html).toContain("No posts checked in the last 30 days");
  });

  it("lists who must do what, by modality", async () => {
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const html = await (await t.request("/policy/responsibilities", { cookie: staff.cookie })).text();
    expect(html).toContain("Principals");
    expect(html).toContain('href="/policy/clause/3.1.3"');
  });

  it("shows administrators the versions, findings and a clause-by-clause diff", async () => {
    const admin = await signInAs(t, "trust-admin");
    const versions = await t.database.db.select().from(policyVersions).orderBy(policyVersions.number);
    const page = await (
      await t.request(`/policy/versions/${versions[0]!.id}`, { cookie: admin.cookie })
    ).text();
    expect(page).toContain("review-overdue");
    const diff = await t.request(`/policy/versions/${versions[1]!.id}/diff?against=${versions[0]!.id}`, {
      cookie: admin.cookie,
    });
    expect(diff.status).toBe(200);
    const body = await diff.text();
    expect(body).toContain("renumbered");
    expect(body).toContain("<ins>");
  });

  it("imports a policy uploaded through the versions page", async () => {
    const admin = await signInAs(t, "trust-admin");
    const form = new FormData();
    form.append(
      "file",
      new File(
        [
          Buffer.from(
            "# Small Trust Social Media Policy\n\n## 1 Scope\n\n1.1 Staff must not post pupils' names.\n",
          ),
        ],
        "small.md",
      ),
    );
    const res = await t.request("/policy/versions", { method: "POST", body: form, cookie: admin.cookie });
    expect(res.status).toBe(303);
    expect(await t.database.db.select().from(policyVersions)).toHaveLength(3);
  });
});

describe("the review cycle", () => {
  it("says which notice is due, pure of any clock", () => {
    expect(reviewNoticeFor("2027-03-01", new Date("2026-11-29T09:00:00Z"))).toBeNull();
    expect(reviewNoticeFor("2026-12-20", new Date("2026-11-29T09:00:00Z"))).toEqual({
      kind: "due-soon",
      overdueDays: 0,
    });
    expect(reviewNoticeFor("2023-03-01", new Date("2026-11-29T09:00:00Z"))).toMatchObject({
      kind: "overdue-2026-11-23",
    });
    expect(rolesForResponsible(["IT Director", "Principals"]).sort()).toEqual(["it-director", "principal"]);
  });

  it("emails the staff responsible and administrators once per milestone, and escalates weekly when overdue", async () => {
    const db = t.database.db;
    const [current] = await db.select().from(policyVersions).where(eq(policyVersions.status, "current"));
    await db
      .update(policyVersions)
      .set({ nextReviewDue: "2026-12-10" })
      .where(eq(policyVersions.id, current!.id));
    const mailer = t.services.mailer;
    // By id, not position: an unordered select's order is not the order of writing.
    const before = new Set((await db.select({ id: outbox.id }).from(outbox)).map((m) => m.id));
    const sent = await sendReviewReminders({
      db,
      mailer,
      baseUrl: "http://x",
      today: new Date("2026-11-29T08:00:00Z"),
    });
    expect(sent).toBeGreaterThan(0);
    expect(
      await sendReviewReminders({ db, mailer, baseUrl: "http://x", today: new Date("2026-11-30T08:00:00Z") }),
    ).toBe(0);
    const overdue = await sendReviewReminders({
      db,
      mailer,
      baseUrl: "http://x",
      today: new Date("2026-12-15T08:00:00Z"),
    });
    // Overdue escalates to the trustees as well.
    expect(overdue).toBeGreaterThan(sent);
    expect(
      await sendReviewReminders({ db, mailer, baseUrl: "http://x", today: new Date("2026-12-16T08:00:00Z") }),
    ).toBe(0); // same week
    expect(
      await sendReviewReminders({ db, mailer, baseUrl: "http://x", today: new Date("2026-12-22T08:00:00Z") }),
    ).toBe(overdue); // next week
    const mails = (await db.select().from(outbox)).filter((m) => !before.has(m.id));
    expect(mails.some((m) => m.subject.startsWith("Overdue"))).toBe(true);
    const { users, roleAssignments } = await import("../platform/auth/schema");
    const trustees = await db
      .select({ email: users.email })
      .from(users)
      .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
      .where(eq(roleAssignments.role, "trustee"));
    expect(trustees.length).toBeGreaterThan(0);
    const dueSoonTo = mails.filter((m) => m.subject.startsWith("Due soon")).map((m) => m.to);
    const overdueTo = mails.filter((m) => m.subject.startsWith("Overdue")).map((m) => m.to);
    for (const trustee of trustees) {
      expect(dueSoonTo).not.toContain(trustee.email);
      expect(overdueTo).toContain(trustee.email);
    }
  });
});

describe("the trust's documents and its control mapping", () => {
  it("checks the policy's links against the documents the trust records", async () => {
    const admin = await signInAs(t, "trust-admin");
    const [first] = await t.database.db.select().from(policyVersions).orderBy(policyVersions.number);
    const before = await (await t.request(`/policy/versions/${first!.id}`, { cookie: admin.cookie })).text();
    expect(before).toContain("Staff Code of conduct");
    const bad = await t.request("/admin/documents", { cookie: admin.cookie, form: { title: "", url: "" } });
    expect(bad.status).toBe(400);
    const recorded = await t.request("/admin/documents", {
      cookie: admin.cookie,
      form: { title: "Staff Code of Conduct", url: "https://trust.example.org/code" },
    });
    expect(recorded.status).toBe(303);
    const after = await (await t.request(`/policy/versions/${first!.id}`, { cookie: admin.cookie })).text();
    expect(after).not.toMatch(/links to &quot;Staff Code of conduct&quot;/);
    expect(after).toMatch(/links to &quot;Online safety policy&quot;/);
  });

  it("lets an administrator add and remove a control on a clause, and keeps it in the audit trail", async () => {
    const admin = await signInAs(t, "trust-admin");
    const add = await t.request("/policy/clause/13.3/controls", {
      cookie: admin.cookie,
      form: { change: "add", control: "post-check" },
    });
    expect(add.status).toBe(303);
    let rows = await t.database.db.select().from(controlMappings).where(eq(controlMappings.clauseId, "13.3"));
    expect(rows.map((r) => r.controlKey)).toEqual(["post-check"]);
    const page = await (await t.request("/policy/clause/13.3", { cookie: admin.cookie })).text();
    expect(page).toContain("Post check");
    await t.request("/policy/clause/13.3/controls", {
      cookie: admin.cookie,
      form: { change: "remove", control: "post-check" },
    });
    rows = await t.database.db.select().from(controlMappings).where(eq(controlMappings.clauseId, "13.3"));
    expect(rows).toHaveLength(0);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "controls.unmapped"));
    expect(audit).toHaveLength(1);
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    expect(
      (
        await t.request("/policy/clause/13.3/controls", {
          cookie: staff.cookie,
          form: { change: "add", control: "post-check" },
        })
      ).status,
    ).toBe(403);
  });
});

describe("coverage tally", () => {
  it("counts statements apart from obligations, and planned controls apart from gaps", async () => {
    const { coverageTally } = await import("./routes");
    const clause = (id: string, modality: "must" | "none") => ({ id, modality }) as never;
    const tally = coverageTally(
      [clause("1", "none"), clause("2", "must"), clause("3", "must"), clause("4", "must")],
      new Map([
        ["2", ["post-check"]],
        ["3", ["attestation"]],
        ["4", []],
      ]),
    );
    expect(tally).toEqual({
      obligations: 3,
      working: 1,
      planned: 1,
      gaps: 1,
      statements: 1,
      statementsCovered: 0,
    });
  });
});

describe("the policy's JSON API", () => {
  it("gives every member of staff the current version's clauses, and one clause by id", async () => {
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const res = await t.request("/api/v1/policy", { cookie: staff.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { clauses: { id: string; modality: string; actor: string | null }[] };
    const c832 = body.clauses.find((c) => c.id === "8.3.2")!;
    expect(c832).toMatchObject({ modality: "must", actor: "Staff" });
    const one = await t.request("/api/v1/policy/clauses/8.3.2", { cookie: staff.cookie });
    expect(one.status).toBe(200);
    const oneBody = (await one.json()) as { text: string; sameNumber: string[] };
    expect(oneBody.text).toContain("rejecting any approaches");
    expect(oneBody.sameNumber).toEqual([]);
    expect((await t.request("/api/v1/policy/clauses/99.1", { cookie: staff.cookie })).status).toBe(404);
    expect((await t.request("/api/v1/policy")).status).toBe(401);
  });
});

describe("a current version that repeats a clause number", () => {
  it("says on each clause's page that another clause has its number, and links to it", async () => {
    const text = [
      "Repeated Numbers Policy",
      "Approved by: Governing Body",
      "Next review due by: July 2028",
      "1 Rules",
      "1.1 Staff must be courteous online.",
      "1.2 Staff must not post about pupils.",
      "1.2 Staff should use school accounts for school news.",
    ].join("\n");
    const r = await importPolicyVersion({
      db: t.database.db,
      actor,
      fileName: "repeated.txt",
      bytes: Buffer.from(text),
    });
    if (!r.ok) throw new Error(r.error.message);
    const approved = await approvePolicyVersion(t.database.db, actor, {
      versionId: r.versionId,
      approvingBody: "Governing Body",
      approvalDate: "2026-07-01",
    });
    expect(approved.ok).toBe(true);
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const first = await (await t.request("/policy/clause/1.2", { cookie: staff.cookie })).text();
    expect(first).toContain("must not post about pupils");
    expect(first).toContain("numbers 2 clauses 1.2");
    expect(first).toContain('href="/policy/clause/1.2%232"');
    const second = await t.request("/policy/clause/1.2%232", { cookie: staff.cookie });
    expect(second.status).toBe(200);
    const html = await second.text();
    expect(html).toContain("should use school accounts");
    expect(html).toContain('href="/policy/clause/1.2"');
    // The JSON API says so too: 1.2 names 1.2#2, which is reached by its id.
    const api = await t.request("/api/v1/policy/clauses/1.2", { cookie: staff.cookie });
    expect(await api.json()).toMatchObject({ id: "1.2", sameNumber: ["1.2#2"] });
    const apiSecond = await t.request("/api/v1/policy/clauses/1.2%232", { cookie: staff.cookie });
    expect(await apiSecond.json()).toMatchObject({ id: "1.2#2", number: "1.2", sameNumber: ["1.2"] });
    // A clause whose number is its own says nothing of the kind.
    expect(await (await t.request("/policy/clause/1.1", { cookie: staff.cookie })).text()).not.toContain(
      "numbers 2 clauses",
    );
  });
});
