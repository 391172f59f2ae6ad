// Subject access on a real database through real routes: My data has every section, a leader's
// production is refused to staff and to another school's principal, redaction removes content and
// lists its reason, a case about the person stays out unless disclosure is allowed, the reporter
// is never named, and every production shows in the person's own "who has looked".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staff } from "../core/people/schema";
import { concernEntries, concerns } from "../concerns/schema";
import { declarations } from "../declarations/schema";
import { hashPassword } from "../platform/auth/passwords";
import type { Role } from "../platform/auth/permissions";
import { roleAssignments, users } from "../platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../platform/auth/sessions";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  TEST_PASSWORD,
  type TestApp,
} from "../platform/testing/test-app";
import { dueOn } from "./subject-access-requests";

let t: TestApp;
let trust: SeededTrust;
type Person = { userId: string; staffId: string; email: string; cookie: string };
const p: Record<string, Person> = {};
let n = 0;

async function person(key: string, role: Role, schoolId: string) {
  const { db } = t.database;
  n++;
  const email = `${key}@test.example.org`;
  const [s] = await db
    .insert(staff)
    .values({
      schoolId,
      externalId: `S${n}`,
      firstName: key,
      lastName: "Person",
      email,
      jobTitle: "Teacher",
      employment: "employee",
      startDate: "2020-09-01",
    })
    .returning();
  const [u] = await db
    .insert(users)
    .values({ email, name: `${key} Person`, passwordHash: await hashPassword(TEST_PASSWORD), staffId: s!.id })
    .returning();
  const trustWide = ["trust-admin", "hr", "trustee", "it-director"].includes(role);
  await db.insert(roleAssignments).values({ userId: u!.id, role, schoolId: trustWide ? null : schoolId });
  const token = await startSession(db, u!.id, "password");
  p[key] = { userId: u!.id, staffId: s!.id, email, cookie: `${SESSION_COOKIE}=${token}` };
  return p[key]!;
}

let closedCaseId = "";
let entryId = "";
beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  const A = trust.schoolA.id;
  await person("teacher", "staff", A);
  await person("colleague", "staff", A);
  await person("reporter", "staff", A);
  await person("principal", "principal", A);
  await person("principalb", "principal", trust.schoolB.id);
  await person("admin", "trust-admin", A);
  const { db } = t.database;
  await db.insert(declarations).values({
    userId: p.teacher!.userId,
    schoolId: A,
    contactKind: "parent",
    contactName: "DECLARED-CONTACT-NAME",
    platforms: ["Facebook"],
    otherRelationships: [],
    verdict: "permitted",
    clause: "8.4",
    reason: "A parent who is also a friend",
  } as typeof declarations.$inferInsert);
  // A closed case about the teacher, reported by someone else, and an open one.
  const base = {
    schoolId: A,
    kind: "staff-conduct" as const,
    category: "allegation" as const,
    reporterId: p.reporter!.userId,
    subjectStaffId: p.teacher!.staffId,
    subjectUserId: p.teacher!.userId,
    routedToRole: "Principal",
  };
  const [closed] = await db
    .insert(concerns)
    .values({
      ...base,
      whatHappened: "CLOSED-CASE-REPORT",
      status: "closed",
      closedAt: new Date(),
      outcome: "unfounded",
    })
    .returning();
  closedCaseId = closed!.id;
  await db.insert(concernEntries).values({
    concernId: closed!.id,
    kind: "reported",
    authorId: p.reporter!.userId,
    authorLabel: "reporter Person",
    text: "CLOSED-CASE-REPORT",
  });
  const [entry] = await db
    .insert(concernEntries)
    .values({
      concernId: closed!.id,
      kind: "note",
      authorLabel: "principal Person",
      text: "WITNESS-STATEMENT-TEXT",
    })
    .returning();
  entryId = entry!.id;
  await db.insert(concerns).values({ ...base, whatHappened: "OPEN-CASE-REPORT" });
});
afterAll(async () => t?.close());

const SECTIONS = [
  "account",
  "staff-record",
  "roles",
  "sign-ins",
  "acknowledgements",
  "questions",
  "posting-grants",
  "official-posts",
  "post-checks",
  "declarations",
  "evidence",
  "monitoring-minutes",
  "monitoring-findings",
  "concerns-reported",
  "cases-about-you",
  "looks",
];

