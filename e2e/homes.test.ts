// Each role's home page in a browser: what needs them today, the DSL's safeguarding first, a
// trustee's numbers without names, a member of staff on a phone. axe-core checks every page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type DemoResult } from "../src/core/people/load-demo-trust";
import { loadDemo } from "../src/demo";
import { type Journey, settle, startJourney, visit } from "./browser";

let j: Journey;
let demo: DemoResult;

beforeAll(async () => {
  j = await startJourney({
    prepare: async (database) => {
      demo = await loadDemo({ db: database.db, asOf: new Date() });
    },
  });
  j.page.setDefaultNavigationTimeout(30_000);
  j.page.setDefaultTimeout(30_000);
}, 120_000);
afterAll(async () => j?.close());

/** Signs in and lands on the home page (settle runs axe on it). */
async function homeOf(role: string) {
  const who = demo.signIns.find((s) => s.role === role);
  if (!who) throw new Error(`The demo has no sign-in for ${role}`);
  const { page } = j;
  await j.context.clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", who.email);
  await page.fill("#password", DEMO_PASSWORD);
  await settle(page, () => page.click("main button[type=submit]"));
  await visit(page, "/");
  return { page, headings: await page.locator("main h2").allTextContents(), who };
}

describe("home pages by role", () => {
  it("shows a member of staff what needs them, on a 375 px phone", async () => {
    await j.page.setViewportSize({ width: 375, height: 800 });
    const { page, headings } = await homeOf("Member of staff");
    expect(headings).toContain("What needs you today");
    expect(headings).not.toContain("Safeguarding");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(375);
    await j.page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it("shows a principal their school's items and head counts", async () => {
    const { page, headings } = await homeOf("Principal (Summit High)");
    expect(headings).toContain("What needs you today");
    await expect(page.locator("main caption", { hasText: "Your school" }).count()).resolves.toBe(1);
  }, 60_000);

  it("shows the DSL safeguarding first", async () => {
    const { headings } = await homeOf("Designated safeguarding lead");
    expect(headings[0]).toBe("Safeguarding");
  }, 60_000);

  it("shows a trustee the trust in numbers with no names", async () => {
    const { page, headings } = await homeOf("Trustee");
    expect(headings.some((h) => h.startsWith("The trust in numbers"))).toBe(true);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const s of demo.signIns.filter((s) => s.role !== "Trustee")) expect(text).not.toContain(s.name);
    expect(text).not.toContain("Pupils on roll");
  }, 60_000);
});
