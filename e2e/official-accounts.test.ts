// Official accounts in a browser: a principal registers an account and gives a teacher permission
// to post; the teacher drafts, the post check's findings show beside the draft; the principal asks
// for changes, approves the revision; the teacher records the publication. And the refusals: no
// grant, an expired grant, another school's leader granting, a leader approving their own draft.
// axe checks every page.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { officialAccounts, officialPosts, postingGrants } from "../src/accounts/schema";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";
import { buildTrust, HILL_HIGH, type PersonSpec, signIn as signInThrough } from "./fixtures";

const people = {
  teacher: { email: "sam.teacher@hillhigh.example.org", name: "Sam Teacher", role: "staff" },
  other: { email: "alex.other@hillhigh.example.org", name: "Alex Other", role: "staff" },
  lapsed: { email: "lee.lapsed@hillhigh.example.org", name: "Lee Lapsed", role: "staff" },
  principal: {
    email: "pat.principal@hillhigh.example.org",
    name: "Pat Principal",
    role: "principal",
  },
  senior: {
    email: "sky.senior@hillhigh.example.org",
    name: "Sky Senior",
    role: "senior-leader",
  },
  principalB: {
    email: "bo.principal@valley.example.org",
    name: "Bo Principal",
    role: "principal",
    school: "valley",
  },
} satisfies Record<string, PersonSpec>;
const ids: Record<string, string> = {};
let j: Journey;
let accountId = "";

beforeAll(async () => {
  j = await startJourney({
    prepare: async ({ db }) => {
      const built = await buildTrust(db, {
        schools: [HILL_HIGH, { slug: "valley", name: "Valley Primary", phase: "primary" }],
        people,
      });
      for (const [key, person] of Object.entries(built.people)) ids[key] = person.userId;
    },
  });
});
afterAll(async () => j?.close());

const signIn = (email: string) => signInThrough(j.page, email);

/** A form post from the signed-in page, as a browser without the form on screen would send it. */
async function postForm(path: string, form: Record<string, string>) {
  return j.page.request.post(path, { form, headers: { origin: j.url }, maxRedirects: 0 });
}

