// Official accounts through the real routes and database: the register and its 5.3 login rule,
// grants only by the account's own school's leaders, drafting only with a live grant, approval
// (never one's own), publication, leavers' grants ending and accounts flagged, expiry reminders
// through a real SMTP server with a controllable clock, the post check reading the platform
// register, and every route refused to a role without it or another school's leader.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addStaffRecordFor } from "../core/people/test-support";
import { auditEvents } from "../platform/audit/schema";
import { notifications } from "../platform/mail/schema";
import { bodyOf } from "../platform/testing/smtp-server";
import { useTestTrustWithMail } from "../platform/testing/use-test-trust";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { loadSchoolForCheck } from "../posts/load-school-for-check";
import { checkPost } from "../posts/check-post";
import { endLeaversGrants } from "./end-leavers-grants";
import { flagLeaversAccounts } from "./flag-leavers-accounts";
import { loadDeviceSites } from "./load-device-sites";
import { loadSanctionedPlatforms } from "./load-sanctioned-platforms";
import { officialAccounts, officialPosts, postingGrants } from "./schema";
import { sendGrantReminders } from "./send-grant-reminders";

const ctx = useTestTrustWithMail();
let it_: SignedIn;
let admin: SignedIn;
let principalA: SignedIn;
let seniorA: SignedIn;
let principalB: SignedIn;
let teacher: SignedIn;
let colleague: SignedIn;
let dsl: SignedIn;
let accountId = "";
let grantId = "";
let postId = "";
const baseUrl = "http://localhost:3000";
const day = (iso: string) => new Date(`${iso}T09:00:00Z`);
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const withStaffRecord = (person: SignedIn, schoolId: string, leaveDate: string | null = null) =>
  addStaffRecordFor(ctx.t.database.db, person, schoolId, { externalId: person.userId, leaveDate });

function accountForm(overrides: Record<string, string> = {}) {
  return {
    school: ctx.trust.schoolA.id,
    platform: "Instagram",
    handle: "@SchoolAPE",
    link: "https://instagram.com/schoolape",
    purpose: "PE department news and fixtures",
    ownerId: teacher.userId,
    loginEmail: "pe-socials@test.example.org",
    mfaEnabled: "yes",
    recoveryContacts: "School business manager",
    status: "active",
    ...overrides,
  };
}

beforeAll(async () => {
  it_ = await signInAs(ctx.t, "it-director");
  admin = await signInAs(ctx.t, "trust-admin");
  principalA = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
  seniorA = await signInAs(ctx.t, "senior-leader", { schoolId: ctx.trust.schoolA.id });
  principalB = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
  teacher = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  colleague = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  dsl = await signInAs(ctx.t, "dsl", { schoolId: ctx.trust.schoolA.id });
  await withStaffRecord(teacher, ctx.trust.schoolA.id);
});

