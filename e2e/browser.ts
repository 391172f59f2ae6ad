// The small harness for browser journeys: an in-process Conduct on a fresh test database, Debian's
// Chromium driven by playwright-core (never a downloaded browser), and an axe check of every page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Page, type Response } from "playwright-core";
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

/** Runs axe on the page as it is now; throws listing every serious or critical violation. */
export async function checkAccessibility(page: Page): Promise<AxeViolation[]> {
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
