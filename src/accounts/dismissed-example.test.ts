// Learning from use at approval: a leader who approves an official post despite the post check's
// findings may give it to the trust as a "dismissed" example, only with the consent box ticked;
// nothing is kept otherwise, nor when they ask for changes, and a bad clause number is refused.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { postExamples } from "../posts/schema";
import { officialAccounts, officialPosts, postingGrants } from "./schema";

const ctx = useTestTrust();
let principalA: SignedIn;
let teacher: SignedIn;
let accountId = "";
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  principalA = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
  teacher = await signInAs(ctx.t, "staff", { schoolId: ctx.trust.schoolA.id });
  const [account] = await ctx.t.database.db
    .insert(officialAccounts)
    .values({
      schoolId: ctx.trust.schoolA.id,
      platform: "Instagram",
      handle: "@SchoolANews",
      link: "https://instagram.com/schoolanews",
      purpose: "School news",
      ownerId: principalA.userId,
      loginEmail: "news@test.example.org",
      mfaEnabled: true,
      recoveryContacts: "Office",
    })
    .returning();
  accountId = account!.id;
  await ctx.t.database.db.insert(postingGrants).values({
    accountId,
    granteeId: teacher.userId,
    grantedById: principalA.userId,
    scope: "draft-only",
    reason: "News",
    expiresOn: future(30),
  });
});

async function draft(text: string): Promise<string> {
  const res = await ctx.t.request(`/official-posts/new?account=${accountId}`, {
    cookie: teacher.cookie,
    form: { text, plannedAt: "2030-01-06T09:00" },
  });
  expect(res.status).toBe(303);
  const id = res.headers.get("location")!.split("/").pop()!;
  const [post] = await ctx.t.database.db.select().from(officialPosts).where(eq(officialPosts.id, id));
  expect(post!.check.findings.length).toBeGreaterThan(0);
  return id;
}

describe("giving a dismissed finding as an example when approving", () => {
  it("offers the consent box to the approving leader when the check found something", async () => {
    const id = await draft("Loving my holiday in Crete! Fixtures resume Monday.");
    const page = await (await ctx.t.request(`/official-posts/${id}`, { cookie: principalA.cookie })).text();
    expect(page).toContain('name="exampleConsent"');
    expect(page).toContain("Was the post check wrong about this draft?");
  });

  it("keeps nothing when the box is not ticked, or when the leader asks for changes", async () => {
    const id = await draft("Loving my holiday in Spain! Fixtures resume Tuesday.");
    const changes = await ctx.t.request(`/official-posts/${id}/review`, {
      cookie: principalA.cookie,
      form: { decision: "changes", comment: "Say more", exampleConsent: "yes" },
    });
    expect(changes.status).toBe(303);
    const other = await draft("Loving my holiday in Wales! Match on Friday.");
    const approved = await ctx.t.request(`/official-posts/${other}/review`, {
      cookie: principalA.cookie,
      form: { decision: "approve", exampleClauses: "" },
    });
    expect(approved.status).toBe(303);
    expect(await ctx.t.database.db.select().from(postExamples)).toEqual([]);
  });

  it("refuses a bad clause number without recording the decision", async () => {
    const id = await draft("Loving my holiday in Crete! Fixtures resume Monday.");
    const res = await ctx.t.request(`/official-posts/${id}/review`, {
      cookie: principalA.cookie,
      form: { decision: "approve", exampleConsent: "yes", exampleClauses: "five" },
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("is not a clause number");
    const [post] = await ctx.t.database.db.select().from(officialPosts).where(eq(officialPosts.id, id));
    expect(post!.status).toBe("awaiting-approval");
    expect(await ctx.t.database.db.select().from(postExamples)).toEqual([]);
  });

  it("keeps the approved post with consent: the leader as giver, their clauses and the checker's, audited", async () => {
    const text = "Loving my holiday in Rome! Fixtures resume Monday.";
    const id = await draft(text);
    const res = await ctx.t.request(`/official-posts/${id}/review`, {
      cookie: principalA.cookie,
      form: { decision: "approve", exampleConsent: "yes", exampleClauses: "" },
    });
    expect(res.status).toBe(303);
    const rows = await ctx.t.database.db.select().from(postExamples);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      submittedBy: principalA.userId,
      schoolId: ctx.trust.schoolA.id,
      context: "official",
      text,
      clauses: [],
      reason: "dismissed",
    });
    expect(rows[0]!.checkerClauses.length).toBeGreaterThan(0);
    const audit = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "post-example.submitted"));
    expect(audit.map((a) => a.actorId)).toEqual([principalA.userId]);
  });
});
