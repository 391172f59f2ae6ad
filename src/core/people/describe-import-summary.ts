// The lines the command line prints after an import (the page shows the same facts as HTML).
import type { ImportSummary } from "./import-people";

const number = (n: number) => n.toLocaleString("en-GB");

export function describeImportSummary(summary: ImportSummary): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  if (summary.errors.length) {
    for (const e of summary.errors) err.push(`${e.file}:${e.line}: ${e.field}: ${e.message}`);
    err.push(`${summary.errors.length} problem(s); nothing was imported.`);
    return { out, err };
  }
  const would = summary.dryRun ? "Dry run: " : "";
  out.push(
    `${would}${number(summary.rows)} rows: ${number(summary.created)} created, ${number(summary.updated)} updated, ${number(summary.unchanged)} unchanged${summary.kind === "staff" ? `, ${number(summary.accountsCreated)} new accounts` : ""}.${summary.dryRun ? " Nothing was written." : ""}`,
  );
  if (summary.encoding) out.push(`Read as ${summary.encoding}.`);
  if (summary.signInsEnded)
    out.push(
      `${number(summary.signInsEnded)} leaver(s) with a leave date in the past ${summary.dryRun ? "would lose" : "lost"} their sign-in and sessions.`,
    );
  if (summary.missingStaff.length) {
    out.push(
      `${number(summary.missingStaff.length)} member(s) of staff on record are not in this file. Have they left? Nothing has been changed for them; set their leave date on the Import people page, or add a Leave Date to the file:`,
    );
    for (const m of summary.missingStaff)
      out.push(`  ${m.schoolName}: ${m.name} (${m.externalId})${m.jobTitle ? `, ${m.jobTitle}` : ""}`);
  }
  out.push(
    `${number(summary.rows)} rows in ${summary.seconds.toFixed(1)} s (${number(summary.rowsPerSecond)} rows/s).`,
  );
  return { out, err };
}
