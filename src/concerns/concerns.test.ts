// Concerns and cases on a real database through real routes: routing and alerts, need-to-know
// access for every case route and role, step-up, the append-only chronology, retention and legal
// hold, and bad input.
import { and, eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staff } from "../core/people/schema";
import { auditEvents } from "../platform/audit/schema";
import { hashPassword } from "../platform/auth/passwords";
import type { Role } from "../platform/auth/permissions";
import { roleAssignments, users } from "../platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../platform/auth/sessions";
import { mailTo as mailToAddress } from "../platform/testing/mail-to";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  TEST_PASSWORD,
  type TestApp,
} from "../platform/testing/test-app";
import { purgeConcerns } from "./purge-concerns";
import { concernAccess, concernDocuments, concernEntries, concerns, concernSettings } from "./schema";

let t: TestApp;
let trust: SeededTrust;
type Person = { userId: string; staffId: string; email: string; cookie: string; name: string };
const p: Record<string, Person> = {};
let n = 0;

async function person(
  key: string,
  role: Role | null,
  schoolId: string,
  options: { lineManagerId?: string; employment?: "employee" | "volunteer" } = {},
) {
  const { db } = t.database;
  n++;
  const email = `${key}@test.example.org`;
  const name = `${key[0]!.toUpperCase()}${key.slice(1)} Person`;
  const [s] = await db
    .insert(staff)
    .values({
      schoolId,
      externalId: `S${n}`,
      firstName: key,
      lastName: "Person",
      email,
      jobTitle: "Teacher",
      employment: options.employment ?? "employee",
      lineManagerId: options.lineManagerId ?? null,
      startDate: "2020-09-01",
    })
    .returning();
  const [u] = await db
    .insert(users)
    .values({ email, name, passwordHash: await hashPassword(TEST_PASSWORD), staffId: s!.id })
    .returning();
  const trustWide = role && ["trust-admin", "hr", "trustee", "it-director"].includes(role);
  await db
    .insert(roleAssignments)
    .values({ userId: u!.id, role: role ?? "staff", schoolId: trustWide ? null : schoolId });
  const token = await startSession(db, u!.id, "password");
  p[key] = { userId: u!.id, staffId: s!.id, email, cookie: `${SESSION_COOKIE}=${token}`, name };
  return p[key]!;
}

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  const A = trust.schoolA.id;
  const principal = await person("principal", "principal", A);
  await person("dsl", "dsl", A);
  await person("deputy", "dsl", A);
  await person("manager", "senior-leader", A);
  await person("teacher", "staff", A, { lineManagerId: p.manager!.staffId });
  await person("reporter", "staff", A);
  await person("volunteer", "staff", A, { employment: "volunteer" });
  await person("principalb", "principal", trust.schoolB.id);
  await person("trustee", "trustee", A);
  await person("admin", "trust-admin", A);
  await person("hr", "hr", A);
  await person("chair", null, A);
  await t.database.db
    .insert(concernSettings)
    .values({ trustId: trust.trustId, chairName: "Chris Chair", chairEmail: p.chair!.email });
  void principal;
});
afterAll(async () => t?.close());

function report(
  as: Person,
  fields: Record<string, string | string[]>,
  files: { name: string; type: string; bytes: Uint8Array }[] = [],
) {
  const body = new FormData();
  body.set("school", trust.schoolA.id);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  for (const f of files)
    body.append("files", new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
  return t.request("/concerns", { method: "POST", body, cookie: as.cookie });
}
const idFrom = (res: Response) =>
  /\/concerns\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
/** The database's own refusal (drizzle wraps it: the trigger's message is the cause). */
const refusedAsAppendOnly = (e: unknown) =>
  /concern_entries is append-only/.test(
    String((e as { cause?: Error }).cause?.message ?? (e as Error).message),
  );
const mailTo = (email: string) => mailToAddress(t.database.db, email);
const noes = { "harm-harmed": "no", "harm-offence": "no", "harm-risk": "no", "harm-unsuitable": "no" };

async function stepUp(who: Person) {
  const { db } = t.database;
  if (who === p.dsl || who === p.deputy || who === p.hr) {
    await t.request("/step-up/app", { cookie: who.cookie });
    const [row] = await db
      .execute<{ secret: string }>(
        (await import("drizzle-orm")).sql`select secret from totp_enrolments where user_id = ${who.userId}`,
      )
      .then((r) => r.rows);
    const res = await t.request("/step-up/app", {
      cookie: who.cookie,
      form: { code: authenticator.generate(row!.secret), next: "/" },
    });
    if (res.status !== 303) {
      // Already enrolled: a code steps up.
      const again = await t.request("/step-up", {
        cookie: who.cookie,
        form: { code: authenticator.generate(row!.secret), next: "/" },
      });
      expect(again.status).toBe(303);
    }
    return;
  }
  const res = await t.request("/step-up", {
    cookie: who.cookie,
    form: { password: TEST_PASSWORD, next: "/" },
  });
  expect(res.status).toBe(303);
}

const png = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082",
  "hex",
);

