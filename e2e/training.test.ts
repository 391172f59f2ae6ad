// Training and termly discussions in a browser: the principal records a briefing with one person
// ticked and one from an uploaded register (first with a bad row, reported by line), with slides;
// the member of staff sees it in My record; the trust admin schedules a termly discussion and the
// principal records it; the member of staff does the account privacy check-up, the principal sees
// only the count, and the trust admin edits the checklist. axe-core checks every page, including at
// a 375 px phone width.
import "../src/capabilities";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSchoolCalendar } from "../src/core/calendar/save-school-calendar";
import { schools, staff, trusts } from "../src/core/people/schema";
import { hashPassword } from "../src/platform/auth/passwords";
import { roleAssignments, users } from "../src/platform/auth/schema";
import { approvePolicyVersion } from "../src/policy/approve-policy-version";
import { importPolicyVersion } from "../src/policy/import-policy-version";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";

const PASSWORD = "a long journey password";
const summit = readFileSync(
  new URL("../src/policy/fixtures/summit-social-media-policy.txt", import.meta.url),
  "utf8",
);
const people = {
  staff: { email: "sam.teacher@school.example.org", name: "Sam Teacher" },
  other: { email: "kim.other@school.example.org", name: "Kim Other" },
  principal: { email: "pat.principal@school.example.org", name: "Pat Principal" },
  admin: { email: "ada.admin@trust.example.org", name: "Ada Admin" },
};
const today = new Date().toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
let j: Journey;

beforeAll(async () => {
  j = await startJourney({
    prepare: async ({ db }) => {
      const [trust] = await db
        .insert(trusts)
        .values({ name: "Journey Trust", slug: "journey-trust" })
        .returning();
      const [school] = await db
        .insert(schools)
        .values({ trustId: trust!.id, slug: "hill-high", name: "Hill High", phase: "secondary" })
        .returning();
      const passwordHash = await hashPassword(PASSWORD);
      for (const [key, person] of Object.entries(people)) {
        const [first, last] = person.name.split(" ");
        const [row] =
          key === "admin"
            ? [null]
            : await db
                .insert(staff)
                .values({
                  schoolId: school!.id,
                  externalId: person.email,
                  firstName: first!,
                  lastName: last!,
                  email: person.email,
                  jobTitle: "Teacher",
                  employment: "employee",
                  startDate: "2020-09-01",
                })
                .returning();
        const [user] = await db
          .insert(users)
          .values({ ...person, passwordHash, staffId: row?.id ?? null })
          .returning();
        const role = key === "admin" ? "trust-admin" : key === "principal" ? "principal" : "staff";
        await db
          .insert(roleAssignments)
          .values({ userId: user!.id, role, schoolId: key === "admin" ? null : school!.id });
      }
      // A term that holds today, so the discussion can be scheduled and recorded now.
      await saveSchoolCalendar({
        db,
        actor: { id: null, label: "test" },
        schoolId: school!.id,
        terms: [{ name: "This term", startsOn: `${year - 1}-01-01`, endsOn: `${year + 1}-12-31` }],
        closures: [],
      });
      const r = await importPolicyVersion({
        db,
        actor: { id: null, label: "test" },
        fileName: "v1.txt",
        bytes: Buffer.from(summit),
      });
      if (!r.ok) throw new Error(r.error.message);
      const ok = await approvePolicyVersion(
        db,
        { id: null, label: "test" },
        { versionId: r.versionId, approvingBody: "Board", approvalDate: today },
      );
      if (!ok.ok) throw new Error(ok.message);
    },
  });
});
afterAll(async () => j?.close());

async function signIn(email: string) {
  const { page } = j;
  await j.context.clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await settle(page, () => page.click("main button[type=submit]"));
}

