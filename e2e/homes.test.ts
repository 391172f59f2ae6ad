// Each role's home page in a browser: what needs them today, the DSL's safeguarding first, a
// trustee's numbers without names, a member of staff on a phone. axe-core checks every page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type DemoResult } from "../src/core/people/load-demo-trust";
import { loadDemo } from "../src/demo";
import { checkAccessibility, focused, type Journey, settle, startJourney, visit } from "./browser";

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
    await expect(page.locator("main caption", { hasText: "Head counts" }).count()).resolves.toBe(1);
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

/** Presses Tab until `done` holds (at most `limit` presses), checking each stop shows its focus. */
async function tabUntil(done: () => Promise<boolean>, limit = 80): Promise<number> {
  const { page } = j;
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    // Focus visible: the focused element matches :focus-visible and is drawn with a ring or outline.
    const shown = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return true;
      const style = getComputedStyle(el);
      return (
        el.matches(":focus-visible") &&
        ((style.outlineStyle !== "none" && style.outlineWidth !== "0px") || style.boxShadow !== "none")
      );
    });
    const now = await focused(page);
    expect(shown, `focus not visible on <${now.tag}> "${now.text.slice(0, 40)}"`).toBe(true);
    if (await done()) return presses;
  }
  throw new Error(`Tab did not reach it in ${limit} presses`);
}

/** Whether the focused element is this one (by CSS selector). */
const focusIs = (selector: string) => () =>
  j.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

describe("keyboard only: sign in and reach the most urgent thing, with Tab and Enter", () => {
  for (const role of [
    "Member of staff",
    "Principal (Summit High)",
    "Designated safeguarding lead",
    "Trustee",
  ])
    it(`as ${role}`, async () => {
      const who = demo.signIns.find((s) => s.role === role)!;
      const { page } = j;
      await j.context.clearCookies();
      await visit(page, "/sign-in");
      await tabUntil(focusIs("#email"));
      await page.keyboard.type(who.email);
      await tabUntil(focusIs("#password"));
      await page.keyboard.type(DEMO_PASSWORD);
      await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
      await visit(page, "/");
      // The first stop is the skip link; Enter on it moves focus to the main content.
      await tabUntil(focusIs("a.skip-link"), 1);
      await page.keyboard.press("Enter");
      expect((await focused(page)).tag).toBe("main");
      // The main action: the first (most urgent) thing in "what needs you", or the first link in main.
      const target = (await page.locator("main ul.needs a").count()) ? "main ul.needs a" : "main a";
      const href = await page.locator(target).first().getAttribute("href");
      expect(href).toBeTruthy();
      const presses = await tabUntil(() =>
        page.evaluate((h) => document.activeElement?.getAttribute("href") === h, href),
      );
      expect(presses).toBeLessThan(15);
      await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
      expect(new URL(page.url()).pathname).toBe(new URL(href!, page.url()).pathname);
      await checkAccessibility(page);
    }, 90_000);
});
