// RFC 4180 CSV lines, the one writer every export uses. A cell starting with = + - @ is prefixed with ' so a spreadsheet does not run
// it as a formula (an exported register is opened in Excel). Pure.
import type { RegisterCell } from "./capability";

export function csvLine(cells: readonly RegisterCell[]): string {
  return `${cells
    .map((value) => {
      let text = value === null ? "" : String(value);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",")}\r\n`;
}
