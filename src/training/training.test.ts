// Training sessions (3.1.1) on a real database through the real routes: a principal records a
// briefing with attendees picked by name and an uploaded register (bad rows reported by line and
// field), clauses and materials; the attendee sees it in My record; evidence, register and report
// count it; staff and another school's principal are refused.
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
import { approveTestPolicy } from "../policy/test-support";
import { addStaffMember } from "../core/people/test-support";
import { trainingEvidence } from "./control-evidence";
import { readAttendanceRegister } from "./read-attendance-register";
import { trainingRegisters } from "./registers";
import { trainingReportSections } from "./report-section";
import { trainingAttendance, trainingSessions } from "./schema";

let t: TestApp;
let trust: SeededTrust;
let principal: { cookie: string; userId: string };
let otherPrincipal: { cookie: string; userId: string };
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};

async function addStaff(key: string, schoolId: string, values: Parameters<typeof addStaffMember>[3] = {}) {
  const added = await addStaffMember(t.database.db, key, schoolId, values);
  ids[key] = added.staffId;
  cookies[key] = added.cookie;
}

function multipart(fields: Record<string, string | string[]>, fileFields: Record<string, File[]> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  for (const [k, list] of Object.entries(fileFields)) for (const f of list) form.append(k, f);
  return form;
}

