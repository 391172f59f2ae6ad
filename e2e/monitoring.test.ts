// Monitoring in a browser, as a DPO would want it: minutes seeded through the ingest function from
// a small generated log; the principal finds the school's report locked, records the DPO record
// (purpose, lawful basis, DPIA, privacy notice, named leader and governor), uploads a second log
// from the page (re-uploading it adds nothing), opens the heatmap, gives a reason and opens one
// person's detail; that person sees the look on their own page (who, when, why) and challenges a
// finding; the principal answers the challenge in their review, and the person reads the answer.
// Another school's principal and a trustee are refused the detail. axe-core on every page; the
// person's page and the report once more at a 375 px phone width.
import "../src/capabilities";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schools, staff, trusts } from "../src/core/people/schema";
import { ingestLog } from "../src/monitoring/ingest-log";
import { saveBellSchedule } from "../src/monitoring/school-rules";
import { bellsJson, type PlantedRequest, squidLine, storedMinutes } from "../src/monitoring/test-support";
import { auditEvents } from "../src/platform/audit/schema";
import { hashPassword } from "../src/platform/auth/passwords";
import { roleAssignments, users } from "../src/platform/auth/schema";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";

const PASSWORD = "a long journey password";
const people = {
  sam: { email: "sam.teacher@hill.example.org", name: "Sam Teacher", role: "staff", school: "a" },
  principal: { email: "pat.head@hill.example.org", name: "Pat Head", role: "principal", school: "a" },
  principalB: { email: "val.other@vale.example.org", name: "Val Other", role: "principal", school: "b" },
  trustee: { email: "terry.trustee@trust.example.org", name: "Terry Trustee", role: "trustee", school: null },
} as const;
const REASON = "Reviewing the finding for 30 March raised by the report";
const CHALLENGE = "I was on PPA that lesson; the timetable is wrong";
const ANSWER = "Thank you: the timetable was out of date and is corrected";
const REPORT = "/monitoring/schools/hill-high?from=2026-03-23&to=2026-04-05";
let j: Journey;

/** Requests twice a minute for `minutes` minutes from a school-local "YYYY-MM-DD HH:MM" (BST). */
function burst(start: string, minutes: number, host: string): PlantedRequest[] {
  const [date, time] = start.split(" ") as [string, string];
  const [h, m] = time.split(":").map(Number) as [number, number];
  const out: PlantedRequest[] = [];
  for (let i = 0; i < minutes; i++) {
    const at = h * 60 + m + i;
    const clock = `${String(Math.floor(at / 60)).padStart(2, "0")}:${String(at % 60).padStart(2, "0")}`;
    for (const s of ["10", "40"])
      out.push({ local: `${date} ${clock}:${s}`, ip: "10.1.0.9", user: people.sam.email, host });
  }
  return out;
}

// Seeded: Monday 30 March 2026, Period 1, ten minutes of Facebook with pupils present (a finding).
const seededLog = () => burst("2026-03-30 09:10", 10, "www.facebook.com").map(squidLine);
// Uploaded: Tuesday 31 March, lunch (5 minutes, allowed) and Period 2 (3 minutes with pupils
// present, a second finding), and one malformed line.
const uploadedLog = () =>
  [
    ...burst("2026-03-31 12:30", 5, "www.instagram.com").map(squidLine),
    "not a log line",
    ...burst("2026-03-31 10:15", 3, "www.tiktok.com").map(squidLine),
  ].join("\n");