describe("official accounts and approval of official posts, in a browser", () => {
  it("lets the principal register an account, refusing a personal login first", async () => {
    const { page } = j;
    await signIn(people.principal.email);
    await visit(page, "/accounts");
    await settle(page, () => page.click("main a[href='/accounts/new']"));
    await page.fill("#platform", "Instagram");
    await page.fill("#handle", "@HillHighPE");
    await page.fill("#link", "https://instagram.com/hillhighpe");
    await page.fill("#purpose", "PE news and fixtures");
    await page.selectOption("#ownerId", { label: `${people.teacher.name} (${people.teacher.email})` });
    await page.fill("#loginEmail", "hillhighpe@gmail.com");
    await page.check("input[name=mfaEnabled][value=yes]");
    await page.fill("#recoveryContacts", "School business manager");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    await expect(page.locator(".error-summary").textContent()).resolves.toContain(
      "The login must be on a school email (5.3), not gmail.com",
    );
    await page.fill("#loginEmail", "pe-socials@hillhigh.example.org");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
    accountId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.locator("h1").textContent()).resolves.toBe("@HillHighPE on Instagram");
  });

  it("gives the teacher permission to post, who sees it", async () => {
    const { page } = j;
    await page.selectOption("#granteeId", { label: `${people.teacher.name} (${people.teacher.email})` });
    await page.check("input[name=scope][value=draft-and-publish]");
    await page.fill("#expiresOn", new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    await page.fill("#reason", "Runs the PE department's news");
    await settle(page, () => page.click(`form[action='/accounts/${accountId}/grants'] button[type=submit]`));
    await expect(page.locator(".flash").textContent()).resolves.toContain("Permission to post is given");
    const rows = await tableRows(page, "Permissions to post on this account");
    expect(rows[0]![0]).toBe(people.teacher.name);
    expect(rows[0]![5]).toBe("Live");
  });

  it("refuses another school's leader trying to grant", async () => {
    await signIn(people.principalB.email);
    const page404 = await visit(j.page, `/accounts/${accountId}`);
    expect(page404.status()).toBe(404);
    const res = await postForm(`/accounts/${accountId}/grants`, {
      granteeId: ids.other!,
      scope: "draft-only",
      expiresOn: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      reason: "Trying",
    });
    expect(res.status()).toBe(403);
    const text = await res.text();
    expect(text).toContain("clause 5.1");
    expect(text).toContain("Pat Principal, Sky Senior");
    expect(await j.database.db.select().from(postingGrants)).toHaveLength(1);
  });

  it("refuses a member of staff without a grant, and one whose grant expired", async () => {
    const { page } = j;
    await signIn(people.other.email);
    const none = await visit(page, `/official-posts/new?account=${accountId}`);
    expect(none.status()).toBe(403);
    const said = await page.locator("main").textContent();
    expect(said).toContain("You do not have permission to post on @HillHighPE");
    expect(said).toContain("Clause 5.1");
    expect(said).toContain("Pat Principal, Sky Senior");

    await j.database.db.insert(postingGrants).values({
      accountId,
      granteeId: ids.lapsed!,
      grantedById: ids.principal!,
      scope: "draft-only",
      reason: "Summer fair",
      expiresOn: "2025-07-18",
    });
    await signIn(people.lapsed.email);
    await visit(page, "/my-posting");
    const rows = await tableRows(page, "Your permissions to post");
    expect(rows[0]![4]).toBe("Expired");
    const expired = await visit(page, `/official-posts/new?account=${accountId}`);
    expect(expired.status()).toBe(403);
    await expect(page.locator("main").textContent()).resolves.toContain("has ended (expired)");
  });

  let postPath = "";
  it("lets the teacher draft, and shows the post check's findings beside the draft", async () => {
    const { page } = j;
    await signIn(people.teacher.email);
    await visit(page, "/my-posting");
    await settle(page, () => page.click(`main a[href='/official-posts/new?account=${accountId}']`));
    await page.fill("#text", "Loving my holiday in Crete! Fixtures resume on Monday.");
    await page.fill("#plannedAt", "2030-01-06T09:00");
    await page.fill("#altTexts", "The under-14 team with the county cup");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    postPath = new URL(page.url()).pathname;
    expect(postPath).toMatch(/^\/official-posts\/[0-9a-f-]{36}$/);
    await expect(page.locator("mark.finding").first().textContent()).resolves.toBe("my holiday");
    await expect(page.locator("#findings-heading").textContent()).resolves.toContain("Do not post");
    await expect(page.locator("ol.findings a[href='/policy/clause/8.2.1']").count()).resolves.toBe(1);
  });

  it("lets the principal see the findings and ask for changes", async () => {
    const { page } = j;
    await signIn(people.principal.email);
    // The home page lists the draft to approve.
    await expect(page.locator("main").textContent()).resolves.toContain(
      "Posts for official accounts waiting for your approval",
    );
    await visit(page, "/official-posts/review");
    const rows = await tableRows(page, "Drafts waiting for approval");
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]).toBe(people.teacher.name);
    await settle(page, () => page.click(`main a[href='${postPath}']`));
    await expect(page.locator(".side-by-side mark.finding").textContent()).resolves.toBe("my holiday");
    await expect(page.locator(".side-by-side ol.findings").textContent()).resolves.toContain("clause 8.2.1");
    await page.check("input[name=decision][value=changes]");
    await settle(page, () => page.click(`form[action='${postPath}/review'] button[type=submit]`));
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("Say what should change");
    await page.check("input[name=decision][value=changes]");
    await page.fill("#comment", "Keep your holiday for your own account, please.");
    await settle(page, () => page.click(`form[action='${postPath}/review'] button[type=submit]`));
    await expect(page.locator(".flash").textContent()).resolves.toContain("Changes are asked for");
  });

  it("lets the teacher revise, the principal approve, and the teacher record publication", async () => {
    const { page } = j;
    await signIn(people.teacher.email);
    await visit(page, postPath);
    await expect(page.locator("main").textContent()).resolves.toContain(
      "Keep your holiday for your own account",
    );
    await page.fill("#text", "Fixtures resume on Monday. Good luck to the under-14s!");
    await settle(page, () => page.click(`form[action='${postPath}/revise'] button[type=submit]`));
    await expect(page.locator("#findings-heading").textContent()).resolves.toContain("Clear");

    await signIn(people.principal.email);
    await visit(page, postPath);
    await page.check("input[name=decision][value=approve]");
    await settle(page, () => page.click(`form[action='${postPath}/review'] button[type=submit]`));
    await expect(page.locator(".flash").textContent()).resolves.toContain("The post is approved");

    await signIn(people.teacher.email);
    await visit(page, postPath);
    await page.fill("#url", "https://instagram.com/p/fixtures");
    await settle(page, () => page.click(`form[action='${postPath}/published'] button[type=submit]`));
    await expect(page.locator(".flash").textContent()).resolves.toContain("recorded as published");
    const id = postPath.split("/").pop()!;
    const [post] = await j.database.db.select().from(officialPosts).where(eq(officialPosts.id, id));
    expect(post!.status).toBe("published");
    expect(post!.reviewerId).toBe(ids.principal);
    expect(post!.approvedText).toBe("Fixtures resume on Monday. Good luck to the under-14s!");
    expect(post!.publishedUrl).toBe("https://instagram.com/p/fixtures");
    // My record counts what this capability holds about the teacher.
    await visit(page, "/me");
    await expect(page.locator("main").textContent()).resolves.toContain(
      "Permissions to post on official accounts",
    );
  });

  it("does not let a leader approve their own draft", async () => {
    const { page } = j;
    await j.database.db.insert(postingGrants).values({
      accountId,
      granteeId: ids.principal!,
      grantedById: ids.senior!,
      scope: "draft-only",
      reason: "Cover",
      expiresOn: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
    });
    await signIn(people.principal.email);
    await visit(page, `/official-posts/new?account=${accountId}`);
    await page.fill("#text", "Sports day is on Friday.");
    await page.fill("#plannedAt", "2030-02-01T09:00");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    const own = new URL(page.url()).pathname;
    await expect(page.locator("main").textContent()).resolves.toContain(
      "You drafted this post: another leader of the school must approve it.",
    );
    await expect(page.locator(`form[action='${own}/review']`).count()).resolves.toBe(0);
    const res = await postForm(`${own}/review`, { decision: "approve" });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("You cannot approve your own draft");
    const [account] = await j.database.db
      .select()
      .from(officialAccounts)
      .where(eq(officialAccounts.id, accountId));
    expect(account!.handle).toBe("@HillHighPE");
  });

  it("keeps the registers of platforms and sites, and works on a 375 px phone", async () => {
    const { page } = j;
    await visit(page, "/accounts/platforms");
    await page.fill("#platform", "Google Classroom");
    await page.fill("#yearGroups", "Years 7 to 11");
    await page.fill("#purpose", "Homework and class materials");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    const rows = await tableRows(page, "Sanctioned platforms");
    expect(rows[0]!.slice(0, 4)).toEqual([
      "Hill High",
      "Google Classroom",
      "Years 7 to 11",
      "Homework and class materials",
    ]);
    await visit(page, "/accounts/sites");
    await page.fill("#site", "youtube.com");
    await page.fill("#decidedBy", "Pat Principal, head teacher");
    await page.fill("#reason", "Teaching videos");
    await page.fill("#decidedOn", "2026-09-01");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    expect((await tableRows(page, "Sites on school devices"))[0]![1]).toBe("youtube.com");
    await page.setViewportSize({ width: 375, height: 800 });
    await visit(page, `/accounts/${accountId}`);
    // Nothing makes the page scroll sideways; a wide table scrolls inside its own box.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    // The draft and its findings stack on a phone.
    await visit(page, postPath);
    await expect(page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).resolves.toBe(
      false,
    );
    await visit(page, "/my-posting");
  });
});
