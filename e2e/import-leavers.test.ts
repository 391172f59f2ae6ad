// The import page in a browser: a staff file for one school that leaves people out lists them and
// asks whether they left; ticking one and giving a date records it. Every page is checked by axe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoTrust, peopleToCsv } from "../src/core/people/generate-demo-trust";
import { DEMO_PASSWORD, loadDemoTrust } from "../src/core/people/load-demo-trust";
import { type Journey, settle, startJourney, visit } from "./browser";

const asOf = new Date();
let j: Journey;

beforeAll(async () => {
  j = await startJourney({
    prepare: async (database) => void (await loadDemoTrust({ db: database.db, asOf })),
  });
});
afterAll(async () => j?.close());

describe("missing staff on the import page", () => {
  it("are listed after an import and can be recorded as left", { timeout: 60_000 }, async () => {
    const { page } = j;
    await visit(page, "/sign-in");
    await page.fill("#email", "admin@summit.example.org");
    await page.fill("#password", DEMO_PASSWORD);
    await settle(page, () => page.click("main button[type=submit]"));

    const primary = generateDemoTrust({ seed: 1, asOf }).staff.filter(
      (s) => s.schoolSlug === "summit-primary",
    );
    // Someone nobody reports to, so the file without them is still whole.
    const left = primary.findLast((s) => !primary.some((o) => o.lineManagerExternalId === s.externalId));
    const stayed = primary.filter((s) => s !== left);
    const csv = peopleToCsv({ kind: "staff", rows: stayed });
    await visit(page, "/people/import");
    await page.selectOption("#kind", "staff");
    await page.setInputFiles("#file", {
      name: "primary-staff.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.uncheck("input[name=dryRun]");
    await settle(page, () => page.click("form[enctype] button[type=submit]"));
    await expect(page.locator("#missing-heading").textContent()).resolves.toContain(
      "1 member of staff not in this file: have they left?",
    );
    const label = page.locator("#missing-heading ~ form label", { hasText: left!.lastName });
    await label.locator("input[type=checkbox]").check();
    // Yesterday: a date that has passed ends their sign-in at once.
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString("en-GB", {
      timeZone: "Europe/London",
    });
    await page.fill("#leaveDate", yesterday);
    await settle(page, () => page.click("#missing-heading ~ form button[type=submit]"));
    expect(new URL(page.url()).pathname).toBe("/people/import");
    const flash = (await page.locator("main").textContent()) ?? "";
    expect(flash).toContain(`1 person recorded as left on ${yesterday}; 1 lost their sign-in.`);
  });
});
