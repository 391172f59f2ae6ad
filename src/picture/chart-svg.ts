// A report table drawn as a horizontal bar chart, on the server as SVG by ECharts (no script in
// the page or the PDF). The table stays beside it as the chart's text alternative.
import type { ReportTable } from "../platform/capability";

/** ECharts is loaded on first use, so commands and start-up do not pay for it. */
export async function tableChartSvg(table: ReportTable): Promise<string | null> {
  if (!table.chart || table.rows.length === 0) return null;
  const numeric = table.columns
    .map((name, i) => ({ name, i }))
    .slice(1)
    .filter(({ i }) => table.rows.every((r) => typeof r[i] === "number"));
  if (numeric.length === 0) return null;
  const echarts = await import("echarts");
  // Longest label first on top, as a table reads; a bar is 18 px, the legend and axis about 70.
  const categories = table.rows.map((r) => String(r[0])).reverse();
  const height = Math.max(
    140,
    70 + categories.length * (table.chart === "stacked" ? 20 : 12 + 8 * numeric.length),
  );
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 720, height });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false }, // the table beside it is the text alternative
      color: ["#1d70b8", "#f47738", "#85994b", "#d4351c", "#6f72af", "#505a5f"],
      grid: { left: 8, right: 24, top: numeric.length > 1 ? 36 : 12, bottom: 24, containLabel: true },
      legend: numeric.length > 1 ? { top: 0, type: "scroll" } : undefined,
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category",
        data: categories,
        axisLabel: { width: 220, overflow: "truncate" },
      },
      series: numeric.map(({ name, i }) => ({
        name,
        type: "bar",
        stack: table.chart === "stacked" ? "all" : undefined,
        data: table.rows.map((r) => r[i] as number).reverse(),
      })),
    });
    // Scales to the column on a phone (the viewBox keeps its shape).
    return withoutInlineStyles(
      chart
        .renderToSVGString()
        .replace(/^<svg width="\d+" height="\d+"/, '<svg width="100%" aria-hidden="true" focusable="false"'),
    );
  } finally {
    chart.dispose();
  }
}

/**
 * The pages' Content-Security-Policy (style-src 'self') blocks inline style attributes, and
 * ECharts sets every label's font that way: in the page the labels fell back to the body's
 * 16 px font, so the legend's entries ran into each other and long school names were cut off.
 * SVG presentation attributes carry the same values and are not styles, so the policy allows
 * them. ECharts' hover-only <style> block is dropped (it was blocked anyway).
 */
export function withoutInlineStyles(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, "")
    .replace(/ style="([^"]*)"/g, (_whole, declarations: string) =>
      declarations
        .replace(/&quot;/g, '"')
        .split(";")
        .map((declaration) => {
          const colon = declaration.indexOf(":");
          if (colon < 0) return "";
          const name = declaration.slice(0, colon).trim();
          const value = declaration.slice(colon + 1).trim();
          return /^[a-z-]+$/.test(name) && value ? ` ${name}="${value.replace(/"/g, "&quot;")}"` : "";
        })
        .join(""),
    );
}
