import { describe, expect, it } from "vitest";
import { tableChartSvg, withoutInlineStyles } from "./chart-svg";

describe("charts under the pages' Content-Security-Policy", () => {
  it("carry their fonts as presentation attributes, which style-src 'self' does not block", async () => {
    const svg = await tableChartSvg({
      title: "Declarations by verdict and school",
      columns: ["School", "Not allowed", "Allowed, and must be declared", "Allowed"],
      rows: [["Summit High", 1, 1, 2]],
      chart: "stacked",
    } as never);
    expect(svg).toContain(">Allowed, and must be declared</text>");
    // An inline style would be dropped in the page and the labels drawn at the body's 16 px.
    expect(svg).not.toMatch(/ style="/);
    expect(svg).not.toContain("<style");
    expect(svg).toMatch(/<text[^>]* font-size="12px" font-family="sans-serif"[^>]*>Summit High<\/text>/);
  });

  it("keeps every declaration of a style and escapes quotes", () => {
    expect(withoutInlineStyles(`<text style="font-family:&quot;A B&quot;;fill:#333;">x</text>`)).toBe(
      `<text font-family="&quot;A B&quot;" fill="#333">x</text>`,
    );
    expect(withoutInlineStyles(`<g style='x'><text style="font:bold">x</text></g>`)).toBe(
      `<g style='x'><text font="bold">x</text></g>`,
    );
  });
});