const post = (cookie: string, school: string, body: FormData) =>
  t.request(`/training/schools/${school}/new`, { method: "POST", cookie, body });

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  await addStaff("alice", trust.schoolA.id);
  await addStaff("bob", trust.schoolA.id, { jobTitle: "Head of English" });
  await addStaff("leaver", trust.schoolA.id, { leaveDate: "2026-12-31" });
  await addStaff("carol", trust.schoolB.id);
  principal = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
  otherPrincipal = await signInAs(t, "principal", { schoolId: trust.schoolB.id });
  await approveTestPolicy(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

describe("reading an attendance register (pure)", () => {
  const known = new Map([
    ["alice@school.example.org", { id: "a", inPost: true }],
    ["gone@school.example.org", { id: "g", inPost: false }],
  ]);
  it("matches emails under an Email header and reports every bad row with its line and field", () => {
    const read = readAttendanceRegister(
      "Name,Email\nAlice,ALICE@school.example.org\nNobody,nobody@school.example.org\nX,not-an-email\n,\nAgain,alice@school.example.org\nGone,gone@school.example.org\n",
      known,
    );
    expect(read.staffIds).toEqual(["a"]);
    expect(read.problems).toEqual([
      { line: 3, field: "email", message: "nobody@school.example.org is not on this school's staff list." },
      { line: 4, field: "email", message: '"not-an-email" is not an email address.' },
      { line: 6, field: "email", message: "alice@school.example.org is already on line 2." },
      {
        line: 7,
        field: "email",
        message: "gone@school.example.org was not in post on the day of the session.",
      },
    ]);
  });
  it("reads a sheet of bare emails with no header, and asks for an Email column otherwise", () => {
    expect(readAttendanceRegister("alice@school.example.org\n", known)).toEqual({
      staffIds: ["a"],
      problems: [],
    });
    expect(readAttendanceRegister("Name,Role\nAlice,Teacher\n", known).problems[0]).toMatchObject({
      line: 1,
      field: "email",
    });
  });
});

describe("recording a briefing", () => {
  let sessionId: string;
  let materialHref: string;

  it("shows the form with the school's staff in post and the current policy's clauses", async () => {
    const res = await t.request("/training/schools/school-a/new", { cookie: principal.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Tester, Alice");
    expect(html).not.toContain("Tester, Carol");
    expect(html).toContain('value="3.1.1"');
  });

  it("refuses a register with bad rows, listing each by line, and saves nothing", async () => {
    const register = new File(
      ["Email\nalice@school.example.org\ncarol@school.example.org\n"],
      "register.csv",
      {
        type: "text/csv",
      },
    );
    const res = await post(
      principal.cookie,
      "school-a",
      multipart(
        {
          kind: "briefing",
          title: "INSET briefing",
          heldOn: "2026-11-02",
          ledBy: ids.bob!,
          clauses: ["3.1.1"],
        },
        { register: [register] },
      ),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("1 row of the register could not be used");
    expect(html).toContain("carol@school.example.org is not on this school&#39;s staff list.");
    expect(await t.database.db.select().from(trainingSessions)).toHaveLength(0);
  });

  it("asks for attendees and clauses when none are given", async () => {
    const res = await post(
      principal.cookie,
      "school-a",
      multipart({ kind: "briefing", title: "Empty", heldOn: "2026-11-02", ledByName: "Outside trainer" }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose who attended, or upload the register.");
    expect(html).toContain("Choose at least one clause the session covered.");
  });

  it("records attendees picked by name and from the register, the clauses and the materials", async () => {
    const register = new File(["Email\nbob@school.example.org\n"], "register.csv", { type: "text/csv" });
    const slides = new File([Buffer.from("%PDF-1.4 slides")], "slides.pdf", { type: "application/pdf" });
    const res = await post(
      principal.cookie,
      "school-a",
      multipart(
        {
          kind: "briefing",
          title: "INSET briefing",
          heldOn: "2026-11-02",
          ledBy: ids.bob!,
          attendees: [ids.alice!],
          clauses: ["3.1.1", "8.3"],
        },
        { register: [register], materials: [slides] },
      ),
    );
    expect(res.status).toBe(303);
    sessionId = res.headers.get("location")!.split("/").at(-1)!;
    const attendance = await t.database.db
      .select()
      .from(trainingAttendance)
      .where(eq(trainingAttendance.sessionId, sessionId));
    expect(attendance.map((a) => [a.staffId, a.source]).sort()).toEqual(
      [
        [ids.alice!, "picked"],
        [ids.bob!, "register"],
      ].sort(),
    );
    const page = await t.request(`/training/schools/school-a/sessions/${sessionId}`, {
      cookie: principal.cookie,
    });
    const html = await page.text();
    expect(html).toContain("Alice Tester");
    expect(html).toContain("Uploaded register");
    expect(html).toContain("Bob Tester");
    materialHref = html.match(
      /href="(\/training\/schools\/school-a\/sessions\/[^"]+\/materials\/[^"]+)"/,
    )![1]!;
    const file = await t.request(materialHref, { cookie: principal.cookie });
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe("%PDF-1.4 slides");
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, sessionId));
    expect(audited.map((e) => e.action)).toEqual(
      expect.arrayContaining(["training.session-recorded", "training.session-viewed"]),
    );
  });

  it("shows the member of staff their own attendance in My record", async () => {
    const me = await (await t.request("/me", { cookie: cookies.alice })).text();
    expect(me).toContain("Briefings and training on the policy you attended");
    const mine = await (await t.request("/training/mine", { cookie: cookies.alice })).text();
    expect(mine).toContain("INSET briefing");
    expect(mine).toContain("Bob Tester");
    const carol = await (await t.request("/training/mine", { cookie: cookies.carol })).text();
    expect(carol).toContain("No briefing or training has been recorded for you yet.");
  });

  it("refuses staff and another school's principal, and another school's path finds nothing", async () => {
    for (const cookie of [cookies.alice!, otherPrincipal.cookie]) {
      expect((await t.request("/training/schools/school-a", { cookie })).status).toBe(403);
      expect((await t.request("/training/schools/school-a/new", { cookie })).status).toBe(403);
      expect((await t.request(`/training/schools/school-a/sessions/${sessionId}`, { cookie })).status).toBe(
        403,
      );
      expect((await t.request(materialHref, { cookie })).status).toBe(403);
      const res = await post(
        cookie,
        "school-a",
        multipart({
          kind: "briefing",
          title: "X",
          heldOn: "2026-11-02",
          ledByName: "X",
          attendees: [ids.alice!],
        }),
      );
      expect(res.status).toBe(403);
    }
    expect((await t.request("/training", { cookie: cookies.alice })).status).toBe(403);
    // Another school's principal at their own school's path, with school A's session id.
    const sneaky = await t.request(`/training/schools/school-b/sessions/${sessionId}`, {
      cookie: otherPrincipal.cookie,
    });
    expect(sneaky.status).toBe(404);
    const sneakyFile = await t.request(materialHref.replace("school-a", "school-b"), {
      cookie: otherPrincipal.cookie,
    });
    expect(sneakyFile.status).toBe(404);
    // Nor can they record school A's staff as attending at school B.
    const res = await post(
      otherPrincipal.cookie,
      "school-b",
      multipart({
        kind: "briefing",
        title: "X",
        heldOn: "2026-11-02",
        ledByName: "X",
        attendees: [ids.alice!],
        clauses: ["3.1.1"],
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("not on this school&#39;s staff list");
  });

  it("counts attendance as evidence for 3.1.1, in the register and in the report", async () => {
    const { db } = t.database;
    const all = await trainingEvidence({ db, scope: "all", now: new Date() });
    expect(all.byClause?.["3.1.1"]).toMatch(
      /^2 of \d+ staff have attended a briefing or training on version 1/,
    );
    const b = await trainingEvidence({ db, scope: [trust.schoolB.id], now: new Date() });
    expect(b.status).toBe("no-data");
    const rows: unknown[][] = [];
    for await (const r of trainingRegisters[0]!.rows({ db, viewer: null, scope: [trust.schoolA.id] }))
      rows.push([...r]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(expect.arrayContaining(["School A", "2026-11-02", "briefing", "Alice Tester"]));
    const none: unknown[] = [];
    for await (const r of trainingRegisters[0]!.rows({ db, viewer: null, scope: [trust.schoolB.id] }))
      none.push(r);
    expect(none).toHaveLength(0);
    const [section] = await trainingReportSections({
      db,
      scope: "all",
      schools: [
        { id: trust.schoolA.id, name: "School A", timeZone: "Europe/London" },
        { id: trust.schoolB.id, name: "School B", timeZone: "Europe/London" },
      ],
      from: new Date("2026-09-01T00:00:00Z"),
      to: new Date("2027-01-01T00:00:00Z"),
      days: { first: "2026-09-01", last: "2026-12-31" },
      timeZone: "Europe/London",
    });
    expect(section!.headline).toContain(
      "1 briefing or training session was held in the period, with 2 attendances",
    );
    expect(section!.tables[0]!.rows[0]).toEqual(["School A", 1, 0, 2, 2, expect.any(Number)]);
  });
});
