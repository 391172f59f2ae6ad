// The small harness for browser journeys: an in-process Conduct on a fresh test database, Debian's
// Chromium driven by playwright-core (never a downloaded browser), and an axe check of every page.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page, type Response } from "playwright-core";
import { expect } from "vitest";
import "../src/capabilities";
import { readConfig } from "../src/platform/config";
import { findFreePort } from "../src/platform/embedded-database";
import { createLogger } from "../src/platform/logger";
import { type RunningConduct, startConduct } from "../src/platform/server";
import { createTestDatabase, type TestDatabase } from "../src/platform/testing/test-database";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The WCAG 2.0, 2.1 and 2.2 A/AA rules; best-practice rules are left out on purpose. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type Journey = {
  url: string;
  database: TestDatabase;
  conduct: RunningConduct;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
};

/**
 * Starts Conduct on a fresh migrated database (after `prepare`, e.g. loading the demo) and opens a
 * browser page whose relative URLs go to it.
 */
export async function startJourney(
  options: {
    prepare?: (database: TestDatabase) => Promise<void>;
    /** Settings beyond the defaults, e.g. `smtpUrl` of a test SMTP server. */
    config?: Partial<ReturnType<typeof readConfig>>;
  } = {},
): Promise<Journey> {
  const database = await createTestDatabase();
  let conduct: RunningConduct | undefined;
  let browser: Browser | undefined;
  try {
    await options.prepare?.(database);
    // The port is chosen first so baseUrl is exact: the CSRF check compares a form's Origin with it.
    const port = await findFreePort();
    const config = {
      ...readConfig({ PORT: "0", LOG_LEVEL: "silent" }),
      databaseUrl: database.url,
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      ...options.config,
    };
    conduct = await startConduct({ config, logger: createLogger("silent"), database, jobs: false });
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: conduct.url, bypassCSP: true });
    // A missing element should fail the test in seconds, naming the selector, not hang it; 15 s
    // rather than 5, because a full run on two cores once took more than 5 s to load a page.
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const running = conduct;
    const opened = browser;
    return {
      url: conduct.url,
      database,
      conduct,
      browser,
      context,
      page,
      close: async () => {
        await opened.close();
        await running.close();
        await database.drop();
      },
    };
  } catch (error) {
    await browser?.close();
    await conduct?.close();
    await database.drop();
    throw error;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

/** Where every checked page's screenshot goes (a CI artefact; SCREENSHOTS=0 turns them off). */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOT_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts/screenshots");
const shotsTaken = new Map<string, number>();
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "home";

/**
 * Keeps a full-page screenshot of the page as it is now, named by test file, test (which names the
 * role) and step: `artifacts/screenshots/homes-shows-the-dsl-safeguarding-first-02-home.png`.
 */
export async function keepScreenshot(page: Page): Promise<string | null> {
  if (process.env.SCREENSHOTS === "0") return null;
  const state = expect.getState();
  const file = path.basename(state.testPath ?? "journey").replace(/\.test\.ts$/, "");
  // "describe > test": each describe shortened, the test's own title (which names the role) kept.
  const names = (state.currentTestName ?? "set-up").split(" > ");
  const title = names.pop()!;
  const test = [file, ...names.map((n) => slug(n).slice(0, 24)), slug(title)].map(slug).join("-");
  const step = (shotsTaken.get(test) ?? 0) + 1;
  shotsTaken.set(test, step);
  const where = path.join(
    SCREENSHOT_DIR,
    `${test}-${String(step).padStart(2, "0")}-${slug(new URL(page.url()).pathname)}.png`,
  );
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: where, fullPage: true });
  return where;
}

/**
 * Runs axe on the page as it is now; throws listing every serious or critical violation. Every
 * page a journey checks is also kept as a screenshot (keepScreenshot).
 */
export async function checkAccessibility(page: Page): Promise<AxeViolation[]> {
  await keepScreenshot(page);
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== "undefined");
  // Conduct's CSP forbids inline scripts; the context bypasses CSP so axe can be injected inline.
  if (!loaded) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    const results = (await axe.run(document, { runOnly: tags })) as { violations: AxeViolation[] };
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (serious.length > 0) {
    const lines = serious.map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}`).join("\n")}`,
    );
    throw new Error(`Accessibility violations on ${page.url()}:\n${lines.join("\n")}`);
  }
  return violations;
}

/** Opens a path (relative to Conduct) and checks the page it lands on, after any redirects. */
export async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path, { waitUntil: "load" });
  if (!response) throw new Error(`No response for ${path}`);
  await checkAccessibility(page);
  return response;
}

/** Does something that loads a new page (submit a form, follow a link), then checks that page. */
export async function settle(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent("load"), action()]);
  await checkAccessibility(page);
}

/** What has focus now, described well enough to assert on. */
export function focused(page: Page): Promise<{ tag: string; id: string; className: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      id: el?.id ?? "",
      className: el?.className ?? "",
      text: (el?.textContent ?? "").trim().slice(0, 200),
    };
  });
}

/** The rows of a table as text, found by its caption. */
export function tableRows(page: Page, caption: string): Promise<string[][]> {
  return page.evaluate((wanted) => {
    const table = Array.from(document.querySelectorAll("table")).find((t) =>
      (t.caption?.textContent ?? "").includes(wanted),
    );
    if (!table) return [];
    return Array.from(table.tBodies[0]!.rows).map((r) =>
      Array.from(r.cells).map((c) => (c.textContent ?? "").trim()),
    );
  }, caption);
}
