/** @jsxImportSource hono/jsx */
// `conduct report` (the committee report as text, JSON or PDF) and `conduct export` (a register as
// CSV, or every register as a zip with a manifest).
import { formatDay } from "../platform/format-date";
import { writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { cliActor, userError, withDatabase } from "../cli/shared";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { loadTrust } from "../core/people/load-trust";
import type { Db } from "../platform/db";
import { buildReport, reportText } from "./build-report";
import { allRegisters, exportRegister, exportTrust } from "./export-registers";
import { loadViewer } from "./load-viewer";
import { printPdf } from "./print-pdf";
import { readPeriod } from "./report-period";
import { drawCharts, ReportDocument } from "./report-view";

/** A mistake found once the database is open: said after it is closed again, with its exit code. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

async function findSchool(db: Db, slug: string) {
  const all = await countPeopleBySchool(db);
  const found = all.find((s) => s.slug === slug);
  if (!found)
    throw new Refusal(
      `--school: there is no school "${slug}". Schools: ${all.map((s) => s.slug).join(", ") || "none yet"}.`,
      2,
    );
  return { id: found.id, slug: found.slug, name: found.name };
}

/** Runs the work on the database; a Refusal is printed and exits with its code after closing it. */
async function refusing(command: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exit(error.code);
  }
}

export function registerPictureCommands(program: Command): void {
  program
    .command("report")
    .description("The committee report of a school or the whole trust: numbers only, as text, JSON or PDF")
    .option("--school <slug>", "one school")
    .option("--trust", "the whole trust")
    .requiredOption("--from <date>", "first day, YYYY-MM-DD")
    .requiredOption("--to <date>", "last day, YYYY-MM-DD")
    .option("--pdf <file>", "write the report as PDF (printed by Chromium) to this file")
    .option("--json", "print the report as JSON")
    .action(
      async (opts: {
        school?: string;
        trust?: boolean;
        from: string;
        to: string;
        pdf?: string;
        json?: boolean;
      }) => {
        if (!opts.school === !opts.trust) userError("report: give either --school SLUG or --trust.");
        const period = readPeriod(opts.from, opts.to);
        if (!period.ok) userError(`report: --${period.field}: ${period.message}`);
        await refusing("report", () =>
          withDatabase(async ({ db }) => {
            const school = opts.school ? await findSchool(db, opts.school) : null;
            const report = await buildReport({ db, school, period: period.period });
            if (opts.pdf) {
              const charts = await drawCharts(report.sections);
              const html = String(await (<ReportDocument report={report} charts={charts} />).toString());
              const pdf = await printPdf(html, {
                title: `${report.coversName}, ${formatDay(report.days.first)} to ${formatDay(report.days.last)}`,
              });
              await writeFile(opts.pdf, pdf);
              process.stderr.write(`Wrote the report to ${opts.pdf} (${pdf.length} bytes).\n`);
            }
            if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            else if (!opts.pdf) process.stdout.write(reportText(report));
          }),
        );
      },
    );

  program
    .command("export [table]")
    .description(
      "A register as CSV (conduct export TABLE), or every register as a zip (--all --out FILE.zip)",
    )
    .option("--school <slug>", "only this school's rows")
    .option("--out <file>", "write to this file (default: the CSV on standard output)")
    .option("--all", "every register, as a zip of CSVs with manifest.json")
    .option(
      "--as <email>",
      "export as this person: only what their role may read (default: the operator, everything)",
    )
    .option("--list", "list the registers")
    .action(
      async (
        table: string | undefined,
        opts: { school?: string; out?: string; all?: boolean; as?: string; list?: boolean },
      ) => {
        const registers = allRegisters();
        if (opts.list || (!table && !opts.all)) {
          const lines = registers.map((r) => `${r.table.padEnd(24)} ${r.name} (needs ${r.action})`);
          process.stdout.write(`${lines.join("\n")}\n`);
          if (!opts.list) userError("export: name a register (above), or use --all --out FILE.zip.");
          return;
        }
        if (table && opts.all) userError("export: give a register or --all, not both.");
        if (opts.all && !opts.out) userError("export --all: say where to write the zip with --out FILE.zip.");
        if (table && !registers.some((r) => r.table === table))
          userError(
            `export: there is no register "${table}". Registers: ${registers.map((r) => r.table).join(", ")}.`,
          );
        await refusing("export", () =>
          withDatabase(async ({ db }) => {
            const school = opts.school ? await findSchool(db, opts.school) : null;
            const viewer = opts.as ? await loadViewer(db, opts.as) : null;
            if (opts.as && !viewer) throw new Refusal(`--as: there is no active account "${opts.as}".`, 2);
            const actor = viewer
              ? { id: viewer.id, label: `${cliActor().label} as ${viewer.email}` }
              : cliActor();
            if (opts.all) {
              const trust = await loadTrust(db);
              const { zip, manifest: written } = await exportTrust({
                db,
                trust: trust?.name ?? "",
                viewer,
                actor,
                school,
              });
              await pipeline(zip, createWriteStream(opts.out!));
              const manifest = await written;
              process.stderr.write(
                `Wrote ${manifest.tables.length} registers (${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows) to ${opts.out}` +
                  (manifest.leftOut.length
                    ? `; left out, not yours to read: ${manifest.leftOut.map((t) => t.table).join(", ")}`
                    : "") +
                  ".\n",
              );
              return;
            }
            const result = await exportRegister({ db, table: table!, viewer, actor, school });
            if (!result.ok) throw new Refusal(result.message, result.status === 403 ? 3 : 2);
            if (opts.out) {
              await writeFile(opts.out, result.csv);
              process.stderr.write(`Wrote ${result.rows} rows of ${table} to ${opts.out}.\n`);
            } else process.stdout.write(result.csv.toString("utf8"));
          }),
        );
      },
    );
}