describe("training and discussions, in a browser", () => {
  it("the principal records a briefing, fixing a bad register row", async () => {
    const { page } = j;
    await signIn(people.principal.email);
    await page.setViewportSize({ width: 375, height: 800 });
    await visit(page, "/training");
    expect(new URL(page.url()).pathname).toBe("/training/schools/hill-high");
    await settle(page, () => page.click("main a[href='/training/schools/hill-high/new']"));
    await page.fill("#title", "Autumn INSET briefing");
    await page.fill("#ledByName", "Outside trainer");
    await page.check("input[name=attendees] >> nth=0");
    await page.locator("main details summary").first().click();
    await page.locator("input[name=clauses]").first().check();
    await page.setInputFiles("#register", {
      name: "register.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Email\n${people.staff.email}\nnobody@school.example.org\n`),
    });
    await settle(page, () => page.click("main button[type=submit]"));
    expect(await tableRows(page, "Rows of the register that could not be used")).toEqual([
      ["3", "email", "nobody@school.example.org is not on this school's staff list."],
    ]);
    await page.fill("#title", "Autumn INSET briefing");
    await page.setInputFiles("#register", {
      name: "register.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Email\n${people.staff.email}\n`),
    });
    await page.setInputFiles("#materials", {
      name: "slides.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4 slides"),
    });
    await settle(page, () => page.click("main button[type=submit]"));
    expect(new URL(page.url()).pathname).toMatch(/^\/training\/schools\/hill-high\/sessions\/[0-9a-f-]{36}$/);
    const rows = await tableRows(page, "Who attended");
    expect(rows.map((r) => r[2]).sort()).toEqual(["Picked by name", "Uploaded register"]);
    await expect(page.locator("caption", { hasText: "Who attended" }).textContent()).resolves.toBe(
      "Who attended (2)",
    );
    await expect(page.locator("main a", { hasText: "slides.pdf" }).count()).resolves.toBe(1);
    await visit(page, "/training/schools/hill-high");
  });

  it("the member of staff sees their attendance in My record", async () => {
    const { page } = j;
    await signIn(people.other.email);
    await visit(page, "/me");
    await settle(page, () => page.click("main a[href='/training/mine']"));
    await expect(page.locator("main").textContent()).resolves.toContain("Autumn INSET briefing");
  });

  it("the trust admin schedules the termly discussion and the principal records it", async () => {
    const { page } = j;
    await signIn(people.admin.email);
    await visit(page, "/training/discussions");
    await settle(page, () =>
      page.click("main form[action='/training/discussions/schedule'] button[type=submit]"),
    );
    await expect(page.locator(".flash").textContent()).resolves.toContain("Scheduled at 1 school");
    await signIn(people.principal.email);
    await visit(page, "/training/discussions");
    await settle(page, () => page.click("main a:has-text('Record that it happened')"));
    await page.fill("#ledByName", "Pat Principal");
    await page.fill("#attended", "30");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator("main").textContent()).resolves.toContain("30 took part");
  });

  it("the member of staff does the privacy check-up; the principal sees a count; the admin edits the list", async () => {
    const { page } = j;
    await signIn(people.staff.email);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.click("nav summary"); // on a phone the links are behind "Menu"
    await settle(page, () => page.click("nav a[href='/training/privacy']"));
    await page.check("main input[name=none] >> nth=3");
    await page.check("main input[name=done] >> nth=0");
    await settle(page, () => page.click("main form[action='/training/privacy'] button[type=submit]"));
    await expect(page.locator(".flash").textContent()).resolves.toContain("Your check-up is saved");
    await expect(page.locator("main h3").textContent()).resolves.toBe("Still to do from your last check-up");
    await signIn(people.principal.email);
    await visit(page, "/training/privacy");
    await settle(page, () => page.click("main a[href='/training/privacy/schools']"));
    expect(await tableRows(page, "Staff who did the check-up, by school")).toEqual([["Hill High", "1", "3"]]);
    await signIn(people.admin.email);
    await visit(page, "/training/privacy/checklist");
    await page.fill("#checklist", "Mastodon\n- Your posts are visible to followers only");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator(".flash").textContent()).resolves.toContain("Saved version 1");
  });
});