describe("a safeguarding concern", () => {
  let id = "";
  it("goes to the DSL and the deputy at once, with an email that carries no detail", async () => {
    const res = await report(p.reporter!, {
      kind: "child-at-risk",
      whatHappened: "Pupil said <script>alert(1)</script> about an older man messaging them",
      platform: "Snapchat",
      involved: ["Described boy in Year 8"],
    });
    expect(res.status).toBe(303);
    id = idFrom(res);
    const [row] = await t.database.db.select().from(concerns).where(eq(concerns.id, id));
    expect(row!.category).toBe("safeguarding");
    const access = await t.database.db.select().from(concernAccess).where(eq(concernAccess.concernId, id));
    expect(access.map((a) => a.userId).sort()).toEqual([p.dsl!.userId, p.deputy!.userId].sort());
    for (const who of [p.dsl!, p.deputy!]) {
      const mail = await mailTo(who.email);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe("A safeguarding concern has been raised at School A");
      expect(mail[0]!.text).toContain(`/concerns/${id}`);
      for (const secret of ["Snapchat", "older man", "Year 8", "Reporter"])
        expect(mail[0]!.text).not.toContain(secret);
    }
    expect(await mailTo(p.principal!.email)).toHaveLength(0);
  });

  it("shows the reporter that it was received, when and by which role, and nothing more", async () => {
    const html = await (await t.request(`/concerns/${id}`, { cookie: p.reporter!.cookie })).text();
    expect(html).toContain("sent to the Designated safeguarding lead");
    expect(html).not.toContain("older man");
  });

  it("asks the DSL to step up (TOTP enrolment required), then shows the detail escaped and lists the view", async () => {
    const first = await t.request(`/concerns/${id}`, { cookie: p.dsl!.cookie });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/step-up?next=${encodeURIComponent(`/concerns/${id}`)}`);
    // A password does not step up a DSL.
    const pw = await t.request("/step-up", {
      cookie: p.dsl!.cookie,
      form: { password: TEST_PASSWORD, next: "/" },
    });
    expect(pw.status).toBe(400);
    await stepUp(p.dsl!);
    const res = await t.request(`/concerns/${id}`, { cookie: p.dsl!.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("Views of this case");
    const views = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "concern.viewed"), eq(auditEvents.subjectId, id)));
    expect(views.map((v) => v.actorId)).toEqual([p.dsl!.userId]);
  });

  it("refuses everyone it was not routed to on every case route, even a trust administrator", async () => {
    for (const who of [p.principal!, p.principalb!, p.trustee!, p.admin!, p.hr!, p.teacher!]) {
      for (const [method, path] of [
        ["GET", `/concerns/${id}`],
        ["POST", `/concerns/${id}/entries`],
        ["POST", `/concerns/${id}/access`],
        ["POST", `/concerns/${id}/documents`],
        ["GET", `/concerns/${id}/documents/00000000-0000-0000-0000-000000000000`],
        ["POST", `/concerns/${id}/outcome`],
        ["POST", `/concerns/${id}/external`],
      ] as const) {
        const res = await t.request(path, {
          method,
          cookie: who.cookie,
          ...(method === "POST" ? { form: { text: "x", kind: "note" } } : {}),
        });
        expect(res.status, `${who.email} ${method} ${path}`).toBe(403);
      }
    }
  });
});

describe("a concern about a member of staff", () => {
  it("is an allegation to the principal when one harm answer is yes, with a LADO prompt; the subject and their line manager are refused", async () => {
    const res = await report(p.reporter!, {
      kind: "staff-conduct",
      subjectStaffId: p.teacher!.staffId,
      whatHappened: "Messaged a pupil privately",
      ...noes,
      "harm-risk": "yes",
    });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const [row] = await t.database.db.select().from(concerns).where(eq(concerns.id, id));
    expect([row!.category, row!.ownerId, row!.ladoConsultBy !== null]).toEqual([
      "allegation",
      p.principal!.userId,
      true,
    ]);
    const mail = (await mailTo(p.principal!.email)).at(-1)!;
    expect(mail.text).toContain("LADO");
    expect(mail.text).not.toContain("Teacher");
    for (const who of [p.teacher!, p.manager!]) {
      expect((await t.request(`/concerns/${id}`, { cookie: who.cookie })).status).toBe(403);
      expect(
        (
          await t.request(`/concerns/${id}/entries`, {
            cookie: who.cookie,
            form: { kind: "note", text: "x" },
          })
        ).status,
      ).toBe(403);
    }
    // The principal cannot add the subject's line manager either.
    await stepUp(p.principal!);
    const add = await t.request(`/concerns/${id}/access`, {
      cookie: p.principal!.cookie,
      form: { email: p.manager!.email },
    });
    expect(add.status).toBe(400);
    expect(await add.text()).toContain("cannot be added");
    const addHr = await t.request(`/concerns/${id}/access`, {
      cookie: p.principal!.cookie,
      form: { email: p.hr!.email, investigator: "yes" },
    });
    expect(addHr.status).toBe(303);
  });

  it("is a low-level concern to the principal when every answer is no, and may be self-reported", async () => {
    const res = await report(p.teacher!, {
      kind: "staff-conduct",
      selfReport: "yes",
      whatHappened: "I accepted a follow request by mistake",
      ...noes,
    });
    expect(res.status).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(concerns)
      .where(eq(concerns.id, idFrom(res)));
    expect([row!.category, row!.selfReport, row!.subjectStaffId, row!.ownerId]).toEqual([
      "low-level",
      true,
      p.teacher!.staffId,
      p.principal!.userId,
    ]);
    // The self-reporter sees the receipt only.
    const html = await (await t.request(`/concerns/${row!.id}`, { cookie: p.teacher!.cookie })).text();
    expect(html).toContain("was received");
  });

  it("sends an allegation about the principal to the chair of governors, who gets access; not to the principal", async () => {
    const res = await report(p.reporter!, {
      kind: "staff-conduct",
      subjectStaffId: p.principal!.staffId,
      whatHappened: "Shared pupil photos",
      ...noes,
      "harm-harmed": "yes",
    });
    const id = idFrom(res);
    const [row] = await t.database.db.select().from(concerns).where(eq(concerns.id, id));
    expect([row!.category, row!.ownerId, row!.routedToRole]).toEqual([
      "allegation",
      p.chair!.userId,
      "Chair of governors",
    ]);
    expect((await mailTo(p.chair!.email)).at(-1)!.subject).toContain("allegation");
    expect((await t.request(`/concerns/${id}`, { cookie: p.principal!.cookie })).status).toBe(403);
  });

  it("refuses a form with a harm question unanswered, naming it, and stores nothing", async () => {
    const before = (await t.database.db.select().from(concerns)).length;
    const res = await report(p.reporter!, {
      kind: "staff-conduct",
      subjectStaffId: p.teacher!.staffId,
      whatHappened: "x",
      "harm-harmed": "no",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      "Answer yes or no: Has the person possibly committed a criminal offence",
    );
    expect((await t.database.db.select().from(concerns)).length).toBe(before);
  });
});

describe("the chronology", () => {
  let id = "";
  beforeAll(async () => {
    id = idFrom(
      await report(p.reporter!, { kind: "reputation", whatHappened: "A parent's post names the school" }),
    );
    await stepUp(p.principal!);
  });

  it("keeps a correction and the entry it corrects, both shown", async () => {
    const add = await t.request(`/concerns/${id}/entries`, {
      cookie: p.principal!.cookie,
      form: { kind: "note", text: "Spoke to the parent on Monday" },
    });
    expect(add.status).toBe(303);
    const [note] = await t.database.db
      .select()
      .from(concernEntries)
      .where(and(eq(concernEntries.concernId, id), eq(concernEntries.kind, "note")));
    const fix = await t.request(`/concerns/${id}/entries`, {
      cookie: p.principal!.cookie,
      form: { kind: "correction", text: "It was Tuesday", correctsId: note!.id },
    });
    expect(fix.status).toBe(303);
    const html = await (await t.request(`/concerns/${id}`, { cookie: p.principal!.cookie })).text();
    expect(html).toContain("Spoke to the parent on Monday");
    expect(html).toContain("It was Tuesday");
    expect(html).toContain(`href="#entry-${note!.id}"`);
    const decision = await t.request(`/concerns/${id}/entries`, {
      cookie: p.principal!.cookie,
      form: { kind: "decision", text: "No further action" },
    });
    expect(decision.status).toBe(400);
    expect(await decision.text()).toContain("Give the reason for the decision");
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself", async () => {
    const { db } = t.database;
    const { sql } = await import("drizzle-orm");
    await expect(
      db.execute(sql`update concern_entries set text = 'edited' where concern_id = ${id}`),
    ).rejects.toSatisfy(refusedAsAppendOnly);
    await expect(db.execute(sql`delete from concern_entries where concern_id = ${id}`)).rejects.toSatisfy(
      refusedAsAppendOnly,
    );
    // The application's role may not truncate at all; the owner is stopped by the trigger.
    await expect(db.execute(sql`truncate concern_entries cascade`)).rejects.toThrow();
    await expect(t.database.owner.query("truncate concern_entries cascade")).rejects.toSatisfy(
      refusedAsAppendOnly,
    );
    await expect(t.database.owner.query("delete from concern_entries")).rejects.toSatisfy(
      refusedAsAppendOnly,
    );
    // Even inside the retention exception, an update is refused.
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('conduct.concern_retention', 'on', true)`);
        await tx.execute(sql`update concern_entries set text = 'edited' where concern_id = ${id}`);
      }),
    ).rejects.toSatisfy(refusedAsAppendOnly);
    const rows = await db.select().from(concernEntries).where(eq(concernEntries.concernId, id));
    expect(rows.some((r) => r.text === "edited")).toBe(false);
  });

  it("records a referral with its date and reference", async () => {
    const res = await t.request(`/concerns/${id}/entries`, {
      cookie: p.principal!.cookie,
      form: {
        kind: "referral",
        text: "Referred",
        referralTo: "police",
        referralDate: "2026-11-30",
        referralReference: "PX-1",
      },
    });
    expect(res.status).toBe(303);
    const html = await (await t.request(`/concerns/${id}`, { cookie: p.principal!.cookie })).text();
    expect(html).toContain("Referral: Police on 2026-11-30, reference PX-1");
  });
});

