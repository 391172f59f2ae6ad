// Pure: rows as RFC 4180 CSV, through the one writer every export uses.
import type { RegisterCell } from "../platform/capability";
import { csvLine } from "../platform/csv-line";

export function toCsv(header: readonly string[], rows: readonly (readonly RegisterCell[])[]): string {
  return [header, ...rows].map(csvLine).join("");
}
