// The leader's register of declarations through the real routes: who may see it (and whose
// schools), each filter, paging, the CSV of exactly the filtered rows, and the audit trail (one row
// per page or download, not one per record).
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { users } from "../platform/auth/schema";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { parseRegisterFilters, REGISTER_PAGE_SIZE } from "./list-declaration-register";
import { declarationReplies, declarations } from "./schema";
import { type DeclarationValues, declarationValues } from "./test-support";

const ctx = useTestTrust();
let alice: SignedIn;
let bob: SignedIn;
let principal: SignedIn;
let principalB: SignedIn;
let staffB: SignedIn;
let admin: SignedIn;
let hr: SignedIn;

const row = (who: SignedIn, schoolId: string, overrides: Partial<DeclarationValues> = {}) =>
  declarationValues({ userId: who.userId, schoolId }, overrides);

beforeAll(async () => {
  const a = ctx.trust.schoolA.id;
  const b = ctx.trust.schoolB.id;
  alice = await signInAs(ctx.t, "staff", { schoolId: a });
  bob = await signInAs(ctx.t, "staff", { schoolId: a });
  principal = await signInAs(ctx.t, "principal", { schoolId: a });
  principalB = await signInAs(ctx.t, "principal", { schoolId: b });
  staffB = await signInAs(ctx.t, "staff", { schoolId: b });
  admin = await signInAs(ctx.t, "trust-admin");
  hr = await signInAs(ctx.t, "hr");
  const { db } = ctx.t.database;
  await db.update(users).set({ name: "Alice Ashworth" }).where(eq(users.id, alice.userId));
  await db.update(users).set({ name: "Bob O'Brien_x" }).where(eq(users.id, bob.userId));
  await db.insert(declarations).values([
    row(alice, a, {
      contactKind: "pupil",
      contactName: "Zara Quillfeather",
      verdict: "prohibited",
      clause: "8.3",
      status: "noted",
      createdAt: new Date("2025-01-10T12:00:00Z"),
    }),
    row(alice, a, {
      contactKind: "parent",
      contactName: "=HYPERLINK(1), Petra",
      verdict: "permitted-declare",
      clause: "8.4.1",
      createdAt: new Date("2025-03-01T00:30:00Z"),
    }),
    row(bob, a, { status: "withdrawn", createdAt: new Date("2025-05-05T10:00:00Z") }),
    row(staffB, b, { contactName: "School B contact", createdAt: new Date("2025-02-02T10:00:00Z") }),
  ]);
});

async function page(who: SignedIn, query = "") {
  const res = await ctx.t.request(`/declarations/register${query}`, { cookie: who.cookie });
  return { res, html: await res.text() };
}
const bodyOf = (html: string) => html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));

async function csv(who: SignedIn, query = "") {
  const res = await ctx.t.request(`/declarations/register.csv${query}`, { cookie: who.cookie });
  const text = await res.text();
  return { res, text, lines: text.split("\r\n").filter(Boolean) };
}

describe("who may open the register", () => {
  it("refuses a member of staff the page and the CSV", async () => {
    expect((await page(alice)).res.status).toBe(403);
    expect((await csv(alice)).res.status).toBe(403);
  });

  it("shows a principal their own school's declarations only, reviewed and withdrawn ones included", async () => {
    const { res, html } = await page(principal);
    expect(res.status).toBe(200);
    const body = bodyOf(html);
    expect(body).toContain("Alice Ashworth");
    expect(body).toContain("Noted by a leader");
    expect(body).toContain("Withdrawn");
    expect(body).not.toContain("School B");
    expect(html).toContain("3 declarations.");
  });

  it("refuses another school's principal who asks for this school, on the page and in the CSV", async () => {
    const q = `?school=${ctx.trust.schoolA.id}`;
    expect((await page(principalB, q)).res.status).toBe(403);
    expect((await csv(principalB, q)).res.status).toBe(403);
    const own = bodyOf((await page(principalB)).html);
    expect(own).toContain("School B");
    expect(own).not.toContain("Alice Ashworth");
  });

  it("shows the trust admin every school, with a school filter", async () => {
    const all = await page(admin);
    expect(all.html).toContain("4 declarations.");
    expect(all.html).toContain('<option value="' + ctx.trust.schoolB.id + '"');
    const onlyB = bodyOf((await page(admin, `?school=${ctx.trust.schoolB.id}`)).html);
    expect(onlyB).toContain("School B");
    expect(onlyB).not.toContain("Alice Ashworth");
  });

  it("follows the permission matrix for HR (declarations.review does not include HR)", async () => {
    expect((await page(hr)).res.status).toBe(403);
  });
});

