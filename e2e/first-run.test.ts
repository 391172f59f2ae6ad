// First run in a browser: set-up on an empty database, the pages an administrator sees first,
// signing out and in again, and the keyboard route past the header. Every page is checked by axe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAccessibility, focused, type Journey, settle, startJourney, visit } from "./browser";

const ADMIN = {
  trustName: "Northgate Learning Trust",
  schoolName: "Northgate Primary",
  adminName: "Amina Okafor",
  adminEmail: "amina.okafor@northgate.example.org",
  adminPassword: "a long and unrelated passphrase",
};

let j: Journey;

beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => j?.close());

describe("first run, in a browser", () => {
  // A long journey (set-up, seven pages with axe, two sign-ins): slow on a loaded machine.
  it("sets up the trust, shows the first pages, and signs out and in again", {
    timeout: 120_000,
  }, async () => {
    const { page } = j;

    // An empty database sends every page to set-up.
    await visit(page, "/");
    expect(new URL(page.url()).pathname).toBe("/setup");
    await expect(page.locator("h1").textContent()).resolves.toBe("Set up Conduct");

    // An empty form: the error summary lists each problem and takes focus.
    await settle(page, () => page.click("button[type=submit]"));
    const summary = page.locator(".error-summary");
    await expect(summary.isVisible()).resolves.toBe(true);
    const problems = await summary.locator("li a").allTextContents();
    expect(problems).toContain("Enter the trust's name.");
    expect(problems).toContain("Enter your name.");
    expect(problems.length).toBeGreaterThanOrEqual(4);
    expect((await focused(page)).className).toContain("error-summary");
    await expect(page.getAttribute("#trustName", "aria-invalid")).resolves.toBe("true");

    // Filled in properly: signed in, on the import page.
    await page.fill("#trustName", ADMIN.trustName);
    await page.fill("#schoolName", ADMIN.schoolName);
    await page.selectOption("#schoolPhase", "primary");
    await page.fill("#adminName", ADMIN.adminName);
    await page.fill("#adminEmail", ADMIN.adminEmail);
    await page.fill("#adminPassword", ADMIN.adminPassword);
    await settle(page, () => page.click("button[type=submit]"));
    expect(new URL(page.url()).pathname).toBe("/people/import");
    await expect(page.locator("h1").textContent()).resolves.toBe("Import people");
    await expect(page.locator(".sign-out .who").textContent()).resolves.toBe(ADMIN.adminName);

    const pages: [string, string][] = [
      ["/", ADMIN.trustName],
      ["/people", "People"],
      ["/me", "My record"],
      ["/admin", "Administration"],
      ["/admin/audit", "Audit trail"],
      ["/admin/roles", "Roles"],
      ["/admin/outbox", "Outbox"],
    ];
    for (const [path, heading] of pages) {
      const response = await visit(page, path);
      expect(response.status(), path).toBe(200);
      expect(new URL(page.url()).pathname, path).toBe(path);
      await expect(page.locator("h1").textContent(), path).resolves.toContain(heading);
    }
    await visit(page, "/");
    await expect(page.locator("table").first().textContent()).resolves.toContain(ADMIN.schoolName);

    // Sign out: back at the sign-in page, and the home page asks to sign in again.
    await settle(page, () => page.click(".sign-out button"));
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await expect(page.locator(".sign-out").count()).resolves.toBe(0);
    await visit(page, "/me");
    expect(new URL(page.url()).pathname).toBe("/sign-in");

    // A wrong password: the page says so, in a focused summary.
    await page.fill("#email", ADMIN.adminEmail);
    await page.fill("#password", "not the password at all");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator(".error-summary").textContent()).resolves.toContain(
      "The email address or password is not right.",
    );
    expect((await focused(page)).className).toContain("error-summary");
    await expect(page.inputValue("#email")).resolves.toBe(ADMIN.adminEmail);

    // The right password signs in, and returns to the page that asked for it.
    await page.fill("#password", ADMIN.adminPassword);
    await settle(page, () => page.click("main button[type=submit]"));
    expect(new URL(page.url()).pathname).toBe("/me");
    await expect(page.locator(".sign-out .who").textContent()).resolves.toBe(ADMIN.adminName);
    await expect(page.locator("main").textContent()).resolves.toContain(ADMIN.adminEmail);
  });

  it("makes the skip link the first Tab stop, and it moves focus to the main content", async () => {
    const { page } = j;
    await visit(page, "/");
    await page.keyboard.press("Tab");
    const first = await focused(page);
    expect(first.className).toBe("skip-link");
    expect(first.text).toBe("Skip to main content");
    // Visible when focused (it sits off-screen otherwise).
    const box = await page.locator(".skip-link").boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    await page.keyboard.press("Enter");
    const after = await focused(page);
    expect(after.tag).toBe("main");
    expect(after.id).toBe("main");
    // The next Tab continues inside the main content, not back in the header.
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => document.activeElement?.closest("main") !== null);
    expect(next).toBe(true);
    await checkAccessibility(page);
  });
});
