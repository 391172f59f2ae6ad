// Every page with a wide table, on a 375 px phone: the page never scrolls sideways and no table
// scrolls inside itself (rows stack into cards, each cell named by its column). axe checks each page.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, type DemoResult } from "../src/core/people/load-demo-trust";
import { declarations } from "../src/declarations/schema";
import { loadDemo } from "../src/demo";
import { hashPassword } from "../src/platform/auth/passwords";
import { users } from "../src/platform/auth/schema";
import { type Journey, startJourney, visit } from "./browser";
import { demoSignIn, signIn as signInThrough } from "./fixtures";

const PHONE = 375;
let j: Journey;
let demo: DemoResult;
let declarerEmail = "";

beforeAll(async () => {
  j = await startJourney({
    prepare: async (database) => {
      demo = await loadDemo({ db: database.db, asOf: new Date() });
      // A member of staff with declarations of their own (the demo's declarers have no password).
      const [declarer] = await database.db
        .select({ id: users.id, email: users.email })
        .from(declarations)
        .innerJoin(users, eq(users.id, declarations.userId))
        .limit(1);
      if (!declarer) throw new Error("The demo made no declarations");
      declarerEmail = declarer.email;
      await database.db
        .update(users)
        .set({ passwordHash: await hashPassword(DEMO_PASSWORD) })
        .where(eq(users.id, declarer.id));
    },
  });
  j.page.setDefaultNavigationTimeout(30_000);
  j.page.setDefaultTimeout(30_000);
  await j.page.setViewportSize({ width: PHONE, height: 800 });
}, 120_000);
afterAll(async () => j?.close());

const signIn = (email: string) => signInThrough(j.page, email, DEMO_PASSWORD);
const emailOf = (role: string) => demoSignIn(demo, role).email;

/** How wide the page is, and every element that scrolls sideways inside itself. */
async function sidewaysScrolling(path: string) {
  const response = await visit(j.page, path);
  expect(response.status(), path).toBe(200);
  return j.page.evaluate(() => {
    const scrollers = Array.from(document.querySelectorAll<HTMLElement>("main *"))
      .filter((el) => {
        const overflow = getComputedStyle(el).overflowX;
        return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
    return {
      page: document.scrollingElement!.scrollWidth,
      scrollers,
      tables: document.querySelectorAll("main table").length,
    };
  });
}

async function expectNoSidewaysScrolling(paths: string[], options = { tables: true }) {
  for (const path of paths) {
    const measured = await sidewaysScrolling(path);
    if (options.tables) expect(measured.tables, `${path} shows a table`).toBeGreaterThan(0);
    expect(measured.page, `${path} is no wider than the phone`).toBeLessThanOrEqual(PHONE);
    expect(measured.scrollers, `${path} has nothing scrolling sideways`).toEqual([]);
  }
}

describe("wide tables on a 375 px phone", () => {
  it("reflows a member of staff's own declarations", async () => {
    await signIn(declarerEmail);
    await expectNoSidewaysScrolling(["/declarations"]);
  });

  it("reflows a principal's review queue, register and people", async () => {
    await signIn(emailOf("Principal (Summit High)"));
    await expectNoSidewaysScrolling([
      "/declarations/review",
      "/declarations/register",
      "/people/summit-high",
    ]);
    // Each cell of a stacked row is named by its column header.
    const labels = await j.page
      .locator("main table td[data-label]")
      .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-label")));
    expect(labels).toContain("Line manager");
    // A declaration's own page, opened from the register, and the list of schools.
    await visit(j.page, "/declarations/register");
    const one = await j.page.locator("main table a[href^='/declarations/']").first().getAttribute("href");
    await expectNoSidewaysScrolling([one!, "/people"], { tables: false });
  });

  it("reflows the trust administrator's audit trail, outbox, roles and people", async () => {
    await signIn(emailOf("Trust administrator"));
    await expectNoSidewaysScrolling([
      "/admin/audit",
      "/admin/outbox",
      "/admin/roles",
      "/people/summit-high",
      "/",
    ]);
    // Pages whose tables depend on what has been recorded: whatever they show fits.
    await expectNoSidewaysScrolling(
      [
        "/policy",
        "/policy/versions",
        "/policy/responsibilities",
        "/admin/documents",
        "/me",
        "/people/import",
      ],
      {
        tables: false,
      },
    );
    // A version's page, with its lint findings.
    await visit(j.page, "/policy/versions");
    const version = await j.page.locator("main a[href^='/policy/versions/']").first().getAttribute("href");
    await expectNoSidewaysScrolling([version!]);
  }, 60_000);
});