describe("filters", () => {
  const count = async (query: string) =>
    (bodyOf((await page(principal, query)).html).match(/<tr>/g) ?? []).length;

  it("filters by status, verdict and kind of contact", async () => {
    expect(await count("?status=withdrawn")).toBe(1);
    expect(await count("?verdict=prohibited")).toBe(1);
    expect(await count("?kind=parent")).toBe(1);
    expect(await count("?kind=parent&verdict=prohibited")).toBe(0);
  });

  it("filters by the day declared in the school's time zone", async () => {
    // 00:30 UTC on 1 March is 1 March in London (GMT), so it is in a range ending on 1 March.
    expect(await count("?from=2025-03-01&to=2025-03-01")).toBe(1);
    expect(await count("?from=2025-01-11")).toBe(2);
    expect(await count("?to=2025-01-10")).toBe(1);
  });

  it("searches the declarer's name, with % and _ taken literally", async () => {
    expect(await count("?q=ashw")).toBe(2);
    expect(await count("?q=o'brien_")).toBe(1);
    expect(await count("?q=%25")).toBe(0);
    expect(await count("?q=_")).toBe(1);
  });

  it("refuses a filter it cannot use, and says why", async () => {
    const bad = await page(principal, "?status=lost&from=2025-13-45");
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("Choose a status from the list");
    expect(bad.html).toContain("Give the date as day, month and year");
    const reversed = parseRegisterFilters({ from: "2025-05-01", to: "2025-04-01" });
    expect(reversed.problems.to).toContain("before its start");
  });
});

describe("the CSV", () => {
  it("holds exactly the filtered rows, formulas defused and commas quoted", async () => {
    const all = await csv(principal);
    expect(all.res.status).toBe(200);
    expect(all.res.headers.get("content-type")).toContain("text/csv");
    expect(all.lines[0]).toBe(
      "school,member_of_staff,contact_kind,contact_name,platforms,verdict,clause,status,declared_at,last_review,last_reviewed_at,replies",
    );
    expect(all.lines).toHaveLength(1 + 3);
    const parents = await csv(principal, "?kind=parent");
    expect(parents.lines).toHaveLength(2);
    expect(parents.lines[1]).toBe(
      `School A,Alice Ashworth,parent,"'=HYPERLINK(1), Petra",Instagram,permitted-declare,8.4.1,awaiting-review,2025-03-01T00:30:00.000Z,,,`,
    );
    expect(all.text).not.toContain("School B");
  });

  it("carries the member of staff's replies to a request for more information, each dated", async () => {
    const { db } = ctx.t.database;
    const [asked] = await db
      .insert(declarations)
      .values(
        row(alice, ctx.trust.schoolA.id, {
          contactName: "Replied contact",
          status: "awaiting-review",
          createdAt: new Date("2023-06-01T09:00:00Z"),
        }),
      )
      .returning();
    await db.insert(declarationReplies).values([
      {
        declarationId: asked!.id,
        authorId: alice.userId,
        text: "=We met at a choir, not at school",
        createdAt: new Date("2023-06-03T10:00:00Z"),
      },
      {
        declarationId: asked!.id,
        authorId: alice.userId,
        text: "And, since then, only online.",
        createdAt: new Date("2023-06-02T08:00:00Z"),
      },
    ]);
    const { lines } = await csv(principal, "?to=2023-12-31");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(
      `,"2023-06-02T08:00:00.000Z: And, since then, only online.\n2023-06-03T10:00:00.000Z: =We met at a choir, not at school"`,
    );
    await db.delete(declarations).where(eq(declarations.id, asked!.id));
  });
});

describe("paging and the audit trail", () => {
  it("pages 50 at a time, keeps the filters in the page links, and audits once per page", async () => {
    const many = Array.from({ length: REGISTER_PAGE_SIZE + 5 }, (_, i) =>
      row(bob, ctx.trust.schoolA.id, {
        contactName: `Bulk ${i}`,
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)),
      }),
    );
    await ctx.t.database.db.insert(declarations).values(many);
    const listed = () =>
      ctx.t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "declarations.listed"), eq(auditEvents.actorId, principal.userId)));
    const before = (await listed()).length;
    const first = await page(principal, "?to=2024-12-31");
    expect(bodyOf(first.html).match(/<tr>/g)).toHaveLength(REGISTER_PAGE_SIZE);
    expect(first.html).toContain("page 1 of 2");
    expect(first.html).toContain('href="/declarations/register?to=2024-12-31&amp;page=2"');
    const second = await page(principal, "?to=2024-12-31&page=2");
    expect(bodyOf(second.html).match(/<tr>/g)).toHaveLength(5);
    const after = await listed();
    expect(after).toHaveLength(before + 2);
    const last = after.at(-1)!;
    const detail = last.detail as { list: string; records: unknown[]; filters: Record<string, string> };
    expect(detail.list).toBe("register page 2");
    expect(detail.records).toHaveLength(5);
    expect(detail.filters).toEqual({ to: "2024-12-31" });

    // The CSV is every filtered row, not a page, and one audit row.
    const exports = () =>
      ctx.t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, "declarations.exported"), eq(auditEvents.actorId, principal.userId)),
        )
        .orderBy(auditEvents.seq);
    const exportsBefore = (await exports()).length;
    const exported = await csv(principal, "?to=2024-12-31");
    expect(exported.lines).toHaveLength(1 + REGISTER_PAGE_SIZE + 5);
    const exportsAfter = await exports();
    expect(exportsAfter).toHaveLength(exportsBefore + 1);
    expect((exportsAfter.at(-1)!.detail as { records: unknown[] }).records).toHaveLength(
      REGISTER_PAGE_SIZE + 5,
    );
    const [{ n }] = (await ctx.t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ["declaration.viewed"]))) as [{ n: number }];
    expect(n).toBe(0);
  });
});