beforeAll(async () => {
  j = await startJourney({
    prepare: async ({ db }) => {
      const [trust] = await db
        .insert(trusts)
        .values({ name: "Journey Trust", slug: "journey-trust" })
        .returning();
      const [a] = await db
        .insert(schools)
        .values({ trustId: trust!.id, slug: "hill-high", name: "Hill High", phase: "secondary" })
        .returning();
      const [b] = await db
        .insert(schools)
        .values({ trustId: trust!.id, slug: "vale", name: "Vale Primary", phase: "primary" })
        .returning();
      const passwordHash = await hashPassword(PASSWORD);
      let n = 0;
      for (const person of Object.values(people)) {
        const schoolId = person.school === "b" ? b!.id : a!.id;
        const [first, last] = person.name.split(" ") as [string, string];
        const [s] =
          person.school === null
            ? [null]
            : await db
                .insert(staff)
                .values({
                  schoolId,
                  externalId: `S${++n}`,
                  firstName: first,
                  lastName: last,
                  email: person.email,
                  jobTitle: "Teacher",
                  employment: "employee",
                  startDate: "2020-09-01",
                })
                .returning();
        const [u] = await db
          .insert(users)
          .values({ email: person.email, name: person.name, passwordHash, staffId: s?.id ?? null })
          .returning();
        await db
          .insert(roleAssignments)
          .values({ userId: u!.id, role: person.role, schoolId: person.school ? schoolId : null });
      }
      const saved = await saveBellSchedule({
        db,
        actor: { id: null, label: "journey" },
        schoolId: a!.id,
        jsonText: bellsJson,
        source: "bell.json",
      });
      if (!saved.ok) throw new Error(saved.errors.join("\n"));
      const dir = mkdtempSync(path.join(tmpdir(), "conduct-monitoring-journey-"));
      const file = path.join(dir, "access.log");
      writeFileSync(file, `${seededLog().join("\n")}\n`);
      const ingested = await ingestLog({
        db,
        actor: { id: null, label: "journey" },
        schoolSlug: "hill-high",
        source: file,
        format: "squid",
      });
      if (!ingested.ok) throw new Error(ingested.message);
      if (ingested.summary.minutesAdded !== 10) throw new Error(`seeded ${ingested.summary.minutesAdded}`);
    },
  });
});
afterAll(async () => {
  await j?.close();
});

async function signIn(page: Page, email: string) {
  await page.context().clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await settle(page, () => page.click("main button[type=submit]"));
  expect(new URL(page.url()).pathname).toBe("/");
}

