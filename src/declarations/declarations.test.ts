// Declarations through the real routes and database: each verdict, the email that names no pupil,
// refusals, the daily re-judgement on an 18th birthday, who may see a declaration, and the audit
// trail of every look.
import { and, eq, or, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { parentPupils, parents, pupils } from "../core/people/schema";
import { mailTo as mailToAddress } from "../platform/testing/mail-to";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { approvePolicyVersion } from "../policy/approve-policy-version";
import { importPolicyVersion } from "../policy/import-policy-version";
import { eighteenthBirthday } from "./age-of-majority";
import { calendarDateAt } from "../core/calendar/calendar-date";
import { rejudgeDeclarations } from "./rejudge-declarations";
import { declarationReviews, declarations } from "./schema";

const ctx = useTestTrust();
let staff: SignedIn;
let colleague: SignedIn;
let principal: SignedIn;
let dsl: SignedIn;
let principalB: SignedIn;
const ids = { pupil: "", exPupil: "", futureDob: "", parent: "", pupilB: "" };
let exPupilBirthday: Date;

/** A date of birth whose 18th birthday falls `days` days after today in London (never a 29 February). */
function dobTurning18In(days: number): string {
  for (let extra = 0; ; extra++) {
    const at = new Date(Date.now() + (days + extra) * 86_400_000);
    const [y, m, d] = calendarDateAt(at, "Europe/London").split("-");
    if (m === "02" && d === "29") continue;
    return `${Number(y) - 18}-${m}-${d}`;
  }
}

beforeAll(async () => {
  const a = ctx.trust.schoolA.id;
  staff = await signInAs(ctx.t, "staff", { schoolId: a });
  colleague = await signInAs(ctx.t, "staff", { schoolId: a });
  principal = await signInAs(ctx.t, "principal", { schoolId: a });
  dsl = await signInAs(ctx.t, "dsl", { schoolId: a });
  principalB = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
  const { db } = ctx.t.database;
  const exDob = dobTurning18In(5);
  const inserted = await db
    .insert(pupils)
    .values([
      {
        schoolId: a,
        externalId: "P1",
        firstName: "Zara",
        lastName: "Quillfeather",
        yearGroup: "Year 9",
        dateOfBirth: "2012-05-01",
      },
      {
        schoolId: a,
        externalId: "P2",
        firstName: "Milo",
        lastName: "Fenwick",
        yearGroup: "Year 13",
        dateOfBirth: exDob,
        leftOn: "2025-07-18",
      },
      {
        schoolId: a,
        externalId: "P3",
        firstName: "Tobias",
        lastName: "Wrongdate",
        yearGroup: "Year 7",
        dateOfBirth: "2099-01-01",
      },
      {
        schoolId: ctx.trust.schoolB.id,
        externalId: "B1",
        firstName: "Zed",
        lastName: "Quillfeather",
        yearGroup: "Year 4",
        dateOfBirth: "2017-03-03",
      },
    ])
    .returning({ id: pupils.id });
  const [pupil, exPupil, futureDob, pupilB] = inserted.map((r) => r.id);
  if (!pupil || !exPupil || !futureDob || !pupilB) throw new Error("pupils not inserted");
  Object.assign(ids, { pupil, exPupil, futureDob, pupilB });
  const [parent] = await db
    .insert(parents)
    .values({
      schoolId: a,
      externalId: "G1",
      firstName: "Petra",
      lastName: "Quillfeather",
      relationship: "Mother",
    })
    .returning({ id: parents.id });
  ids.parent = parent!.id;
  await db.insert(parentPupils).values({ parentId: ids.parent, pupilId: ids.pupil });
  exPupilBirthday = eighteenthBirthday({ dateOfBirth: exDob, timeZone: "Europe/London" });
});

/** Posts a form whose fields may repeat (checkboxes), as a browser does. */
function post(path: string, who: SignedIn, fields: [string, string][]) {
  return ctx.t.request(path, {
    method: "POST",
    cookie: who.cookie,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

async function declare(who: SignedIn, contact: string, extra: [string, string][] = []) {
  const res = await post("/declarations/new", who, [
    ["contact", contact],
    ["platforms", "Instagram"],
    ...extra,
  ]);
  const location = res.headers.get("location") ?? "";
  const id = /^\/declarations\/([0-9a-f-]{36})$/.exec(location)?.[1];
  return { res, id };
}

async function stored(id: string) {
  const [row] = await ctx.t.database.db.select().from(declarations).where(eq(declarations.id, id));
  return row!;
}

async function mailTo(email: string) {
  return mailToAddress(ctx.t.database.db, email);
}

describe("recording a declaration", () => {
  it("prohibits contact with a pupil and emails the principal and DSL without naming the pupil", async () => {
    const { res, id } = await declare(staff, `pupil:${ids.pupil}`);
    expect(res.status).toBe(303);
    expect(id).toBeDefined();
    const row = await stored(id!);
    expect(row).toMatchObject({
      verdict: "prohibited",
      clause: "8.3",
      contactKind: "pupil",
      contactName: "Zara Quillfeather",
    });
    expect(row.schoolId).toBe(ctx.trust.schoolA.id);

    for (const leader of [principal, dsl]) {
      const mail = await mailTo(leader.email);
      expect(mail, leader.email).toHaveLength(1);
      expect(mail[0]!.text).toContain(`/declarations/${id}`);
      expect(mail[0]!.text).not.toMatch(/Zara|Quillfeather/);
      expect(mail[0]!.subject).not.toMatch(/Zara|Quillfeather/);
    }
    expect(await mailTo(principalB.email)).toHaveLength(0);

    // The member of staff sees the verdict, its clause linked, and what to do.
    const page = await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Not allowed");
    expect(html).toContain('href="/policy/clause/8.3"');
    expect(html).toContain("What to do");
    expect(html).toContain("Remove or block this contact");
    const flash = decodeURIComponent(decodeURIComponent(res.headers.get("set-cookie") ?? ""));
    expect(flash).toContain("principal and designated safeguarding lead have been told");
  });

  it("permits a pupil who is also family, to be declared (8.3.1)", async () => {
    const { id } = await declare(staff, `pupil:${ids.pupil}`, [["otherRelationships", "family"]]);
    expect(await stored(id!)).toMatchObject({ verdict: "permitted-declare", clause: "8.3.1" });
  });

  it("prohibits a parent who is only a parent (8.4) and tells the principal but not the DSL", async () => {
    const dslMailBefore = (await mailTo(dsl.email)).length;
    const principalMailBefore = (await mailTo(principal.email)).length;
    const { id } = await declare(staff, `parent:${ids.parent}`);
    expect(await stored(id!)).toMatchObject({ verdict: "prohibited", clause: "8.4", contactKind: "parent" });
    expect(await mailTo(principal.email)).toHaveLength(principalMailBefore + 1);
    expect(await mailTo(dsl.email)).toHaveLength(dslMailBefore);
  });

  it("permits a parent who is also a friend, to be declared (8.4.1)", async () => {
    const { id } = await declare(staff, `parent:${ids.parent}`, [["otherRelationships", "friend"]]);
    expect(await stored(id!)).toMatchObject({ verdict: "permitted-declare", clause: "8.4.1" });
  });

  it("permits a colleague, named rather than picked from the roster", async () => {
    const { id } = await declare(staff, "staff", [
      ["contactName", "Jo Bloggs"],
      ["otherRelationships", "colleague"],
      ["platforms", "Facebook"],
      ["otherPlatform", "Mastodon"],
    ]);
    const row = await stored(id!);
    expect(row).toMatchObject({ verdict: "permitted", contactKind: "staff", contactName: "Jo Bloggs" });
    expect(row.platforms).toEqual(["Instagram", "Facebook", "Mastodon"]);
  });

  it("refuses a pupil whose recorded date of birth is in the future, and stores nothing", async () => {
    const before = await ctx.t.database.db.select({ n: sql<number>`count(*)::int` }).from(declarations);
    const { res } = await declare(staff, `pupil:${ids.futureDob}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain("2099-01-01 is in the future");
    expect(html).toContain("Nothing has been recorded");
    // The form comes back with the pupil still chosen.
    expect(html).toContain(`value="pupil:${ids.futureDob}" checked=""`);
    const after = await ctx.t.database.db.select({ n: sql<number>`count(*)::int` }).from(declarations);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("refuses a pupil of another school, a missing platform and a missing contact", async () => {
    expect((await declare(staff, `pupil:${ids.pupilB}`)).res.status).toBe(400);
    const noPlatform = await post("/declarations/new", staff, [
      ["contact", "other"],
      ["contactName", "Sam"],
    ]);
    expect(noPlatform.status).toBe(400);
    expect(await noPlatform.text()).toContain("Choose at least one platform");
    const noContact = await post("/declarations/new", staff, [["platforms", "Instagram"]]);
    expect(noContact.status).toBe(400);
    expect(await noContact.text()).toContain("Choose who you are in contact with");
  });

  it("finds pupils and parents of the member of staff's own school only, with the year group", async () => {
    const res = await ctx.t.request("/declarations/new?q=quillf", { cookie: staff.cookie });
    const html = await res.text();
    expect(html).toContain("Zara Quillfeather, pupil");
    expect(html).toContain("Year 9");
    expect(html).toContain("Petra Quillfeather, parent or carer");
    expect(html).toContain("Parent of Zara Quillfeather (Year 9)");
    expect(html).not.toContain("Zed");
  });
});

describe("the daily re-judgement", () => {
  it("flips an ex-pupil's verdict at the start of their 18th birthday and tells both sides", async () => {
    const { id } = await declare(staff, `pupil:${ids.exPupil}`);
    const before = await stored(id!);
    expect(before).toMatchObject({ verdict: "prohibited", clause: "8.3", contactKind: "ex-pupil" });
    expect(before.changesAt?.toISOString()).toBe(exPupilBirthday.toISOString());

    const services = {
      db: ctx.t.database.db,
      mailer: ctx.t.services.mailer,
      baseUrl: "http://localhost:3000",
    };
    const dayBefore = await rejudgeDeclarations({
      ...services,
      asOf: new Date(exPupilBirthday.getTime() - 1),
    });
    expect(dayBefore.changed).toBe(0);
    expect((await stored(id!)).verdict).toBe("prohibited");

    const staffMail = (await mailTo(staff.email)).length;
    const principalMail = (await mailTo(principal.email)).length;
    const onTheDay = await rejudgeDeclarations({ ...services, asOf: exPupilBirthday });
    expect(onTheDay).toEqual({ checked: 1, changed: 1, failed: 0 });
    const after = await stored(id!);
    expect(after).toMatchObject({ verdict: "permitted", changesAt: null });
    expect(after.reason).toContain("turned 18");

    const toStaff = await mailTo(staff.email);
    const toPrincipal = await mailTo(principal.email);
    expect(toStaff).toHaveLength(staffMail + 1);
    expect(toPrincipal).toHaveLength(principalMail + 1);
    for (const mail of [toStaff.at(-1)!, toPrincipal.at(-1)!]) {
      expect(mail.text).toContain(`/declarations/${id}`);
      expect(mail.text).toContain("has turned 18");
      expect(mail.text).not.toMatch(/Milo|Fenwick/);
    }
    const [audit] = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "declaration.rejudged"), eq(auditEvents.subjectId, id!)));
    expect(audit?.detail).toMatchObject({ from: "prohibited", to: "permitted", changed: true });
    expect(audit?.personId).toBe(staff.userId);

    // Run again the same day: nothing is due, nothing is sent twice.
    expect(await rejudgeDeclarations({ ...services, asOf: exPupilBirthday })).toEqual({
      checked: 0,
      changed: 0,
      failed: 0,
    });
    expect(await mailTo(staff.email)).toHaveLength(staffMail + 1);
  });

  it("judges a parent by their children's leaving dates, and frees them when the last child leaves (8.4)", async () => {
    const { db } = ctx.t.database;
    const a = ctx.trust.schoolA.id;
    const inTenDays = calendarDateAt(new Date(Date.now() + 10 * 86_400_000), "Europe/London");
    const child = (externalId: string, leftOn: string) => ({
      schoolId: a,
      externalId,
      firstName: "Child",
      lastName: externalId,
      yearGroup: "Year 11",
      dateOfBirth: "2009-01-01",
      leftOn,
    });
    const [left, alsoLeft, leaving] = await db
      .insert(pupils)
      .values([child("L1", "2024-07-19"), child("L2", "2023-07-21"), child("L3", inTenDays)])
      .returning({ id: pupils.id });
    const [former, current] = await db
      .insert(parents)
      .values([
        { schoolId: a, externalId: "G-former", firstName: "Fay", lastName: "Former", relationship: "Mother" },
        {
          schoolId: a,
          externalId: "G-current",
          firstName: "Cal",
          lastName: "Current",
          relationship: "Father",
        },
      ])
      .returning({ id: parents.id });
    await db.insert(parentPupils).values([
      { parentId: former!.id, pupilId: left!.id },
      { parentId: former!.id, pupilId: alsoLeft!.id },
      { parentId: current!.id, pupilId: left!.id },
      { parentId: current!.id, pupilId: leaving!.id },
    ]);

    const formerDeclaration = (await declare(staff, `parent:${former!.id}`)).id!;
    const formerRow = await stored(formerDeclaration);
    expect(formerRow).toMatchObject({ verdict: "permitted", clause: "8.4", changesAt: null });
    expect(formerRow.reason).toContain("no longer a parent at the school: their child left on 19 July 2024");

    const currentDeclaration = (await declare(staff, `parent:${current!.id}`)).id!;
    const currentRow = await stored(currentDeclaration);
    expect(currentRow).toMatchObject({ verdict: "prohibited", clause: "8.4" });
    expect(currentRow.changesAt).not.toBeNull();
    expect(calendarDateAt(new Date(currentRow.changesAt!.getTime() - 1), "Europe/London")).toBe(inTenDays);

    const services = { db, mailer: ctx.t.services.mailer, baseUrl: "http://localhost:3000" };
    const staffMail = (await mailTo(staff.email)).length;
    await rejudgeDeclarations({ ...services, asOf: currentRow.changesAt! });
    expect(await stored(currentDeclaration)).toMatchObject({
      verdict: "permitted",
      clause: "8.4",
      changesAt: null,
    });
    const toStaff = await mailTo(staff.email);
    expect(toStaff).toHaveLength(staffMail + 1);
    expect(toStaff.at(-1)!.text).toContain("the parent's last child at the school has now left");
    expect(toStaff.at(-1)!.text).not.toMatch(/Cal|Current/);
  });
});

describe("who may see a declaration", () => {
  let id: string;
  beforeAll(async () => {
    id = (await declare(staff, `pupil:${ids.pupil}`, [["note", "Met at a family wedding"]])).id!;
  });

  it("shows it to the declarer and to a leader of their school", async () => {
    expect((await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).status).toBe(200);
    const asPrincipal = await ctx.t.request(`/declarations/${id}`, { cookie: principal.cookie });
    expect(asPrincipal.status).toBe(200);
    const html = await asPrincipal.text();
    expect(html).toContain("Declaration by Test staff");
    expect(html).toContain("What the member of staff has been told to do");
    expect(html).toContain("Record the review");
  });

  it("refuses a leader of another school and another member of staff", async () => {
    expect((await ctx.t.request(`/declarations/${id}`, { cookie: principalB.cookie })).status).toBe(403);
    expect((await ctx.t.request(`/declarations/${id}`, { cookie: colleague.cookie })).status).toBe(403);
    const reviewAsB = await post(`/declarations/${id}/review`, principalB, [["action", "noted"]]);
    expect(reviewAsB.status).toBe(403);
    expect((await stored(id)).status).toBe("awaiting-review");
  });

  it("answers 404 for a declaration that does not exist", async () => {
    const res = await ctx.t.request("/declarations/00000000-0000-4000-8000-000000000000", {
      cookie: staff.cookie,
    });
    expect(res.status).toBe(404);
  });

  it("writes every view, list or detail, to the audit trail under the declarer", async () => {
    // A detail view is its own row; a list page is one row naming every record it showed.
    const views = async () =>
      ctx.t.database.db
        .select()
        .from(auditEvents)
        .where(
          or(
            and(eq(auditEvents.action, "declaration.viewed"), eq(auditEvents.subjectId, id)),
            and(
              eq(auditEvents.action, "declarations.listed"),
              sql`${auditEvents.detail}->'records' @> ${JSON.stringify([{ id }])}::jsonb`,
            ),
          ),
        )
        .orderBy(auditEvents.seq);
    const before = (await views()).length;
    await ctx.t.request(`/declarations/${id}`, { cookie: principal.cookie });
    await ctx.t.request("/declarations", { cookie: staff.cookie });
    await ctx.t.request("/declarations/review", { cookie: dsl.cookie });
    const after = await views();
    expect(after).toHaveLength(before + 3);
    const added = after.slice(before);
    expect(added.map((e) => e.actorId).sort()).toEqual([principal.userId, staff.userId, dsl.userId].sort());
    expect(added[0]!.personId).toBe(staff.userId);
    for (const e of added.slice(1))
      expect((e.detail as { personIds: string[] }).personIds).toContain(staff.userId);
    expect(added.map((e) => e.action)).toEqual([
      "declaration.viewed",
      "declarations.listed",
      "declarations.listed",
    ]);

    const refused = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "declaration.view-refused"), eq(auditEvents.subjectId, id)));
    expect(refused.map((e) => e.actorId)).toEqual(
      expect.arrayContaining([principalB.userId, colleague.userId]),
    );
  });
});

describe("reviewing", () => {
  it("lists the school's declarations awaiting review, prohibited first, and none of another school's", async () => {
    const html = await (await ctx.t.request("/declarations/review", { cookie: principal.cookie })).text();
    const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
    const verdicts = [...body.matchAll(/class="tag (bad|warn|good)"/g)].map((m) => m[1]);
    expect(verdicts.length).toBeGreaterThan(3);
    expect(verdicts).toEqual(
      [...verdicts].sort((x, y) => ["bad", "warn", "good"].indexOf(x!) - ["bad", "warn", "good"].indexOf(y!)),
    );
    const asB = await (await ctx.t.request("/declarations/review", { cookie: principalB.cookie })).text();
    expect(asB).toContain("No declarations are waiting for review");
  });

  it("acknowledges, asks for more information by email, and opens a concern", async () => {
    const first = (await declare(staff, `parent:${ids.parent}`)).id!;
    const ack = await post(`/declarations/${first}/review`, principal, [["action", "noted"]]);
    expect(ack.status).toBe(303);
    expect((await stored(first)).status).toBe("noted");

    const second = (await declare(staff, `parent:${ids.parent}`)).id!;
    const missingNote = await post(`/declarations/${second}/review`, principal, [
      ["action", "more-information"],
    ]);
    expect(missingNote.status).toBe(400);
    expect(await missingNote.text()).toContain("Say what more information you need");
    const staffMail = (await mailTo(staff.email)).length;
    await post(`/declarations/${second}/review`, principal, [
      ["action", "more-information"],
      ["note", "Which account is this?"],
    ]);
    expect((await stored(second)).status).toBe("more-information-requested");
    const mail = await mailTo(staff.email);
    expect(mail).toHaveLength(staffMail + 1);
    expect(mail.at(-1)!.text).toContain(`/declarations/${second}`);
    expect(mail.at(-1)!.text).not.toContain("Which account");
    const asDeclarer = await (
      await ctx.t.request(`/declarations/${second}`, { cookie: staff.cookie })
    ).text();
    expect(asDeclarer).toContain("Which account is this?");

    const third = (await declare(staff, `pupil:${ids.pupil}`)).id!;
    await post(`/declarations/${third}/review`, dsl, [
      ["action", "concern"],
      ["note", "Pattern of contact"],
    ]);
    expect((await stored(third)).status).toBe("concern-opened");
    const reviews = await ctx.t.database.db
      .select()
      .from(declarationReviews)
      .where(eq(declarationReviews.declarationId, third));
    expect(reviews.map((r) => r.action)).toEqual(["concern"]);
    const page = await (await ctx.t.request(`/declarations/${third}`, { cookie: dsl.cookie })).text();
    expect(page).toContain("The concerns module will pick it up");
    expect(page).not.toContain("Record the review");
    // The concern's reasons are not shown to the member of staff.
    const staffPage = await (await ctx.t.request(`/declarations/${third}`, { cookie: staff.cookie })).text();
    expect(staffPage).toContain("Opened a concern");
    expect(staffPage).not.toContain("Pattern of contact");
  });

  it("does not let a leader review their own declaration", async () => {
    const own = (await declare(principal, "other", [["contactName", "Old friend"]])).id!;
    const res = await post(`/declarations/${own}/review`, principal, [["action", "noted"]]);
    expect(res.status).toBe(403);
  });
});

describe("a renumbered policy", () => {
  it("cites and links the school's own clause numbers once a variant is the current policy", async () => {
    const file = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      "../policy/fixtures/northbridge-social-media-policy.md",
    );
    const actor = { id: null, label: "test" };
    const imported = await importPolicyVersion({
      db: ctx.t.database.db,
      actor,
      fileName: "northbridge-social-media-policy.md",
      bytes: readFileSync(file),
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const approved = await approvePolicyVersion(ctx.t.database.db, actor, {
      versionId: imported.versionId,
      approvingBody: "Board",
      approvalDate: "2025-09-01",
      nextReviewDue: null,
    });
    expect(approved.ok).toBe(true);

    const { id } = await declare(staff, `parent:${ids.parent}`);
    const row = await stored(id!);
    expect(row.clause).toBe("9.4");
    expect(row.reason).toContain("Clause 9.4 says");
    const html = await (await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).text();
    expect(html).toContain('href="/policy/clause/9.4"');
    expect((await ctx.t.request("/policy/clause/9.4", { cookie: staff.cookie })).status).toBe(200);
  });
});
