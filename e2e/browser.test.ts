// The harness itself: the axe check must fail on a page with real problems, or every journey's
// "no violations" would mean nothing.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility, launchChromium } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe("checkAccessibility", () => {
  it("fails on serious problems and names the rule and the element", async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await page.setContent(
      `<!DOCTYPE html><html lang="en"><head><title>Bad</title></head><body><main>
        <h1>Bad page</h1>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
        <input type="text" id="unlabelled">
        <p style="color:#bbb;background:#fff">Faint text nobody can read</p>
      </main></body></html>`,
    );
    const error = await checkAccessibility(page).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toContain("image-alt");
    expect(error?.message).toContain("#no-alt");
    expect(error?.message).toContain("label");
    expect(error?.message).toContain("color-contrast");
    await page.close();
  });

  it("passes a plain, well-made page", async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await page.setContent(
      `<!DOCTYPE html><html lang="en"><head><title>Good</title></head><body><main>
        <h1>Good page</h1><label for="name">Name</label><input type="text" id="name">
      </main></body></html>`,
    );
    await expect(checkAccessibility(page)).resolves.toEqual([]);
    await page.close();
  });
});