describe("the register of official accounts (5.3)", () => {
  it("refuses a login on a personal email, naming the school domain", async () => {
    const res = await ctx.t.request("/accounts/new", {
      cookie: it_.cookie,
      form: accountForm({ loginEmail: "pe.dept@gmail.com" }),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("The login must be on a school email (5.3), not gmail.com");
    expect(html).toContain("test.example.org");
    expect(await ctx.t.database.db.select().from(officialAccounts)).toHaveLength(0);
  });

  it("accepts a domain from the trust's list, and registers the account with an audit event", async () => {
    const res = await ctx.t.request("/accounts/new", { cookie: it_.cookie, form: accountForm() });
    expect(res.status).toBe(303);
    const [row] = await ctx.t.database.db.select().from(officialAccounts);
    accountId = row!.id;
    expect(row!.mfaEnabled).toBe(true);
    const events = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "official-account.registered"));
    expect(events.map((e) => e.subjectId)).toEqual([accountId]);

    await ctx.t.request("/admin/school-email-domains", {
      cookie: admin.cookie,
      form: { domains: "schoola.sch.uk" },
    });
    const other = await ctx.t.request("/accounts/new", {
      cookie: it_.cookie,
      form: accountForm({ handle: "@SchoolAMusic", loginEmail: "music@schoola.sch.uk" }),
    });
    expect(other.status).toBe(303);
  });

  it("refuses a second entry for the same handle on the same platform", async () => {
    const res = await ctx.t.request("/accounts/new", {
      cookie: it_.cookie,
      form: accountForm({ handle: "@schoolape" }),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("already in the register");
  });

  it("does not let another school's leader register, see or change the account", async () => {
    const create = await ctx.t.request("/accounts/new", {
      cookie: principalB.cookie,
      form: accountForm({ handle: "@X" }),
    });
    expect(create.status).toBe(403);
    expect((await ctx.t.request(`/accounts/${accountId}`, { cookie: principalB.cookie })).status).toBe(404);
    const change = await ctx.t.request(`/accounts/${accountId}`, {
      cookie: principalB.cookie,
      form: accountForm({ school: ctx.trust.schoolB.id, ownerId: principalB.userId }),
    });
    expect(change.status).toBe(404);
    const list = await (await ctx.t.request("/accounts", { cookie: principalB.cookie })).text();
    expect(list).not.toContain("@SchoolAPE");
    const csv = await (
      await ctx.t.request("/accounts/export/accounts.csv", { cookie: principalB.cookie })
    ).text();
    expect(csv.trim().split("\r\n")).toHaveLength(1);
  });

  it("exports the register as CSV for a leader of the school", async () => {
    const res = await ctx.t.request("/accounts/export/accounts.csv", { cookie: principalA.cookie });
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "school,platform,handle,link,purpose,owner,owner_email,login_email,mfa,recovery_contacts,status,handover_needed",
    );
    expect(lines).toHaveLength(3);
    expect(lines.some((l) => l.startsWith("School A,Instagram,'@SchoolAPE,"))).toBe(true);
  });
});

describe("permission to post (5.1)", () => {
  it("refuses another school's leader, and a trust administrator, naming who can grant", async () => {
    const form = {
      granteeId: teacher.userId,
      scope: "draft-and-publish",
      expiresOn: future(30),
      reason: "PE news",
    };
    const fromB = await ctx.t.request(`/accounts/${accountId}/grants`, { cookie: principalB.cookie, form });
    expect(fromB.status).toBe(403);
    const html = await fromB.text();
    expect(html).toContain("clause 5.1");
    expect(html).toContain("Test principal");
    const fromAdmin = await ctx.t.request(`/accounts/${accountId}/grants`, { cookie: admin.cookie, form });
    expect(fromAdmin.status).toBe(403);
    const fromDsl = await ctx.t.request(`/accounts/${accountId}/grants`, { cookie: dsl.cookie, form });
    expect(fromDsl.status).toBe(403);
    expect(await ctx.t.database.db.select().from(postingGrants)).toHaveLength(0);
  });

  it("lets a leader of the school grant a named member of staff, who sees it", async () => {
    const res = await ctx.t.request(`/accounts/${accountId}/grants`, {
      cookie: principalA.cookie,
      form: {
        granteeId: teacher.userId,
        scope: "draft-and-publish",
        expiresOn: future(30),
        reason: "PE news",
      },
    });
    expect(res.status).toBe(303);
    const [grant] = await ctx.t.database.db.select().from(postingGrants);
    grantId = grant!.id;
    expect(grant!.grantedById).toBe(principalA.userId);
    const mine = await (await ctx.t.request("/my-posting", { cookie: teacher.cookie })).text();
    expect(mine).toContain("@SchoolAPE");
    expect(mine).toContain(`/official-posts/new?account=${accountId}`);
    const theirs = await (await ctx.t.request("/my-posting", { cookie: colleague.cookie })).text();
    expect(theirs).not.toContain("@SchoolAPE");
  });

  it("refuses an expiry in the past", async () => {
    const res = await ctx.t.request(`/accounts/${accountId}/grants`, {
      cookie: principalA.cookie,
      form: { granteeId: colleague.userId, scope: "draft-only", expiresOn: "2020-01-01", reason: "x" },
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The expiry date must be today or later");
  });
});

describe("official posts", () => {
  it("refuses a draft without a live grant, citing 5.1 and naming who can grant", async () => {
    const page = await ctx.t.request(`/official-posts/new?account=${accountId}`, {
      cookie: colleague.cookie,
    });
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain("You do not have permission to post on @SchoolAPE");
    expect(html).toContain("Clause 5.1");
    expect(html).toContain("Test principal, Test senior-leader");
    const post = await ctx.t.request(`/official-posts/new?account=${accountId}`, {
      cookie: colleague.cookie,
      form: { text: "Hello", plannedAt: "2030-01-01T09:00" },
    });
    expect(post.status).toBe(403);
    expect(await ctx.t.database.db.select().from(officialPosts)).toHaveLength(0);
  });

  it("checks a draft in the official context and shows the findings to the leader", async () => {
    const res = await ctx.t.request(`/official-posts/new?account=${accountId}`, {
      cookie: teacher.cookie,
      form: {
        text: "Loving my holiday in Crete! Fixtures resume Monday.",
        plannedAt: "2030-01-06T09:00",
        altTexts: "A beach",
      },
    });
    expect(res.status).toBe(303);
    const [post] = await ctx.t.database.db.select().from(officialPosts);
    postId = post!.id;
    expect(post!.check.findings.map((f) => f.clause)).toContain("8.2.1");
    const page = await (
      await ctx.t.request(`/official-posts/${postId}`, { cookie: principalA.cookie })
    ).text();
    expect(page).toContain('clause <a href="/policy/clause/8.2.1">8.2.1</a>');
    expect(page).toMatch(/Loving <mark class="finding breach"[^>]*>my holiday<\/mark> in Crete!/);
    expect(page).toContain("A beach");
    const queue = await (await ctx.t.request("/official-posts/review", { cookie: seniorA.cookie })).text();
    expect(queue).toContain(`/official-posts/${postId}`);
  });

  it("hides the draft from another school's leader and from a colleague", async () => {
    expect((await ctx.t.request(`/official-posts/${postId}`, { cookie: principalB.cookie })).status).toBe(
      404,
    );
    expect((await ctx.t.request(`/official-posts/${postId}`, { cookie: colleague.cookie })).status).toBe(404);
    const review = await ctx.t.request(`/official-posts/${postId}/review`, {
      cookie: principalB.cookie,
      form: { decision: "approve" },
    });
    expect(review.status).toBe(404);
    const queue = await (await ctx.t.request("/official-posts/review", { cookie: principalB.cookie })).text();
    expect(queue).not.toContain(postId);
  });

  it("asks for changes with a comment, takes the revision, then approves it", async () => {
    const noComment = await ctx.t.request(`/official-posts/${postId}/review`, {
      cookie: principalA.cookie,
      form: { decision: "changes" },
    });
    expect(noComment.status).toBe(422);
    const changes = await ctx.t.request(`/official-posts/${postId}/review`, {
      cookie: principalA.cookie,
      form: { decision: "changes", comment: "Take out the holiday" },
    });
    expect(changes.status).toBe(303);
    const revised = await ctx.t.request(`/official-posts/${postId}/revise`, {
      cookie: teacher.cookie,
      form: { text: "Fixtures resume on Monday.", plannedAt: "2030-01-06T09:00" },
    });
    expect(revised.status).toBe(303);
    const approve = await ctx.t.request(`/official-posts/${postId}/review`, {
      cookie: principalA.cookie,
      form: { decision: "approve" },
    });
    expect(approve.status).toBe(303);
    const [post] = await ctx.t.database.db.select().from(officialPosts).where(eq(officialPosts.id, postId));
    expect(post!.status).toBe("approved");
    expect(post!.approvedText).toBe("Fixtures resume on Monday.");
    expect(post!.check.findings).toEqual([]);
    const told = await ctx.t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, teacher.userId));
    expect(told.map((n) => n.kind)).toEqual(
      expect.arrayContaining(["official-post.changes-requested", "official-post.approved"]),
    );
  });

  it("records publication by the author and a flag by the approver", async () => {
    const bad = await ctx.t.request(`/official-posts/${postId}/published`, {
      cookie: teacher.cookie,
      form: { url: "javascript:alert(1)" },
    });
    expect(bad.status).toBe(422);
    const ok = await ctx.t.request(`/official-posts/${postId}/published`, {
      cookie: teacher.cookie,
      form: { url: "https://instagram.com/p/abc" },
    });
    expect(ok.status).toBe(303);
    const notApprover = await ctx.t.request(`/official-posts/${postId}/flag`, {
      cookie: seniorA.cookie,
      form: { note: "x" },
    });
    expect(notApprover.status).toBe(403);
    const flag = await ctx.t.request(`/official-posts/${postId}/flag`, {
      cookie: principalA.cookie,
      form: { note: "The published caption adds a pupil's name" },
    });
    expect(flag.status).toBe(303);
    const [post] = await ctx.t.database.db.select().from(officialPosts).where(eq(officialPosts.id, postId));
    expect(post!.status).toBe("published");
    expect(post!.publishedUrl).toBe("https://instagram.com/p/abc");
    expect(post!.differsFlaggedAt).toBeInstanceOf(Date);
  });

  it("does not let a leader approve their own draft", async () => {
    await ctx.t.request(`/accounts/${accountId}/grants`, {
      cookie: seniorA.cookie,
      form: { granteeId: principalA.userId, scope: "draft-only", expiresOn: future(10), reason: "Cover" },
    });
    const drafted = await ctx.t.request(`/official-posts/new?account=${accountId}`, {
      cookie: principalA.cookie,
      form: { text: "Sports day is on Friday.", plannedAt: "2030-02-01T09:00" },
    });
    expect(drafted.status).toBe(303);
    const ownId = drafted.headers.get("location")!.split("/").pop()!;
    const own = await ctx.t.request(`/official-posts/${ownId}/review`, {
      cookie: principalA.cookie,
      form: { decision: "approve" },
    });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("You cannot approve your own draft");
    const other = await ctx.t.request(`/official-posts/${ownId}/review`, {
      cookie: seniorA.cookie,
      form: { decision: "approve" },
    });
    expect(other.status).toBe(303);
  });

  it("refuses to publish for a draft-only grant holder", async () => {
    const id = await draftAndApprove(colleague, "draft-only");
    const res = await ctx.t.request(`/official-posts/${id}/published`, {
      cookie: colleague.cookie,
      form: { url: "https://instagram.com/p/x" },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("draft only");
  });
});

async function draftAndApprove(person: SignedIn, scope: string): Promise<string> {
  await ctx.t.request(`/accounts/${accountId}/grants`, {
    cookie: principalA.cookie,
    form: { granteeId: person.userId, scope, expiresOn: future(60), reason: "Help" },
  });
  const drafted = await ctx.t.request(`/official-posts/new?account=${accountId}`, {
    cookie: person.cookie,
    form: { text: "The library opens at 8am.", plannedAt: "2030-03-01T09:00" },
  });
  const id = drafted.headers.get("location")!.split("/").pop()!;
  await ctx.t.request(`/official-posts/${id}/review`, {
    cookie: seniorA.cookie,
    form: { decision: "approve" },
  });
  return id;
}

describe("expired grants, leavers and reminders", () => {
  it("refuses a draft under an expired grant", async () => {
    const expired = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
    await ctx.t.database.db.insert(postingGrants).values({
      accountId,
      granteeId: expired.userId,
      grantedById: principalA.userId,
      scope: "draft-only",
      reason: "Last term",
      expiresOn: "2024-07-19",
    });
    const res = await ctx.t.request(`/official-posts/new?account=${accountId}`, { cookie: expired.cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Your permission to post on @SchoolAPE has ended (expired)");
  });

  it("ends a leaver's grants and flags their accounts on their leaving date, telling the leaders", async () => {
    const leaver = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
    const staffId = await withStaffRecord(leaver, ctx.trust.schoolA.id, "2031-07-31");
    const res = await ctx.t.request("/accounts/new", {
      cookie: it_.cookie,
      form: accountForm({
        handle: "@SchoolADrama",
        ownerId: leaver.userId,
        loginEmail: "drama@test.example.org",
      }),
    });
    expect(res.status).toBe(303);
    const [account] = await ctx.t.database.db
      .select()
      .from(officialAccounts)
      .where(eq(officialAccounts.handle, "@SchoolADrama"));
    await ctx.t.database.db.insert(postingGrants).values({
      accountId: account!.id,
      granteeId: leaver.userId,
      grantedById: principalA.userId,
      scope: "draft-only",
      reason: "Drama",
      expiresOn: "2031-12-31",
    });
    // The day before: nothing ends.
    expect(await endLeaversGrants({ db: ctx.t.database.db, asOf: day("2031-07-30") })).toBe(0);
    expect(await flagLeaversAccounts({ db: ctx.t.database.db, baseUrl, asOf: day("2031-07-30") })).toBe(0);
    // On the leaving date: the grant ends and the account is flagged, once.
    expect(await endLeaversGrants({ db: ctx.t.database.db, asOf: day("2031-07-31") })).toBe(1);
    expect(await flagLeaversAccounts({ db: ctx.t.database.db, baseUrl, asOf: day("2031-07-31") })).toBe(1);
    expect(await flagLeaversAccounts({ db: ctx.t.database.db, baseUrl, asOf: day("2031-08-01") })).toBe(0);
    const [grant] = await ctx.t.database.db
      .select()
      .from(postingGrants)
      .where(eq(postingGrants.granteeId, leaver.userId));
    expect(grant!.endReason).toBe("left");
    const [flagged] = await ctx.t.database.db
      .select()
      .from(officialAccounts)
      .where(eq(officialAccounts.id, account!.id));
    expect(flagged!.handoverFlaggedAt).toBeInstanceOf(Date);
    const told = await ctx.t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, "official-account.handover"));
    expect(told.map((n) => n.userId).sort()).toEqual([principalA.userId, seniorA.userId].sort());
    const list = await (await ctx.t.request("/accounts", { cookie: principalA.cookie })).text();
    expect(list).toContain("Owner has left");
    // A new owner clears the flag.
    await ctx.t.request(`/accounts/${account!.id}`, {
      cookie: it_.cookie,
      form: accountForm({
        handle: "@SchoolADrama",
        ownerId: teacher.userId,
        loginEmail: "drama@test.example.org",
      }),
    });
    const [handedOver] = await ctx.t.database.db
      .select()
      .from(officialAccounts)
      .where(eq(officialAccounts.id, account!.id));
    expect(handedOver!.handoverFlaggedAt).toBeNull();
    expect(staffId).toBeTruthy();
  });

  it("reminds the granting leader once, through SMTP, when a grant nears expiry", async () => {
    await ctx.t.services.mailer.deliverQueued();
    ctx.smtp.received.length = 0;
    const [grant] = await ctx.t.database.db.select().from(postingGrants).where(eq(postingGrants.id, grantId));
    const expires = Date.parse(`${grant!.expiresOn}T12:00:00Z`);
    const at = (daysBefore: number) => new Date(expires - daysBefore * 86_400_000);
    // Three weeks before: too early for this grant.
    await sendGrantReminders({ db: ctx.t.database.db, baseUrl, asOf: at(21) });
    const early = await ctx.t.database.db.select().from(postingGrants).where(eq(postingGrants.id, grantId));
    expect(early[0]!.reminderSentAt).toBeNull();
    // Ten days before: reminded, once.
    expect(await sendGrantReminders({ db: ctx.t.database.db, baseUrl, asOf: at(10) })).toBeGreaterThanOrEqual(
      1,
    );
    const again = await sendGrantReminders({ db: ctx.t.database.db, baseUrl, asOf: at(9) });
    expect(again).toBe(0);
    await ctx.t.services.mailer.deliverQueued();
    const toLeader = ctx.smtp.received.filter((m) => m.to.includes(principalA.email));
    expect(toLeader.length).toBeGreaterThanOrEqual(1);
    const body = bodyOf(toLeader[0]!.raw);
    expect(body).toContain(`/accounts/${accountId}`);
    expect(body).toContain(grant!.expiresOn);
    // A permission already renewed by a later one is not reminded about.
    const renewed = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
    const soon = new Date(expires).toISOString().slice(0, 10);
    await ctx.t.database.db.insert(postingGrants).values([
      {
        accountId,
        granteeId: renewed.userId,
        grantedById: seniorA.userId,
        scope: "draft-only",
        reason: "a",
        expiresOn: soon,
      },
      {
        accountId,
        granteeId: renewed.userId,
        grantedById: seniorA.userId,
        scope: "draft-only",
        reason: "b",
        expiresOn: "2099-01-01",
      },
    ]);
    expect(await sendGrantReminders({ db: ctx.t.database.db, baseUrl, asOf: at(8) })).toBe(0);
    // No names in the email body.
    expect(body).not.toContain("Test staff");
    expect(body).not.toContain("@SchoolAPE");
  });
});

describe("sanctioned platforms (6.1) and sites on school devices (8.6.3)", () => {
  it("feeds the post check from the register", async () => {
    const text = "Made a Discord server for my Year 9 class.";
    const before = await loadSchoolForCheck(ctx.t.database.db, ctx.trust.schoolA.slug);
    const check = (s: NonNullable<typeof before>) =>
      checkPost({ text, context: "official", school: s.settings, roster: s.roster, rules: s.rules });
    expect(check(before!).findings.map((f) => f.clause)).toContain("6.1");
    const res = await ctx.t.request("/accounts/platforms", {
      cookie: principalA.cookie,
      form: {
        schoolId: ctx.trust.schoolA.id,
        platform: "Discord",
        yearGroups: "Year 9",
        purpose: "Computing club",
      },
    });
    expect(res.status).toBe(303);
    expect(await loadSanctionedPlatforms(ctx.t.database.db, ctx.trust.schoolA.id)).toEqual(["Discord"]);
    const after = await loadSchoolForCheck(ctx.t.database.db, ctx.trust.schoolA.slug);
    expect(check(after!).findings.map((f) => f.clause)).not.toContain("6.1");
    const fromB = await ctx.t.request("/accounts/platforms", {
      cookie: principalB.cookie,
      form: { schoolId: ctx.trust.schoolA.id, platform: "Seesaw", yearGroups: "Year 1", purpose: "x" },
    });
    expect(fromB.status).toBe(403);
    const csv = await (
      await ctx.t.request("/accounts/export/platforms.csv", { cookie: principalA.cookie })
    ).text();
    expect(csv).toContain("School A,Discord,Year 9,Computing club");
  });

  it("records a site with who decided and why, and publishes it to monitoring", async () => {
    const res = await ctx.t.request("/accounts/sites", {
      cookie: it_.cookie,
      form: {
        schoolId: ctx.trust.schoolA.id,
        site: "youtube.com",
        decidedBy: "Head teacher",
        reason: "Teaching videos",
        decidedOn: "2026-09-01",
      },
    });
    expect(res.status).toBe(303);
    expect(await loadDeviceSites(ctx.t.database.db, ctx.trust.schoolA.id)).toEqual([
      { site: "youtube.com", decidedBy: "Head teacher", reason: "Teaching videos", decidedOn: "2026-09-01" },
    ]);
    const [entry] = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "device-site.added")));
    expect(entry!.schoolId).toBe(ctx.trust.schoolA.id);
    const csv = await (
      await ctx.t.request("/accounts/export/sites.csv", { cookie: principalB.cookie })
    ).text();
    expect(csv).not.toContain("youtube.com");
  });
});

