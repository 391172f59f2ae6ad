// A safeguarding concern in a browser: a member of staff reports it from a phone-sized window with
// JavaScript off; the DSL is emailed through a real SMTP server (no detail in the mail), enrols an
// authenticator app, steps up and opens the case; the principal of another school, a trustee and
// the member of staff the case is about are refused; the case lists each view. axe on every page.
import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concerns } from "../src/concerns/schema";
import { auditEvents } from "../src/platform/audit/schema";
import { bodyOf, startSmtp } from "../src/platform/testing/smtp-server";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";
import { buildTrust, HILL_HIGH, JOURNEY_PASSWORD, type PersonSpec, signIn } from "./fixtures";

const people = {
  reporter: { email: "sam.teacher@hill.example.org", name: "Sam Teacher", role: "staff" },
  subject: { email: "rob.subject@hill.example.org", name: "Rob Subject", role: "staff" },
  dsl: { email: "dee.lead@hill.example.org", name: "Dee Lead", role: "dsl" },
  principalB: { email: "pat.other@vale.example.org", name: "Pat Other", role: "principal", school: "vale" },
  // A trustee on the staff list only to have an account, as the import leaves them.
  trustee: {
    email: "terry.trustee@trust.example.org",
    name: "Terry Trustee",
    role: "trustee",
    staffAt: "hill-high",
  },
} satisfies Record<string, PersonSpec>;
let j: Journey;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let phone: BrowserContext;
let noScript: BrowserContext;
let subjectStaffId = "";
let secret = "";

beforeAll(async () => {
  smtp = await startSmtp();
  j = await startJourney({
    config: { smtpUrl: smtp.url },
    prepare: async ({ db }) => {
      const built = await buildTrust(db, {
        schools: [HILL_HIGH, { slug: "vale", name: "Vale Primary", phase: "primary" }],
        people,
      });
      subjectStaffId = built.people.subject.staffId!;
    },
  });
  // A phone, 375 px wide; and the same phone with JavaScript off (the form must not need it; axe
  // needs script, so it checks these pages in the first).
  const phoneSize = { width: 375, height: 740 };
  phone = await j.browser.newContext({ baseURL: j.url, viewport: phoneSize, bypassCSP: true });
  noScript = await j.browser.newContext({ baseURL: j.url, viewport: phoneSize, javaScriptEnabled: false });
  noScript.setDefaultTimeout(5_000);
  phone.setDefaultTimeout(5_000);
});
afterAll(async () => {
  await phone?.close();
  await noScript?.close();
  await j?.close();
  await smtp?.close();
});

async function fitsThePhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
}

