// The completion-over-time chart, drawn on the server as SVG by ECharts (no script in the page),
// with a text alternative that says the same in words.

export type ChartSeries = { name: string; values: number[] };

/** ECharts is loaded on first use, so commands and start-up do not pay for it. */
export async function completionChartSvg(
  days: readonly string[],
  series: readonly ChartSeries[],
): Promise<string> {
  const echarts = await import("echarts");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 720, height: 320 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false }, // the page gives the text alternative itself
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      legend: { top: 0, type: "scroll" },
      xAxis: { type: "category", data: [...days] },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: series.map((s) => ({ name: s.name, type: "line", data: s.values, showSymbol: false })),
    });
    // Scales to the column on a phone (the viewBox keeps its shape); the page gives the words.
    return chart
      .renderToSVGString()
      .replace(/^<svg width="\d+" height="\d+"/, '<svg width="100%" aria-hidden="true" focusable="false"');
  } finally {
    chart.dispose();
  }
}

/** The chart in words: each school's share complete at the start and now. */
export function completionChartText(days: readonly string[], series: readonly ChartSeries[]): string {
  if (days.length === 0 || series.length === 0) return "No acknowledgements have been asked for yet.";
  const first = days[0];
  const last = days[days.length - 1];
  return series
    .map(
      (s) =>
        `${s.name}: ${s.values[0] ?? 0}% complete on ${first}, ${s.values[s.values.length - 1] ?? 0}% on ${last}.`,
    )
    .join(" ");
}
