/** @jsxImportSource hono/jsx */
// The report's sections as HTML: each table, and where it is charted, its chart as SVG above the
// table (the table is the chart's text alternative). Used by the page, the dashboard and the PDF.
import { formatDay } from "../platform/format-date";
import { raw } from "hono/html";
import type { ReportSection, ReportTable } from "../platform/capability";
import type { Report } from "./build-report";
import { tableChartSvg } from "./chart-svg";

/** Every chart of the sections, drawn before the page is rendered (JSX here is synchronous). */
export async function drawCharts(sections: readonly ReportSection[]): Promise<Map<ReportTable, string>> {
  const charts = new Map<ReportTable, string>();
  for (const section of sections)
    for (const table of section.tables) {
      const svg = await tableChartSvg(table);
      if (svg) charts.set(table, svg);
    }
  return charts;
}

export function ReportTableView(props: { table: ReportTable; id: string; chart?: string }) {
  const { table } = props;
  if (table.rows.length === 0)
    return (
      <p>
        <strong>{table.caption}:</strong> nothing in this period.
      </p>
    );
  const numeric = table.columns.map((_, i) => i > 0 && table.rows.every((r) => typeof r[i] === "number"));
  return (
    <>
      {props.chart ? (
        <figure class="chart" aria-labelledby={`${props.id}-caption`}>
          {raw(props.chart)}
          <figcaption class="muted">
            Chart of the table "{table.caption}" below, which gives the same figures.
          </figcaption>
        </figure>
      ) : null}
      {/* Focusable so a keyboard can scroll a wide table on a phone; named by its caption. */}
      <section class="table-scroll" tabindex={0} aria-labelledby={`${props.id}-caption`}>
        <table>
          <caption id={`${props.id}-caption`}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((column, i) => (
                <th scope="col" class={numeric[i] ? "num" : undefined}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th scope="row">{cell}</th>
                  ) : (
                    <td class={numeric[i] ? "num" : undefined}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export function ReportSections(props: {
  sections: readonly ReportSection[];
  charts: Map<ReportTable, string>;
  /** Only these tables (the dashboard shows the tables by school). */
  tables?: (table: ReportTable) => boolean;
}) {
  return (
    <>
      {props.sections.map((section) => (
        <section class="report-section" aria-labelledby={`s-${section.key}`}>
          <h2 id={`s-${section.key}`}>{section.title}</h2>
          {section.clauses.length ? <p class="muted">Clauses {section.clauses.join(", ")}</p> : null}
          <p>{section.headline}</p>
          {section.tables
            .filter((t) => !props.tables || props.tables(t))
            .map((table, i) => (
              <ReportTableView table={table} id={`t-${section.key}-${i}`} chart={props.charts.get(table)} />
            ))}
        </section>
      ))}
    </>
  );
}

const PRINT_CSS = `
  @page { size: A4; margin: 16mm 14mm; }
  body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #0b0c0c; line-height: 1.35; }
  h1 { font-size: 18pt; margin: 0 0 4pt; }
  h2 { font-size: 13pt; margin: 16pt 0 4pt; break-after: avoid; }
  .muted { color: #505a5f; }
  table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; break-inside: auto; }
  caption { text-align: left; font-weight: bold; padding: 2pt 0; }
  th, td { border-bottom: 1px solid #b1b4b6; padding: 2pt 4pt; text-align: left; vertical-align: top; }
  tr { break-inside: avoid; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: 6pt 0; break-inside: avoid; }
  figure svg { max-width: 100%; height: auto; }
  figcaption { font-size: 8pt; }
`;

/** The report as a whole document for Chromium to print: no scripts, no external files. */
export function ReportDocument(props: { report: Report; charts: Map<ReportTable, string> }) {
  const { report } = props;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en-GB">
        <head>
          <meta charset="utf-8" />
          <title>{`Committee report: ${report.coversName}, ${formatDay(report.days.first)} to ${formatDay(report.days.last)}`}</title>
          <style>{raw(PRINT_CSS)}</style>
        </head>
        <body>
          <main>
            <h1>Committee report: {report.coversName}</h1>
            <ReportHeader report={report} />
            <ReportSections sections={report.sections} charts={props.charts} />
          </main>
        </body>
      </html>
    </>
  );
}

export function ReportHeader(props: { report: Report }) {
  const r = props.report;
  return (
    <p class="muted">
      {r.trust} · {r.covers === "trust" ? `${r.schools} schools` : "one school"} · from {r.days.first} to{" "}
      {r.days.last} · generated {r.generatedAt.slice(0, 16).replace("T", " ")} UTC. Numbers only: no person is
      named.
    </p>
  );
}
