// The demo trust in a browser: a principal sees the trust's schools and their own school's people
// but not another school's; a member of staff sees no one's records. Every page is checked by axe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoTrust } from "../src/core/people/generate-demo-trust";
import { DEMO_PASSWORD, type DemoResult } from "../src/core/people/load-demo-trust";
import { loadDemo } from "../src/demo";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";

const asOf = new Date();
let j: Journey;
let demo: DemoResult;

beforeAll(async () => {
  j = await startJourney({
    prepare: async (database) => {
      demo = await loadDemo({ db: database.db, asOf });
    },
  });
});
afterAll(async () => j?.close());

function signInFor(role: string) {
  const found = demo.signIns.find((s) => s.role === role);
  if (!found) throw new Error(`The demo has no sign-in for ${role}`);
  return found;
}

async function signIn(email: string) {
  const { page } = j;
  await j.context.clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await settle(page, () => page.click("main button[type=submit]"));
  expect(new URL(page.url()).pathname).toBe("/");
}

describe("the demo trust, in a browser", () => {
  it("shows a principal their own school with counts, and only their own school's people", async () => {
    const { page } = j;
    const principal = signInFor("Principal (Summit High)");
    await signIn(principal.email);
    await expect(page.locator(".sign-out .who").textContent()).resolves.toBe(principal.name);

    // The counts the generator made: staff still in post today, and pupils on roll.
    const today = asOf.toISOString().slice(0, 10);
    const generated = generateDemoTrust({ seed: 1, asOf });
    const expected = generated.schools.map((s) => ({
      name: s.name,
      staff: generated.staff.filter((p) => p.schoolSlug === s.slug && (!p.leaveDate || p.leaveDate > today))
        .length,
      pupils: generated.pupils.filter((p) => p.schoolSlug === s.slug && !p.leftOn).length,
    }));
    // A principal's home counts their own school only (the trust's table is for trust-wide roles).
    const rows = await tableRows(page, "Head counts");
    expect(rows).toHaveLength(1);
    for (const school of expected.filter((s) => s.name === rows[0]![0])) {
      const row = rows.find((r) => r[0] === school.name);
      expect(row, school.name).toEqual([school.name, String(school.staff), String(school.pupils)]);
      expect(school.staff).toBeGreaterThan(0);
      expect(school.pupils).toBeGreaterThan(0);
    }
    if (process.env.CONDUCT_E2E_SCREENSHOT) {
      await page.screenshot({ path: process.env.CONDUCT_E2E_SCREENSHOT, fullPage: true });
    }

    // Only the principal's own school is a link; it opens on the school's people.
    const own = generated.schools.find((s) => s.slug === "summit-high")!;
    const other = generated.schools.find((s) => s.slug !== own.slug)!;
    await expect(page.locator(`main a[href="/people/${own.slug}"]`).count()).resolves.toBe(1);
    await expect(page.locator(`main a[href="/people/${other.slug}"]`).count()).resolves.toBe(0);
    await settle(page, () => page.click(`main a[href="/people/${own.slug}"]`));
    await expect(page.locator("h1").textContent()).resolves.toBe(own.name);
    const staffRows = await tableRows(page, "Staff and volunteers");
    expect(staffRows.some((r) => r[0] === principal.name)).toBe(true);
    // The senior leaders report to the principal, and the page names their line manager.
    expect(staffRows.filter((r) => r[3] === principal.name).length).toBeGreaterThan(0);

    // Another school's people are refused, on a page that says so.
    const refused = await visit(page, `/people/${other.slug}`);
    expect(refused.status()).toBe(403);
    await expect(page.locator("h1").textContent()).resolves.toBe("Not allowed");
    await expect(page.locator("main").textContent()).resolves.not.toContain(other.name);
  });

  it("keeps People out of a member of staff's navigation and refuses the page", async () => {
    const { page } = j;
    const member = signInFor("Member of staff");
    await signIn(member.email);
    const nav = await page.locator("nav[aria-label=Main] a").allTextContents();
    expect(nav).toContain("Home");
    expect(nav).toContain("My record");
    expect(nav).not.toContain("People");
    expect(nav).not.toContain("Administration");
    await expect(page.locator("main a[href^='/people/']").count()).resolves.toBe(0);
    const refused = await visit(page, "/people");
    expect(refused.status()).toBe(403);
    await expect(page.locator("h1").textContent()).resolves.toBe("Not allowed");
    await visit(page, "/me");
    await expect(page.locator("main").textContent()).resolves.toContain(member.email);
  });

  it("folds the navigation behind Menu on a phone, and shows it whole on a wide screen", async () => {
    const { page } = j;
    const link = page.locator("nav[aria-label=Main] a[href='/me']");
    await page.setViewportSize({ width: 375, height: 800 });
    await visit(page, "/");
    // The page's own content comes first on a phone: the links wait behind the disclosure.
    await expect(link.isVisible()).resolves.toBe(false);
    await page.click("nav[aria-label=Main] summary");
    await expect(link.isVisible()).resolves.toBe(true);
    await settle(page, () => link.click());
    expect(new URL(page.url()).pathname).toBe("/me");
    await page.setViewportSize({ width: 1280, height: 800 });
    await visit(page, "/");
    await expect(page.locator("nav[aria-label=Main] summary").isVisible()).resolves.toBe(false);
    await expect(link.isVisible()).resolves.toBe(true);
  });
});
