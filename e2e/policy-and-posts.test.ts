// The policy page and the post check in a browser: a principal reads the live policy with its
// controls and gaps, follows a clause's stable link, and reads who must do what; a member of staff
// checks a post and sees the words marked. axe-core runs on every page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoResult } from "../src/core/people/load-demo-trust";
import { loadDemo } from "../src/demo";
import { type Journey, settle, startJourney, visit } from "./browser";
import { signInToDemo } from "./fixtures";

let j: Journey;
let demo: DemoResult;

beforeAll(async () => {
  j = await startJourney({
    prepare: async (database) => {
      demo = await loadDemo({ db: database.db, asOf: new Date() });
    },
  });
});
afterAll(async () => j?.close());

const signIn = (role: string) => signInToDemo(j.page, demo, role);

describe("the policy and the post check, in a browser", () => {
  it("shows a principal the live policy, follows a clause link, and lists responsibilities", async () => {
    const { page } = j;
    await signIn("Principal (Summit High)");
    await visit(page, "/policy");
    await expect(page.locator("h1").textContent()).resolves.toContain("Social Media Policy");
    await expect(page.locator("main").textContent()).resolves.toMatch(
      /Of 61 clauses, \d+ ask something of someone: \d+ have a\s+working control/,
    );
    // 8.3.2 is put into practice by the evidence vault, 3.1.1 by acknowledgement; 3.1.3 waits for
    // concerns and cases (a gap).
    await expect(page.locator("#clause-8-3-2").textContent()).resolves.toContain("Evidence vault");
    await expect(page.locator("#clause-3-1-1 .controls").textContent()).resolves.toContain(
      "Acknowledgement of the policy",
    );
    await expect(page.locator("#clause-3-1-3 .controls").textContent()).resolves.toContain(
      "Concerns and cases",
    );
    await expect(page.locator("main").textContent()).resolves.toContain("The review is overdue");

    await settle(page, () => page.click('a[href="/policy/clause/8.3"]'));
    expect(new URL(page.url()).pathname).toBe("/policy/clause/8.3");
    await expect(page.locator("h1").textContent()).resolves.toBe("Clause 8.3");
    await expect(page.locator("main").textContent()).resolves.toContain(
      "ex-pupils until they reach the age of 18",
    );

    await visit(page, "/policy/responsibilities");
    await expect(page.locator("table caption").textContent()).resolves.toContain("Responsibilities");
  });

  it("lets a member of staff check a post and see the pupil's name marked", async () => {
    const { page } = j;
    await signIn("Member of staff");
    await visit(page, "/posts/check");
    await page.check('input[name="context"][value="professional"]');
    await page.fill("#text", "Huge congratulations to Tom Dickson for his science fair win!");
    await settle(page, () => page.click("#post-check-form button[type=submit]"));
    await expect(page.locator("#result-heading").textContent()).resolves.toContain("Do not post");
    await expect(page.locator("mark.finding").first().textContent()).resolves.toBe("Tom Dickson");
    await expect(page.locator(".findings").textContent()).resolves.toContain("7.3");
  });

  it("lets staff give a post as an example with consent, and shows it to the trust administrator", async () => {
    const { page } = j;
    await signIn("Member of staff");
    await visit(page, "/posts/check");
    await page.check('input[name="context"][value="personal"]');
    await page.fill("#text", "The kids in my form were absolute stars on the trip today");
    await settle(page, () => page.click("#post-check-form button[type=submit]"));
    await page.click(".this-is-wrong summary");
    await page.check('.this-is-wrong input[name="consent"]');
    await settle(page, () => page.click(".this-is-wrong button[type=submit]"));
    await expect(page.locator("main").textContent()).resolves.toContain("Thank you");
    await signIn("Trust administrator");
    await visit(page, "/admin/post-examples");
    await expect(page.locator("main table").textContent()).resolves.toContain("absolute stars");
    await expect(page.locator("#today-heading").textContent()).resolves.toContain("Today's check");
    await visit(page, "/admin/post-examples?reason=dismissed");
    await expect(page.locator("main").textContent()).resolves.not.toContain("absolute stars");
  });
});

describe("the post check as you type", () => {
  it("shows findings in a live region before the form is sent, and counts no check", async () => {
    const { page } = j;
    await signIn("Member of staff");
    await visit(page, "/posts/check");
    await page.fill("#text", "Anne Smith was brilliant in assembly today");
    await page.waitForSelector("#live-check li", { timeout: 10_000 });
    await expect(page.locator("#live-check").textContent()).resolves.toContain("Do not post");
    await expect(page.locator("#live-check").getAttribute("aria-live")).resolves.toBe("polite");
  });
});
