// A member of staff withdraws their own declaration through the real route: with a reason, kept and
// shown as withdrawn; refused to anyone else (a colleague, their principal, another school's).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { declarations } from "./schema";
import { insertDeclaration } from "./test-support";

const ctx = useTestTrust();
let staff: SignedIn;
let colleague: SignedIn;
let principal: SignedIn;
let principalB: SignedIn;

beforeAll(async () => {
  staff = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  colleague = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
  principalB = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
});

const declaration = (status: "awaiting-review" | "concern-opened" = "awaiting-review") =>
  insertDeclaration(
    ctx.t.database.db,
    { userId: staff.userId, schoolId: ctx.trust.schoolA.id },
    { contactName: "An old friend", platforms: ["Facebook"], otherRelationships: ["friend"], status },
  );
const stored = async (id: string) =>
  (await ctx.t.database.db.select().from(declarations).where(eq(declarations.id, id)))[0]!;
const withdraw = (who: SignedIn, id: string, reason: string) =>
  ctx.t.request(`/declarations/${id}/withdraw`, { cookie: who.cookie, form: { reason } });

describe("withdrawing a declaration", () => {
  it("asks for a reason, then keeps the declaration as withdrawn and shows why", async () => {
    const id = await declaration();
    const before = await (await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).text();
    expect(before).toContain("Withdraw the declaration");
    const asLeader = await (await ctx.t.request(`/declarations/${id}`, { cookie: principal.cookie })).text();
    expect(asLeader).not.toContain("Withdraw the declaration");
    const missing = await withdraw(staff, id, "  ");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Say why you are withdrawing");
    expect((await stored(id)).status).toBe("awaiting-review");

    const res = await withdraw(staff, id, "We are no longer in contact");
    expect(res.status).toBe(303);
    const row = await stored(id);
    expect(row).toMatchObject({ status: "withdrawn", withdrawnReason: "We are no longer in contact" });
    expect(row.withdrawnAt).toBeInstanceOf(Date);
    const page = await (await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).text();
    expect(page).toContain("We are no longer in contact");
    expect(page).not.toContain("Withdraw the declaration");
    // It leaves the review queue but stays in the register.
    expect(
      await (await ctx.t.request("/declarations/review", { cookie: principal.cookie })).text(),
    ).not.toContain(`/declarations/${id}`);
    const register = await (
      await ctx.t.request("/declarations/register?status=withdrawn", { cookie: principal.cookie })
    ).text();
    expect(register).toContain(`/declarations/${id}`);
    const [audit] = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "declaration.withdrawn"), eq(auditEvents.subjectId, id)));
    expect(audit?.personId).toBe(staff.userId);
    expect(JSON.stringify(audit?.detail)).not.toContain("no longer");
    // Twice is refused: it is closed.
    expect((await withdraw(staff, id, "again")).status).toBe(303);
    expect((await stored(id)).withdrawnReason).toBe("We are no longer in contact");
  });

  it("refuses a colleague, the declarer's principal and another school's principal", async () => {
    const id = await declaration();
    for (const who of [colleague, principal, principalB]) {
      expect((await withdraw(who, id, "not mine")).status).toBe(403);
    }
    expect((await stored(id)).status).toBe("awaiting-review");
  });

  it("does not withdraw a declaration a concern has been opened about", async () => {
    const id = await declaration("concern-opened");
    await withdraw(staff, id, "please");
    expect((await stored(id)).status).toBe("concern-opened");
  });
});

describe("correcting a declaration", () => {
  it("makes a new declaration that supersedes the old, back in the review queue, the old kept and linked", async () => {
    const old = await declaration();
    await ctx.t.database.db.update(declarations).set({ status: "noted" }).where(eq(declarations.id, old));
    const form = await ctx.t.request(`/declarations/${old}/correct`, { cookie: staff.cookie });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("Correct your declaration");
    expect(html).toContain('value="An old friend"');
    const res = await ctx.t.request(`/declarations/${old}/correct`, {
      cookie: staff.cookie,
      body: new URLSearchParams([
        ["contact", "other"],
        ["contactName", "An old friend"],
        ["platforms", "Facebook"],
        ["platforms", "Instagram"],
        ["otherRelationships", "friend"],
      ]).toString(),
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(303);
    const id = /\/declarations\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")?.[1];
    expect(id).toBeDefined();
    expect(id).not.toBe(old);
    expect(await stored(id!)).toMatchObject({ supersedesId: old, status: "awaiting-review" });
    expect((await stored(id!)).platforms).toEqual(["Facebook", "Instagram"]);
    expect((await stored(old)).status).toBe("superseded");
    const page = await (await ctx.t.request(`/declarations/${id}`, { cookie: staff.cookie })).text();
    expect(page).toContain(`href="/declarations/${old}"`);
    expect(page).toContain("<dt>Corrects</dt>");
    // The replaced one links forward to its correction, for the declarer and for a leader.
    for (const who of [staff, principal]) {
      const earlier = await (await ctx.t.request(`/declarations/${old}`, { cookie: who.cookie })).text();
      expect(earlier).toContain("<dt>Replaced by</dt>");
      expect(earlier).toContain(`href="/declarations/${id}"`);
    }
    const queue = await (await ctx.t.request("/declarations/review", { cookie: principal.cookie })).text();
    expect(queue).toContain(`/declarations/${id}`);
    expect(queue).not.toContain(`/declarations/${old}"`);
    // A superseded declaration cannot be corrected again.
    expect((await ctx.t.request(`/declarations/${old}/correct`, { cookie: staff.cookie })).status).toBe(303);
  });

  it("refuses a colleague, the principal and another school's principal", async () => {
    const id = await declaration();
    for (const who of [colleague, principal, principalB]) {
      expect((await ctx.t.request(`/declarations/${id}/correct`, { cookie: who.cookie })).status).toBe(403);
      const post = await ctx.t.request(`/declarations/${id}/correct`, {
        cookie: who.cookie,
        form: { contact: "other", contactName: "x", platforms: "Facebook" },
      });
      expect(post.status).toBe(403);
    }
    expect((await stored(id)).status).toBe("awaiting-review");
  });
});