describe("a safeguarding concern, in a browser", () => {
  let caseId = "";

  it("lets a member of staff report it from a phone-sized window", async () => {
    const page = await phone.newPage();
    await signIn(page, people.reporter.email);
    await visit(page, "/concerns/new");
    await fitsThePhone(page);
    await page.check("input[name=kind][value=child-at-risk]");
    await page.selectOption("#subjectStaffId", subjectStaffId);
    await page.fill("#whatHappened", "A pupil showed me messages from Rob asking to meet <b>alone</b>");
    await page.fill("#platform", "Instagram");
    await page.fill("#involved1", "Year 9 pupil (not on the list)");
    await settle(page, () => page.click("main form button[type=submit]"));
    expect(await page.locator(".flash").textContent()).toContain("sent to the Designated safeguarding lead");
    caseId = /\/concerns\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
    expect(caseId).not.toBe("");
    expect(await page.locator("main").textContent()).not.toContain("Instagram");
    await fitsThePhone(page);
    await page.close();
  });

  it("emails the DSL through SMTP, with no name and no detail", async () => {
    const deadline = Date.now() + 10_000;
    while (!smtp.received.some((m) => m.to.includes(people.dsl.email)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const mails = smtp.received.filter((m) => m.to.includes(people.dsl.email));
    expect(mails).toHaveLength(1);
    const body = bodyOf(mails[0]!.raw);
    expect(mails[0]!.raw).toMatch(/Subject: A safeguarding concern has been raised at Hill High/);
    expect(body).toContain(`/concerns/${caseId}`);
    for (const secret of ["Rob", "Instagram", "Year 9", "Sam", "alone"])
      expect(mails[0]!.raw).not.toContain(secret);
    // Nobody else was told, least of all the member of staff it is about.
    expect(smtp.received.some((m) => m.to.includes(people.subject.email))).toBe(false);
  });

  it("has the DSL enrol an authenticator app, step up and open the case", async () => {
    const { page } = j;
    await signIn(page, people.dsl.email);
    await settle(page, () => page.goto(`/concerns/${caseId}`));
    expect(new URL(page.url()).pathname).toBe("/step-up");
    await settle(page, () => page.click("main a[href^='/step-up/app']"));
    secret = (await page.locator("#totp-secret").textContent())!.trim();
    await page.fill("#code", authenticator.generate(secret));
    await settle(page, () => page.click("main form button[type=submit]"));
    expect(new URL(page.url()).pathname).toBe(`/concerns/${caseId}`);
    expect(await page.locator("#what-happened").textContent()).toBe(
      "A pupil showed me messages from Rob asking to meet <b>alone</b>",
    );
    expect(await page.locator("main").textContent()).toContain("Rob Subject");
  });

  it("refuses the principal of another school, a trustee and the member of staff it is about", async () => {
    const { page } = j;
    for (const who of [people.principalB, people.trustee, people.subject]) {
      await signIn(page, who.email);
      const res = await visit(page, `/concerns/${caseId}`);
      expect(res.status(), who.email).toBe(403);
      expect(await page.locator("main").textContent()).not.toContain("Instagram");
    }
  });

  it("lists each view on the case, and the audit trail holds them", async () => {
    const { page } = j;
    await signIn(page, people.dsl.email);
    // A new session steps up again, now with a code from the enrolled app.
    await settle(page, () => page.goto(`/concerns/${caseId}`));
    expect(new URL(page.url()).pathname).toBe("/step-up");
    await page.fill("#code", authenticator.generate(secret));
    await settle(page, () => page.click("main form button[type=submit]"));
    expect(new URL(page.url()).pathname).toBe(`/concerns/${caseId}`);
    const rows = await tableRows(page, "Views of this case");
    const opened = rows.filter((r) => r[2] === "Opened the case");
    const refused = rows.filter((r) => r[2] === "Was refused");
    expect(opened.map((r) => r[1])).toEqual([people.dsl.email, people.dsl.email]);
    expect(refused.map((r) => r[1]).sort()).toEqual(
      // The trustee is refused by the permission matrix before any case is looked up.
      [people.principalB.email, people.subject.email].sort(),
    );
    const audit = await j.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, caseId));
    expect(audit.filter((a) => a.action === "concern.viewed")).toHaveLength(2);
    const [row] = await j.database.db.select().from(concerns).where(eq(concerns.id, caseId));
    expect(row!.category).toBe("safeguarding");
  });

  it("takes a report with JavaScript off too", async () => {
    const page = await noScript.newPage();
    await page.goto("/sign-in");
    await page.fill("#email", people.reporter.email);
    await page.fill("#password", JOURNEY_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click("main button[type=submit]")]);
    await page.goto("/concerns/new");
    await page.check("input[name=kind][value=child-at-risk]");
    await page.fill("#whatHappened", "A second report, sent with JavaScript off");
    await Promise.all([page.waitForEvent("load"), page.click("main form button[type=submit]")]);
    expect(new URL(page.url()).pathname).toMatch(/^\/concerns\/[0-9a-f-]{36}$/);
    expect(await page.locator("main").textContent()).toContain("sent to the Designated safeguarding lead");
    await page.close();
  });
});