async function fitsThePhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  // Named in the failure: what sticks out past the phone's edge.
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll("main *"))
      .filter((e) => e.getBoundingClientRect().right > 375)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()} ${(e.textContent ?? "").slice(0, 40)}`),
  );
  expect(width, wide.join("; ")).toBeLessThanOrEqual(375);
}

// Laid-out text, so a summary's term and value (dt, dd) come apart by a line break.
// biome-ignore lint/performance/useDomNodeTextContent: the summary is read as a person reads it
const main = (page: Page) => page.locator("main").innerText();

async function openDetail(page: Page, reason: string) {
  await visit(page, REPORT);
  await page.fill("#email", people.sam.email);
  await page.fill("#reason", reason);
  await settle(page, () => page.click("form[action$='/detail'] button[type=submit]"));
}

describe("monitoring a DPO would sign, in a browser", () => {
  it("keeps the school's report locked until the principal records the DPO record", async () => {
    const { page } = j;
    await signIn(page, people.principal.email);
    await visit(page, REPORT);
    const locked = await main(page);
    expect(locked).toContain("Reports are locked");
    expect(locked).toContain("the lawful basis");
    expect(await page.locator("svg[role=img]").count()).toBe(0);
    await settle(page, () => page.click("main a[href$='/dpo']"));
    expect(await main(page)).toContain("Still missing");
    await page.fill("#purpose", "Clauses 8.6.2 and 9.1: social media use on school equipment");
    await page.fill("#lawfulBasis", "Legitimate interests (UK GDPR art. 6(1)(f))");
    await page.fill("#dpiaReference", "DPIA-2026-07");
    await page.fill("#dpiaDate", "2026-01-10");
    await page.fill("#dpiaNextReview", "2027-01-10");
    await page.fill("#privacyNotice", "Staff privacy notice, section 6, on the staff portal");
    await page.fill("#privacyNoticeShownOn", "2026-01-15");
    await page.fill("#seniorLeader", "Pat Head");
    await page.fill("#governor", "Gail Governor");
    await page.fill("#annualReviewOn", "2026-09-01");
    await settle(page, () => page.click("main form button[type=submit]"));
    expect(await page.locator(".flash").textContent()).toContain("The DPO record is saved");
    expect(await main(page)).toContain("Reports are open.");
    expect(await page.inputValue("#dpiaReference")).toBe("DPIA-2026-07");
  });

  it("lets the principal upload a log from the page, and re-uploading it adds nothing", async () => {
    const { page } = j;
    await visit(page, REPORT);
    await settle(page, () => page.click("main a[href$='/ingest']"));
    const file = { name: "tuesday.log", mimeType: "text/plain", buffer: Buffer.from(uploadedLog()) };
    for (const [added, known] of [
      [8, 0],
      [0, 8],
    ] as const) {
      await page.selectOption("#format", "squid");
      await page.setInputFiles("#log", file);
      await settle(page, () => page.click("main form button[type=submit]"));
      const text = await main(page);
      expect(text).toMatch(new RegExp(`Social minutes added\\s+${added}\\b`));
      expect(text).toMatch(new RegExp(`Minutes already known\\s+${known}\\b`));
      expect(text).toMatch(/Malformed lines\s+1\b/);
      expect(text).toContain("tuesday.log:11:");
      if (added) await settle(page, () => page.click("main a[href$='/ingest']"));
    }
    const minutes = await storedMinutes(j.database.db);
    expect(minutes).toHaveLength(18);
    const ingests = await j.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.ingested"));
    expect(ingests.map((a) => a.actorLabel)).toEqual([
      "journey",
      people.principal.email,
      people.principal.email,
    ]);
  });

  it("shows the principal the heatmap without names, then one person's detail for a reason", async () => {
    const { page } = j;
    await visit(page, REPORT);
    const report = await main(page);
    expect(report).toContain("13 with pupils present");
    expect(report).toContain("5 allowed");
    expect(report).not.toContain(people.sam.name);
    expect(await page.locator("#heatmap-title").textContent()).toContain("by weekday and hour");
    await openDetail(page, REASON);
    const detail = await main(page);
    expect(detail).toContain(people.sam.name);
    expect(await tableRows(page, "active minutes by day")).toEqual([
      ["2026-03-30", "10", "0", "0"],
      ["2026-03-31", "3", "0", "5"],
    ]);
    expect(detail).toContain("clause 8.6.2: to review");
  });

  it("refuses the detail to another school's principal and to a trustee", async () => {
    const { page } = j;
    for (const who of [people.principalB, people.trustee]) {
      await signIn(page, who.email);
      const response = await visit(page, REPORT);
      expect(response.status(), who.email).toBe(403);
      expect(await main(page)).not.toContain(people.sam.name);
      const detail = await page.request.post("/monitoring/schools/hill-high/detail", {
        form: { email: people.sam.email, reason: REASON },
        headers: { origin: j.url },
      });
      expect(detail.status(), who.email).toBe(403);
      expect(await detail.text()).not.toContain(people.sam.name);
    }
    const looks = await j.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.detail-viewed"));
    expect(looks).toHaveLength(1);
  });

  it("shows Sam who looked, when and why, and takes his challenge, on a phone too", async () => {
    const phone = await j.browser.newContext({
      baseURL: j.url,
      viewport: { width: 375, height: 740 },
      bypassCSP: true,
    });
    const page = await phone.newPage();
    await signIn(page, people.sam.email);
    await visit(page, "/monitoring");
    await fitsThePhone(page);
    const own = await main(page);
    expect(own).toContain("Who looked at your monitoring data");
    expect(own).toContain(`${people.principal.name}, `);
    expect(own).toContain(REASON);
    const monday = page.locator("main li", { hasText: "2026-03-30, clause 8.6.2" });
    await monday.locator("textarea").fill(CHALLENGE);
    await settle(page, () => monday.locator("button[type=submit]").click());
    expect(await page.locator(".flash").textContent()).toContain("Your challenge is recorded");
    expect(await main(page)).toContain(`Challenge: ${CHALLENGE} (not answered yet)`);
    await fitsThePhone(page);
    await phone.close();
  });

  it("has the principal answer the challenge in the review, and Sam reads the answer", async () => {
    const { page } = j;
    await signIn(page, people.principal.email);
    await openDetail(page, "Answering Sam's challenge to the 30 March finding");
    const monday = page.locator("main li", { hasText: "2026-03-30, clause 8.6.2" });
    expect(await monday.textContent()).toContain(CHALLENGE);
    await monday.locator("input[value=dismissed]").check();
    await monday.locator("textarea[name=reason]").fill("The timetable was wrong: Sam had PPA");
    await monday.locator("textarea[name=answer]").fill(ANSWER);
    await settle(page, () => monday.locator("button[type=submit]").click());
    expect(await page.locator(".flash").textContent()).toContain("The finding is dismissed");

    await signIn(page, people.sam.email);
    await visit(page, "/monitoring");
    const own = await main(page);
    expect(own).toContain("2026-03-30, clause 8.6.2: dismissed");
    expect(own).toContain(`Answer: ${ANSWER}`);
    expect(own).toContain("Answering Sam's challenge to the 30 March finding");
  });

  it("fits the school report, heatmap included, on a phone", async () => {
    const phone = await j.browser.newContext({
      baseURL: j.url,
      viewport: { width: 375, height: 740 },
      bypassCSP: true,
    });
    const page = await phone.newPage();
    await signIn(page, people.principal.email);
    await visit(page, REPORT);
    expect(await page.locator("svg[role=img]").count()).toBe(1);
    await fitsThePhone(page);
    await phone.close();
  });
});