describe("retention and legal hold", () => {
  async function allegation(outcome: string, extra: Record<string, string> = {}) {
    const id = idFrom(
      await report(
        p.reporter!,
        {
          kind: "staff-conduct",
          subjectStaffId: p.volunteer!.staffId,
          whatHappened: `Case ${outcome}`,
          ...noes,
          "harm-unsuitable": "yes",
        },
        [{ name: "shot.png", type: "image/png", bytes: png }],
      ),
    );
    await stepUp(p.principal!);
    if (outcome !== "open") {
      const res = await t.request(`/concerns/${id}/outcome`, {
        cookie: p.principal!.cookie,
        form: { outcome, summary: "Decided", ...extra },
      });
      expect(res.status, await res.clone().text()).toBe(303);
    }
    return id;
  }

  it("removes false and malicious allegations, keeps the rest, and never touches an open case's files", async () => {
    const falseId = await allegation("false");
    const maliciousId = await allegation("malicious");
    const kept = await allegation("substantiated", {
      sanction: "volunteer-appointment-terminated",
      clauses: "8.3.1, 6.1",
    });
    const open = await allegation("open");
    const { db } = t.database;
    // An open case with a retention date in the past is still held.
    await db.update(concerns).set({ retainUntil: "2000-01-01" }).where(eq(concerns.id, open));
    const { removed } = await purgeConcerns({ db });
    expect(removed).toBe(2);
    const left = (await db.select({ id: concerns.id }).from(concerns)).map((r) => r.id);
    expect(left).not.toContain(falseId);
    expect(left).not.toContain(maliciousId);
    expect(left).toEqual(expect.arrayContaining([kept, open]));
    expect(await db.select().from(concernDocuments).where(eq(concernDocuments.concernId, open))).toHaveLength(
      1,
    );
    expect(await db.select().from(concernEntries).where(eq(concernEntries.concernId, falseId))).toHaveLength(
      0,
    );
    const [k] = await db.select().from(concerns).where(eq(concerns.id, kept));
    expect(k!.retainUntil! >= "2036-01-01").toBe(true);
    expect(k!.sanction).toBe("volunteer-appointment-terminated");
  });

  it("keeps a low-level concern until the person leaves", async () => {
    const id = idFrom(
      await report(p.reporter!, {
        kind: "staff-conduct",
        subjectStaffId: p.volunteer!.staffId,
        whatHappened: "Low level",
        ...noes,
      }),
    );
    await t.request(`/concerns/${id}/outcome`, {
      cookie: p.principal!.cookie,
      form: { summary: "Spoke to them" },
    });
    const { db } = t.database;
    await purgeConcerns({ db });
    expect(await db.select().from(concerns).where(eq(concerns.id, id))).toHaveLength(1);
    await db.update(staff).set({ leaveDate: "2026-01-01" }).where(eq(staff.id, p.volunteer!.staffId));
    await purgeConcerns({ db });
    expect(await db.select().from(concerns).where(eq(concerns.id, id))).toHaveLength(0);
    await db.update(staff).set({ leaveDate: null }).where(eq(staff.id, p.volunteer!.staffId));
  });
});

