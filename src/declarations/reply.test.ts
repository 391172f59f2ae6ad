// A member of staff answers a leader's request for more information through the real routes: the
// reply is kept, the declaration goes back to the queue, the leader who asked is emailed that there
// is a reply (not what it says); anyone else, or a reply nobody asked for, is refused.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { roleAssignments } from "../platform/auth/schema";
import { notifications } from "../platform/mail/schema";
import { mailTo as mailToAddress } from "../platform/testing/mail-to";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { MAX_REPLY_LENGTH } from "./reply-to-declaration";
import { insertDeclaration } from "./test-support";
import { declarationSubjectAccess } from "./subject-access";
import { declarationReplies, declarations } from "./schema";

const ctx = useTestTrust();
let staff: SignedIn;
let colleague: SignedIn;
let principal: SignedIn;
let seniorLeader: SignedIn;
let principalB: SignedIn;

beforeAll(async () => {
  staff = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  colleague = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
  seniorLeader = await signInAs(ctx.t, "senior-leader", { schoolId: ctx.trust.schoolA.id });
  principalB = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
});

const declaration = () =>
  insertDeclaration(
    ctx.t.database.db,
    { userId: staff.userId, schoolId: ctx.trust.schoolA.id },
    { contactName: "Rowan Applewhite", platforms: ["Facebook"], otherRelationships: ["friend"] },
  );
const stored = async (id: string) =>
  (await ctx.t.database.db.select().from(declarations).where(eq(declarations.id, id)))[0]!;
const replies = (id: string) =>
  ctx.t.database.db.select().from(declarationReplies).where(eq(declarationReplies.declarationId, id));
const mailTo = (email: string) => mailToAddress(ctx.t.database.db, email);
const reply = (who: SignedIn, id: string, text: string) =>
  ctx.t.request(`/declarations/${id}/reply`, { cookie: who.cookie, form: { reply: text } });
async function askForMore(who: SignedIn, id: string) {
  const res = await ctx.t.request(`/declarations/${id}/review`, {
    cookie: who.cookie,
    form: { action: "more-information", note: "Which account is this?" },
  });
  expect(res.status).toBe(303);
  expect((await stored(id)).status).toBe("more-information-requested");
}

