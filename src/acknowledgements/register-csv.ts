// The acknowledgement register as CSV for an inspector: one row a person, quoted so that a name
// with a comma (or a cell beginning with "=") cannot break the file or run as a formula.
import type { PersonCompletion } from "./list-completion";

export const REGISTER_COLUMNS = [
  "name",
  "job_title",
  "employment",
  "line_manager",
  "status",
  "asked_for",
  "due_on",
  "acknowledged_at",
  "recorded_on_behalf",
  "on_behalf_reason",
  "check_score",
  "seconds_reading",
  "clauses",
] as const;

function cell(value: string | number | null | boolean): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One person's line of the register, in REGISTER_COLUMNS order (the page's CSV and the export). */
export function registerRow(r: PersonCompletion): (string | number | null)[] {
  return [
    r.name,
    r.jobTitle,
    r.employment,
    r.lineManager,
    r.status,
    r.scope === "material" ? "material changes" : "whole policy",
    r.dueOn,
    r.acknowledgedAt ? r.acknowledgedAt.toISOString() : null,
    r.onBehalf ? "yes" : "no",
    r.onBehalfReason,
    r.score,
    r.secondsReading,
    r.clauses,
  ];
}

export function registerCsv(rows: readonly PersonCompletion[]): string {
  const lines = [REGISTER_COLUMNS.join(",")];
  for (const r of rows) lines.push(registerRow(r).map(cell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