describe("bad input", () => {
  it("refuses 1 MB of text with a clear message and stores nothing", async () => {
    const before = (await t.database.db.select().from(concerns)).length;
    const res = await report(p.reporter!, { kind: "child-at-risk", whatHappened: "a".repeat(1024 * 1024) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("What happened must be 20000 characters or fewer");
    expect((await t.database.db.select().from(concerns)).length).toBe(before);
  });

  it("saves nothing when one of the files is refused", async () => {
    const before = (await t.database.db.select().from(concerns)).length;
    const docs = (await t.database.db.select().from(concernDocuments)).length;
    const res = await report(p.reporter!, { kind: "child-at-risk", whatHappened: "Two files" }, [
      { name: "good.png", type: "image/png", bytes: png },
      {
        name: "page.html",
        type: "text/html",
        bytes: new TextEncoder().encode("<html><script>x</script></html>"),
      },
    ]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("page.html");
    expect((await t.database.db.select().from(concerns)).length).toBe(before);
    expect((await t.database.db.select().from(concernDocuments)).length).toBe(docs);
    expect(await mailTo(p.dsl!.email)).toHaveLength(1);
  });

  it("keeps an odd file name safely and shows it escaped", async () => {
    const res = await report(p.reporter!, { kind: "child-at-risk", whatHappened: "Odd name" }, [
      { name: "../../<img src=x onerror=alert(1)>\u0007.png", type: "image/png", bytes: png },
    ]);
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const [doc] = await t.database.db
      .select()
      .from(concernDocuments)
      .where(eq(concernDocuments.concernId, id));
    expect(doc!.fileName).toBe("<img src=x onerror=alert(1)>.png");
    await stepUp(p.dsl!);
    const html = await (await t.request(`/concerns/${id}`, { cookie: p.dsl!.cookie })).text();
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;.png");
    expect(html).not.toContain("<img src=x");
    const file = await t.request(`/concerns/${id}/documents/${doc!.id}`, { cookie: p.dsl!.cookie });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(file.headers.get("content-disposition")).toContain("attachment");
  });
});

describe("numbers for trustees", () => {
  it("shows counts by school and no names", async () => {
    const res = await t.request("/concerns/overview", { cookie: p.trustee!.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("School A");
    expect(html).not.toContain("Teacher Person");
    expect((await t.request("/concerns/patterns", { cookie: p.trustee!.cookie })).status).toBe(403);
  });
});

describe("the trust's settings", () => {
  it("lets a trust administrator set the chief executive as case manager, refusing a bad email", async () => {
    const bad = await t.request("/concerns/settings", {
      cookie: p.admin!.cookie,
      form: { principalCaseManager: "chief-executive", chiefExecutiveEmail: "<script>@x" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Give an email address like");
    expect((await t.request("/concerns/settings", { cookie: p.principal!.cookie })).status).toBe(403);
    const ok = await t.request("/concerns/settings", {
      cookie: p.admin!.cookie,
      form: {
        principalCaseManager: "chair",
        chairName: "Chris Chair",
        chairEmail: p.chair!.email,
        finishWithinSchoolDays: "15",
      },
    });
    expect(ok.status).toBe(303);
    const [row] = await t.database.db.select().from(concernSettings);
    expect([row!.chairEmail, row!.finishWithinSchoolDays]).toEqual([p.chair!.email, 15]);
    // A named person for low-level concerns at School A: the DSL; someone not a leader is refused.
    const notLeader = await t.request("/concerns/settings", {
      cookie: p.admin!.cookie,
      form: {
        principalCaseManager: "chair",
        chairEmail: p.chair!.email,
        [`lowLevel-${trust.schoolA.id}`]: p.teacher!.userId,
      },
    });
    expect(notLeader.status).toBe(400);
    await t.request("/concerns/settings", {
      cookie: p.admin!.cookie,
      form: {
        principalCaseManager: "chair",
        chairEmail: p.chair!.email,
        [`lowLevel-${trust.schoolA.id}`]: p.deputy!.userId,
      },
    });
    const id = idFrom(
      await report(p.reporter!, {
        kind: "staff-conduct",
        subjectStaffId: p.teacher!.staffId,
        whatHappened: "Low level to the deputy",
        ...noes,
      }),
    );
    const [c] = await t.database.db.select().from(concerns).where(eq(concerns.id, id));
    expect([c!.category, c!.ownerId]).toEqual(["low-level", p.deputy!.userId]);
  });
});

describe("a concern opened from a declaration review", () => {
  it("becomes a low-level concern about the declarer, routed to the person the school names", async () => {
    const { openConcernFromDeclaration } = await import("./open-concern-from-declaration");
    const result = await openConcernFromDeclaration({
      db: t.database.db,
      baseUrl: "http://localhost:3000",
      reviewer: { id: p.dsl!.userId, email: p.dsl!.email, name: "Dsl Person", staffId: p.dsl!.staffId },
      school: { id: trust.schoolA.id, name: "School A", timeZone: "Europe/London" },
      declarationId: "00000000-0000-0000-0000-000000000001",
      declarerStaffId: p.volunteer!.staffId,
      declarer: { id: p.volunteer!.userId, name: "Volunteer Person", email: p.volunteer!.email },
      note: "Pattern of contact",
    });
    expect(result.ok).toBe(true);
    const [row] = await t.database.db
      .select()
      .from(concerns)
      .where(eq(concerns.declarationId, "00000000-0000-0000-0000-000000000001"));
    expect([row!.category, row!.ownerId, row!.subjectStaffId]).toEqual([
      "low-level",
      p.deputy!.userId,
      p.volunteer!.staffId,
    ]);
  });
});

describe("overdue cases", () => {
  it("escalate once, by an email with no detail, to the principal, who is given the case", async () => {
    const { escalateOverdueCases } = await import("./escalate-overdue-cases");
    const id = idFrom(await report(p.reporter!, { kind: "child-at-risk", whatHappened: "Overdue one" }));
    const { db } = t.database;
    await db.update(concerns).set({ startBy: "2020-01-01" }).where(eq(concerns.id, id));
    const before = (await mailTo(p.principal!.email)).length;
    const first = await escalateOverdueCases({ db, baseUrl: "http://localhost:3000" });
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const mail = (await mailTo(p.principal!.email)).slice(before);
    expect(mail.some((m) => m.text.includes(`/concerns/${id}`) && !m.text.includes("Overdue one"))).toBe(
      true,
    );
    const access = await db.select().from(concernAccess).where(eq(concernAccess.concernId, id));
    expect(access.map((a) => a.userId)).toContain(p.principal!.userId);
    expect(
      (await db.select().from(concernEntries).where(eq(concernEntries.concernId, id))).map((e) => e.kind),
    ).toContain("escalated");
    const again = await escalateOverdueCases({ db, baseUrl: "http://localhost:3000" });
    expect(again.escalated).toBe(0);
  });
});

describe("step-up", () => {
  it("stops checking after ten wrong passwords in fifteen minutes, even a right one", async () => {
    const who = p.reporter!;
    for (let i = 0; i < 10; i++) {
      const res = await t.request("/step-up", {
        cookie: who.cookie,
        form: { password: "wrong password!", next: "/" },
      });
      expect(res.status).toBe(400);
    }
    const right = await t.request("/step-up", {
      cookie: who.cookie,
      form: { password: TEST_PASSWORD, next: "/" },
    });
    expect(right.status).toBe(400);
    expect(await right.text()).toContain("Too many wrong answers");
  });
});

describe("the home page and My record", () => {
  it("puts safeguarding concerns waiting for a first action first for the DSL, and none for the reporter", async () => {
    const dslHome = await (await t.request("/", { cookie: p.dsl!.cookie })).text();
    expect(dslHome).toContain("Safeguarding concerns and allegations waiting for a first action");
    const reporterHome = await (await t.request("/", { cookie: p.reporter!.cookie })).text();
    expect(reporterHome).not.toContain("Safeguarding concerns and allegations waiting");
    const record = await (await t.request("/me", { cookie: p.reporter!.cookie })).text();
    expect(record).toContain("Concerns you reported");
  });
});