describe("replying to a request for more information", () => {
  it("keeps the reply, returns the declaration to the queue and tells the leader who asked, without the reply", async () => {
    const id = await declaration();
    const before = await (await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).text();
    expect(before).not.toContain("Send the reply");
    const queueBefore = await (
      await ctx.t.request("/declarations/review", { cookie: principal.cookie })
    ).text();
    expect(queueBefore).not.toContain("(the member of staff has replied)");
    await askForMore(principal, id);
    const page = await (await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).text();
    expect(page).toContain("Which account is this?");
    expect(page).toContain("Send the reply");
    const asLeader = await (await ctx.t.request(`/declarations/${id}`, { cookie: principal.cookie })).text();
    expect(asLeader).not.toContain("Send the reply");

    const empty = await reply(staff, id, "   ");
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write your reply");
    const long = await reply(staff, id, "x".repeat(MAX_REPLY_LENGTH + 1));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain(`Keep your reply to ${MAX_REPLY_LENGTH} characters`);
    expect((await stored(id)).status).toBe("more-information-requested");

    const principalMail = (await mailTo(principal.email)).length;
    const seniorMail = (await mailTo(seniorLeader.email)).length;
    const res = await reply(staff, id, "My brother-in-law's business page");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/declarations/${id}`);
    expect((await stored(id)).status).toBe("awaiting-review");
    const kept = await replies(id);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ authorId: staff.userId, text: "My brother-in-law's business page" });

    // Only the leader who asked is told, and the email says nothing of the declaration or the reply.
    const mail = await mailTo(principal.email);
    expect(mail).toHaveLength(principalMail + 1);
    const sent = mail.at(-1)!;
    expect(sent.text).toContain(`/declarations/${id}`);
    for (const secret of [
      "brother-in-law",
      "business page",
      "Rowan",
      "Applewhite",
      "Facebook",
      "Test staff",
    ]) {
      expect(sent.text).not.toContain(secret);
      expect(sent.subject).not.toContain(secret);
    }
    expect(await mailTo(seniorLeader.email)).toHaveLength(seniorMail);
    const [bell] = await ctx.t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, principal.userId), eq(notifications.kind, "declarations.replied")));
    expect(bell?.link).toBe(`/declarations/${id}`);

    // Back in the queue, and the reviewer reads the thread where they review it.
    const queue = await (await ctx.t.request("/declarations/review", { cookie: principal.cookie })).text();
    expect(queue).toContain(`/declarations/${id}`);
    expect(queue).toContain("(the member of staff has replied)");
    const thread = await (await ctx.t.request(`/declarations/${id}`, { cookie: principal.cookie })).text();
    expect(thread).toContain("Which account is this?");
    expect(thread).toContain("My brother-in-law&#39;s business page");
    expect(thread.indexOf("Which account is this?")).toBeLessThan(thread.indexOf("business page"));
    expect(thread).toContain("Record the review");

    const [audit] = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "declaration.replied"), eq(auditEvents.subjectId, id)));
    expect(audit?.personId).toBe(staff.userId);
    expect(JSON.stringify(audit?.detail)).not.toContain("brother");

    // The declarer's subject access record holds their reply.
    const [section] = await declarationSubjectAccess(ctx.t.database.db, {
      userId: staff.userId,
      staffId: null,
    });
    const record = section!.records.find((r) => r.id === id) as { replies?: string[] } | undefined;
    expect(record?.replies?.join()).toContain("My brother-in-law's business page");

    // Once answered, a second reply is refused until a leader asks again.
    expect((await reply(staff, id, "And another thing")).status).toBe(303);
    expect(await replies(id)).toHaveLength(1);
  });

  it("tells the school's reviewers when the leader who asked can no longer review", async () => {
    const id = await declaration();
    const dsl = await signInAs(ctx.t, "dsl", { schoolId: ctx.trust.schoolA.id });
    await askForMore(dsl, id);
    await ctx.t.database.db.delete(roleAssignments).where(eq(roleAssignments.userId, dsl.userId));
    const before = {
      principal: (await mailTo(principal.email)).length,
      senior: (await mailTo(seniorLeader.email)).length,
      dsl: (await mailTo(dsl.email)).length,
      b: (await mailTo(principalB.email)).length,
    };
    expect((await reply(staff, id, "It is a work account")).status).toBe(303);
    expect(await mailTo(principal.email)).toHaveLength(before.principal + 1);
    expect(await mailTo(seniorLeader.email)).toHaveLength(before.senior + 1);
    expect(await mailTo(dsl.email)).toHaveLength(before.dsl);
    expect(await mailTo(principalB.email)).toHaveLength(before.b);
    expect(await mailTo(staff.email).then((m) => m.some((x) => x.subject.includes("replied")))).toBe(false);
  });

  it("refuses a colleague, the declarer's principal and another school's principal", async () => {
    const id = await declaration();
    await askForMore(principal, id);
    for (const who of [colleague, principal, principalB]) {
      expect((await reply(who, id, "not mine to answer")).status).toBe(403);
    }
    expect((await stored(id)).status).toBe("more-information-requested");
    expect(await replies(id)).toHaveLength(0);
  });

  it("refuses a reply when no leader has asked for more information", async () => {
    const id = await declaration();
    const res = await reply(staff, id, "Unprompted");
    expect(res.status).toBe(303);
    expect(decodeURIComponent(decodeURIComponent(res.headers.get("set-cookie") ?? ""))).toContain(
      "No leader is waiting for more information",
    );
    expect((await stored(id)).status).toBe("awaiting-review");
    expect(await replies(id)).toHaveLength(0);
  });
});