async function record(requestPath: string, cookie: string) {
  const res = await t.request(requestPath, { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    sections: { key: string; records: Record<string, unknown>[] }[];
    redactions: { section: string; recordId: string; reason: string }[];
  };
}

describe("my data", () => {
  it("gives a person every section about them, as JSON and on one page, without cases about them", async () => {
    const json = await record("/me/data/subject-access.json", p.teacher!.cookie);
    const keys = json.sections.map((s) => s.key);
    for (const key of SECTIONS) expect(keys, key).toContain(key);
    const text = JSON.stringify(json);
    expect(text).toContain("DECLARED-CONTACT-NAME");
    expect(text).not.toContain("CLOSED-CASE-REPORT");
    expect(text).not.toContain("OPEN-CASE-REPORT");
    expect(json.sections.find((s) => s.key === "cases-about-you")!.records).toHaveLength(0);
    const page = await (await t.request("/me/data", { cookie: p.teacher!.cookie })).text();
    expect(page).toContain("Declarations of social media relationships");
    expect(page).toContain("DECLARED-CONTACT-NAME");
    expect(page).not.toContain("WITNESS-STATEMENT-TEXT");
  });

  it("gives the reporter what they reported", async () => {
    const json = await record("/me/data/subject-access.json", p.reporter!.cookie);
    expect(JSON.stringify(json.sections.find((s) => s.key === "concerns-reported"))).toContain(
      "CLOSED-CASE-REPORT",
    );
  });
});

describe("a leader producing it for a request", () => {
  it("is due one calendar month after receipt, the month's end when shorter", () => {
    expect(dueOn("2026-03-14")).toBe("2026-04-14");
    expect(dueOn("2026-01-31")).toBe("2026-02-28");
  });

  it("is refused to staff, for the pages and for another's record", async () => {
    for (const path of [
      "/subject-access",
      `/subject-access/${closedCaseId}`,
      `/subject-access/${closedCaseId}/record.json`,
    ])
      expect((await t.request(path, { cookie: p.colleague!.cookie })).status, path).toBe(403);
    const res = await t.request("/subject-access", {
      cookie: p.colleague!.cookie,
      form: { email: p.teacher!.email, requestedBy: "me", receivedOn: "2026-11-01" },
    });
    expect(res.status).toBe(403);
  });

  let requestId = "";
  it("lets the principal record a request for their school's staff, and refuses another school's principal", async () => {
    const refused = await t.request("/subject-access", {
      cookie: p.principalb!.cookie,
      form: { email: p.teacher!.email, requestedBy: "the person, by email", receivedOn: "2026-11-01" },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("No one with that email is on your school");
    const res = await t.request("/subject-access", {
      cookie: p.principal!.cookie,
      form: {
        email: p.teacher!.email,
        requestedBy: "the person, by email",
        receivedOn: "2026-11-01",
        disclosureAllowed: "yes",
      },
    });
    expect(res.status).toBe(303);
    requestId = /\/subject-access\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")![1]!;
    for (const path of [`/subject-access/${requestId}`, `/subject-access/${requestId}/record.json`])
      expect((await t.request(path, { cookie: p.principalb!.cookie })).status, path).toBe(403);
    const json = await record(`/subject-access/${requestId}/record.json`, p.principal!.cookie);
    // A principal cannot allow disclosure of a case: a trust decision.
    expect(JSON.stringify(json)).not.toContain("WITNESS-STATEMENT-TEXT");
  });

  it("lets a trust administrator disclose closed cases, never naming the reporter, and redact an entry with a reason", async () => {
    const res = await t.request("/subject-access", {
      cookie: p.admin!.cookie,
      form: {
        email: p.teacher!.email,
        requestedBy: "their solicitor",
        receivedOn: "2026-11-02",
        disclosureAllowed: "yes",
      },
    });
    expect(res.status).toBe(303);
    const id = /\/subject-access\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")![1]!;
    const before = await record(`/subject-access/${id}/record.json`, p.admin!.cookie);
    const cases = JSON.stringify(before.sections.find((s) => s.key === "cases-about-you"));
    expect(cases).toContain("WITNESS-STATEMENT-TEXT");
    expect(cases).not.toContain("OPEN-CASE-REPORT");
    expect(cases).not.toContain("reporter Person");
    expect(cases).not.toContain(p.reporter!.userId);
    expect(cases).toContain("the person who reported the concern");

    const refusedRedaction = await t.request(`/subject-access/${id}/redactions`, {
      cookie: p.admin!.cookie,
      form: { section: "declarations", recordId: "x", reason: "no" },
    });
    expect(refusedRedaction.status).toBe(303);
    const redact = await t.request(`/subject-access/${id}/redactions`, {
      cookie: p.admin!.cookie,
      form: { section: "cases-about-you", recordId: entryId, reason: "Names a third party (a witness)" },
    });
    expect(redact.status).toBe(303);
    const after = await record(`/subject-access/${id}/record.json`, p.admin!.cookie);
    const text = JSON.stringify(after);
    expect(text).not.toContain("WITNESS-STATEMENT-TEXT");
    expect(text).toContain("DECLARED-CONTACT-NAME");
    expect(after.redactions).toEqual([
      { section: "cases-about-you", recordId: entryId, reason: "Names a third party (a witness)" },
    ]);
    const redacted = after.sections
      .find((s) => s.key === "cases-about-you")!
      .records.find((r) => r.id === entryId);
    expect(redacted).toEqual({ id: entryId, redacted: true, reason: "Names a third party (a witness)" });
    const page = await (await t.request(`/subject-access/${id}`, { cookie: p.admin!.cookie })).text();
    expect(page).toContain("Names a third party (a witness)");
    expect(page).not.toContain("WITNESS-STATEMENT-TEXT");
  });

  it("shows every production in the person's own record of who looked", async () => {
    const json = await record("/me/data/subject-access.json", p.teacher!.cookie);
    const looks = json.sections.find((s) => s.key === "looks")!.records;
    const what = looks.map((l) => `${l.who}: ${l.what}`);
    expect(what).toContain("principal Person: produced a copy of your data for a subject access request");
    expect(what).toContain("admin Person: produced a copy of your data for a subject access request");
    expect(what).toContain(
      "admin Person: redacted a case entry from your data for a subject access request, with a reason",
    );
    const page = await (await t.request("/me/data", { cookie: p.teacher!.cookie })).text();
    expect(page).toContain("produced a copy of your data for a subject access request");
  });
});