describe("every new route refuses a role without it", () => {
  it("refuses staff and the DSL the registers, and staff the approval queue", async () => {
    for (const path of [
      "/accounts",
      "/accounts/new",
      "/accounts/platforms",
      "/accounts/sites",
      "/accounts/export/accounts.csv",
      `/accounts/${accountId}`,
    ])
      for (const who of [teacher, dsl])
        expect((await ctx.t.request(path, { cookie: who.cookie })).status, `${path}`).toBe(403);
    expect((await ctx.t.request("/official-posts/review", { cookie: teacher.cookie })).status).toBe(403);
    expect(
      (
        await ctx.t.request(`/official-posts/${postId}/review`, {
          cookie: teacher.cookie,
          form: { decision: "approve" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await ctx.t.request(`/accounts/grants/${grantId}/revoke`, { cookie: teacher.cookie, form: {} }))
        .status,
    ).toBe(403);
    expect((await ctx.t.request("/admin/school-email-domains", { cookie: principalA.cookie })).status).toBe(
      403,
    );
  });

  it("refuses another school's leader a revocation, and lets the school's leader revoke", async () => {
    const fromB = await ctx.t.request(`/accounts/grants/${grantId}/revoke`, {
      cookie: principalB.cookie,
      form: {},
    });
    expect(fromB.status).toBe(403);
    const ok = await ctx.t.request(`/accounts/grants/${grantId}/revoke`, {
      cookie: seniorA.cookie,
      form: {},
    });
    expect(ok.status).toBe(303);
    const res = await ctx.t.request(`/official-posts/new?account=${accountId}`, { cookie: teacher.cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("(revoked)");
  });

  it("shows counts for the live policy page without names", async () => {
    const { officialAccountsEvidence } = await import("./control-evidence");
    const ev = await officialAccountsEvidence({ db: ctx.t.database.db, scope: "all", now: new Date() });
    expect(ev.byClause?.["5.3"]).toMatch(/^3 official accounts in the register/);
    expect(ev.byClause?.["6.1"]).toContain("1 platforms sanctioned");
    expect(ev.byClause?.["8.6.3"]).toContain("1 sites");
    expect(ev.byClause?.["8.2.1"]).toMatch(/1 published posts flagged/);
    const scoped = await officialAccountsEvidence({
      db: ctx.t.database.db,
      scope: [ctx.trust.schoolB.id],
      now: new Date(),
    });
    expect(scoped.status).toBe("no-data");
  });

  it("keys the evidence by the school's own clause numbers, and the policy page shows it", async () => {
    const { readFileSync } = await import("node:fs");
    const { importPolicyVersion } = await import("../policy/import-policy-version");
    const { approvePolicyVersion } = await import("../policy/approve-policy-version");
    const { officialAccountsEvidence } = await import("./control-evidence");
    const actor = { id: null, label: "test" };
    const imported = await importPolicyVersion({
      db: ctx.t.database.db,
      actor,
      fileName: "northbridge-social-media-policy.md",
      bytes: readFileSync(new URL("../policy/fixtures/northbridge-social-media-policy.md", import.meta.url)),
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const approved = await approvePolicyVersion(ctx.t.database.db, actor, {
      versionId: imported.versionId,
      approvingBody: "Board",
      approvalDate: "2025-09-01",
      nextReviewDue: null,
    });
    expect(approved.ok).toBe(true);
    const ev = await officialAccountsEvidence({ db: ctx.t.database.db, scope: "all", now: new Date() });
    // Northbridge numbers 5.1 as 6.1, 5.3 as 6.3 and 8.6.3 as 9.6.3.
    expect(ev.byClause?.["6.1"]).toContain("live permissions to post");
    expect(ev.byClause?.["6.3"]).toContain("official accounts in the register");
    expect(ev.byClause?.["9.6.3"]).toContain("sites recorded as made available");
    const page = await (await ctx.t.request("/policy", { cookie: admin.cookie })).text();
    expect(page).toContain("official accounts in the register");
    expect(page).toContain("sites recorded as made available on school devices");
  });
});

describe("the trust's own accounts, and grants across schools", () => {
  it("lets only a trust administrator grant on a trust account", async () => {
    const res = await ctx.t.request("/accounts/new", {
      cookie: admin.cookie,
      form: accountForm({ school: "trust", handle: "@JourneyTrust", loginEmail: "comms@test.example.org" }),
    });
    expect(res.status).toBe(303);
    const trustAccount = res.headers.get("location")!.split("/").pop()!;
    const form = {
      granteeId: teacher.userId,
      scope: "draft-only",
      expiresOn: future(20),
      reason: "Trust news",
    };
    const fromPrincipal = await ctx.t.request(`/accounts/${trustAccount}/grants`, {
      cookie: principalA.cookie,
      form,
    });
    expect(fromPrincipal.status).toBe(403);
    expect(await fromPrincipal.text()).toContain("Only a trust administrator");
    expect((await ctx.t.request(`/accounts/${trustAccount}`, { cookie: principalA.cookie })).status).toBe(
      404,
    );
    const fromAdmin = await ctx.t.request(`/accounts/${trustAccount}/grants`, { cookie: admin.cookie, form });
    expect(fromAdmin.status).toBe(303);
  });

  it("refuses a grant or an owner from another school", async () => {
    const outsider = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolB.id });
    const grant = await ctx.t.request(`/accounts/${accountId}/grants`, {
      cookie: principalA.cookie,
      form: { granteeId: outsider.userId, scope: "draft-only", expiresOn: future(20), reason: "x" },
    });
    expect(grant.status).toBe(422);
    expect(await grant.text()).toContain("Choose a member of staff of the account&#39;s school");
    const owner = await ctx.t.request("/accounts/new", {
      cookie: it_.cookie,
      form: accountForm({ handle: "@Elsewhere", ownerId: outsider.userId, loginEmail: "x@test.example.org" }),
    });
    expect(owner.status).toBe(422);
  });

  it("carries each school's old sanctioned platforms into the register once (the migration)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { schools } = await import("../core/people/schema");
    const dir = new URL("../../drizzle/", import.meta.url);
    const file = readdirSync(dir).find((f) => f.endsWith("_sanctioned_platforms_from_settings.sql"))!;
    const sqlText = readFileSync(new URL(file, dir), "utf8");
    await ctx.t.database.db
      .update(schools)
      .set({
        settings: {
          shortNames: [],
          officialHandles: [],
          sanctionedPlatforms: ["Seesaw", " ", "Discord"],
          streets: [],
        },
      })
      .where(eq(schools.id, ctx.trust.schoolB.id));
    const { sql } = await import("drizzle-orm");
    await ctx.t.database.db.execute(sql.raw(sqlText));
    await ctx.t.database.db.execute(sql.raw(sqlText));
    expect(await loadSanctionedPlatforms(ctx.t.database.db, ctx.trust.schoolB.id)).toEqual([
      "Discord",
      "Seesaw",
    ]);
    // School A's Discord was already in the register: not doubled, its purpose kept.
    expect(await loadSanctionedPlatforms(ctx.t.database.db, ctx.trust.schoolA.id)).toEqual(["Discord"]);
  });
});
