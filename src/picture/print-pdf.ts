// Prints an HTML document to PDF with Debian's Chromium (the one the browser tests use, never a
// downloaded browser), through playwright-core. One print at a time: each is a browser process.
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let queue: Promise<unknown> = Promise.resolve();

export function printPdf(html: string, options: { title: string }): Promise<Buffer> {
  const run = queue.then(async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      // The document carries everything; nothing may be fetched while it prints.
      await context.route("**/*", (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({
        format: "A4",
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: `<div style="font-size:8px;width:100%;padding:0 14mm;color:#505a5f;display:flex;justify-content:space-between"><span>${options.title.replace(/[<>&"]/g, "")}</span><span><span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
        margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
        tagged: true,
        outline: true,
      });
    } finally {
      await browser.close();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}
