// The committee report, the trustees' dashboard and the exports page in a browser: a trustee reads
// every school in numbers and downloads the PDF; a principal reads their own school's report on a
// phone; the trust administrator finds the exports. axe-core checks every page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type DemoResult } from "../src/core/people/load-demo-trust";
import { loadDemo } from "../src/demo";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";

let j: Journey;
let demo: DemoResult;

beforeAll(async () => {
  j = await startJourney({
    prepare: async (database) => {
      demo = await loadDemo({ db: database.db, asOf: new Date() });
    },
  });
  // A report runs every capability's queries and draws its charts: on a loaded machine, seconds.
  j.page.setDefaultNavigationTimeout(30_000);
  j.page.setDefaultTimeout(30_000);
}, 120_000);
afterAll(async () => j?.close());

async function signIn(role: string) {
  const who = demo.signIns.find((s) => s.role === role);
  if (!who) throw new Error(`The demo has no sign-in for ${role}`);
  const { page } = j;
  await j.context.clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", who.email);
  await page.fill("#password", DEMO_PASSWORD);
  await settle(page, () => page.click("main button[type=submit]"));
}

describe("reports in a browser", () => {
  it("shows a trustee every school in numbers, and the report as a PDF", async () => {
    const { page } = j;
    await signIn("Trustee");
    await settle(page, () => page.click('header a[href="/trust-picture"]'));
    await expect(page.locator("h1").textContent()).resolves.toBe("Every school in numbers");
    const rows = await tableRows(page, "Acknowledged and not yet, by school");
    expect(rows.length).toBe(3);
    await expect(page.locator("main figure svg").count()).resolves.toBeGreaterThan(2);
    await settle(page, () => page.click('main a:text("The full committee report")'));
    await expect(page.locator("h1").textContent()).resolves.toContain("Committee report");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('main a:text("Download PDF")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^committee-report-trust-.*\.pdf$/);
    // A trustee gets no named register.
    const refused = await visit(page, "/exports/declarations.csv");
    expect(refused.status()).toBe(403);
  }, 60_000);

  it("gives a principal their own school's report, on a phone and from the keyboard", async () => {
    const { page } = j;
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn("Principal (Summit High)");
    await visit(page, "/report");
    await expect(page.locator("h1").textContent()).resolves.toBe("Committee report: Summit High");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Change the period and submit from the keyboard (a date field's typing order is the locale's).
    await page.fill("#from", "2025-09-01");
    await page.focus("#from");
    await settle(page, () => page.keyboard.press("Enter"));
    expect(new URL(page.url()).searchParams.get("from")).toBe("2025-09-01");
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it("lists the trust administrator's exports, with the whole trust's zip", async () => {
    const { page } = j;
    await signIn("Trust administrator");
    await visit(page, "/exports");
    await expect(page.locator('main a[href="/exports/trust.zip"]').count()).resolves.toBe(1);
    await expect(page.locator('main a[href="/exports/declarations.csv"]').count()).resolves.toBe(1);
  }, 60_000);
});
