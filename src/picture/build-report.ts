// The committee report: every capability's sections for a school or the whole trust over a
// period, in the capability list's order. Numbers only: each section promises it (the contract).
import { defaultTimeZone } from "../core/calendar/calendar-date";
import { listSchools } from "../core/people/find-schools";
import { loadTrust } from "../core/people/load-trust";
import { sql } from "drizzle-orm";
import { capabilities, type ReportSection, type ReportTable, type SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import type { ReportPeriod } from "./report-period";
import { drawCharts } from "./report-view";

export type Report = {
  trust: string;
  /** "trust", or the slug of one school. */
  covers: string;
  coversName: string;
  days: { first: string; last: string };
  generatedAt: string;
  schools: number;
  sections: ReportSection[];
};

export async function buildReport(options: {
  db: Db;
  /** null for the whole trust. */
  school: { id: string; slug: string; name: string } | null;
  period: ReportPeriod;
  now?: Date;
}): Promise<Report> {
  const { db, school, period } = options;
  const trust = await loadTrust(db);
  const scope: SchoolScope = school ? [school.id] : "all";
  const schools = (await listSchools(db, school ? { schoolIds: [school.id] } : {})).map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
  }));
  // The trust keeps no zone of its own: its days are core calendar's default zone, as the period's are.
  const context = {
    db,
    scope,
    schools,
    from: period.from,
    to: period.to,
    days: period.days,
    timeZone: defaultTimeZone,
  };
  // One capability at a time: each runs a few grouped queries, and a pool shared with the pages
  // is better not filled by one report.
  const sections: ReportSection[] = [];
  for (const capability of capabilities())
    if (capability.reportSections) sections.push(...(await capability.reportSections(context)));
  return {
    trust: trust?.name ?? "The trust",
    covers: school ? school.slug : "trust",
    coversName: school ? school.name : `${trust?.name ?? "The trust"}: every school`,
    days: period.days,
    generatedAt: (options.now ?? new Date()).toISOString(),
    schools: schools.length,
    sections,
  };
}

/** The report as plain text, for the command line: each section's headline and tables. */
export function reportText(report: Report): string {
  const out: string[] = [
    `${report.coversName}: committee report, ${report.days.first} to ${report.days.last}`,
    `Generated ${report.generatedAt}. Numbers only: no person is named.`,
    "",
  ];
  for (const section of report.sections) {
    out.push(
      `== ${section.title}${section.clauses.length ? ` (${section.clauses.join(", ")})` : ""}`,
      section.headline,
      "",
    );
    for (const table of section.tables) {
      if (table.rows.length === 0) continue;
      out.push(table.caption);
      const cells = [table.columns, ...table.rows].map((r) => r.map(String));
      const widths = table.columns.map((_, i) =>
        Math.min(40, Math.max(...cells.map((r) => (r[i] ?? "").length))),
      );
      for (const row of cells)
        out.push(
          row
            .map((cell, i) => {
              const text = cell.length > 40 ? `${cell.slice(0, 39)}…` : cell;
              return i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
            })
            .join("  ")
            .trimEnd(),
        );
      out.push("");
    }
  }
  return `${out.join("\n")}\n`;
}

/**
 * A report and its charts, kept per (scope, period, data version) so that fifty leaders opening
 * the same report do not each rebuild it. Every change in Conduct is audited in its own
 * transaction, so the newest audit sequence number is a version of the data (a read that is
 * audited moves it too: the cache is then rebuilt, never stale). The day is in the key as well,
 * for counts that depend on today (overdue). Builds in flight are shared.
 */
const KEEP = 32;
const kept = new Map<string, Promise<{ report: Report; charts: Map<ReportTable, string> }>>();

export async function cachedReport(options: {
  db: Db;
  school: { id: string; slug: string; name: string } | null;
  period: ReportPeriod;
}): Promise<{ report: Report; charts: Map<ReportTable, string> }> {
  const { db } = options;
  const version = await db.execute<{ v: string }>(
    sql`select coalesce(max(seq), 0)::text as v from audit_events`,
  );
  const key = [
    options.school?.id ?? "trust",
    options.period.days.first,
    options.period.days.last,
    version.rows[0]?.v ?? "0",
    new Date().toISOString().slice(0, 10),
  ].join("|");
  let held = kept.get(key);
  if (!held) {
    held = buildReport(options).then(async (report) => ({
      report,
      charts: await drawCharts(report.sections),
    }));
    held.catch(() => kept.delete(key));
    kept.set(key, held);
    while (kept.size > KEEP) kept.delete(kept.keys().next().value!);
  }
  return held;
}
