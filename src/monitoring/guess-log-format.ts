// Says which format a log's first lines look like, so a run with the wrong --format (every line
// malformed) tells the user what to try instead of only counting the lines it could not read.
import { normaliseHeader } from "./read-settings-csv";
import { type LogFormat, splitCsv } from "./scan-log";

export const FORMAT_NAMES: Record<LogFormat, string> = {
  squid: "Squid native",
  w3c: "W3C extended",
  csv: "CSV with a header",
};

const TIME_HEADERS = new Set(["timestamp", "time", "datetime", "date"]);
const URL_HEADERS = new Set(["url", "host", "domain", "uri"]);
// time elapsed client code/status bytes method URL: the first seven Squid fields.
const SQUID_LINE = /^\d{9,11}(\.\d+)?\s+-?\d+\s+\S+\s+[A-Z_]+\/\d{3}\s+\d+\s+[A-Z_]+\s+\S/;

/** The format the start of a log (a few KB, decoded) looks like, or undefined when none is clear. */
export function guessLogFormat(head: string): LogFormat | undefined {
  const lines = head
    .replace(/^\ufeff/, "")
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) return undefined;
  if (lines.some((l) => /^#(Fields|Software|Version):/i.test(l))) return "w3c";
  const first = lines[0]!;
  for (const delimiter of [",", ";", "\t"]) {
    const cells = splitCsv(first, delimiter)?.map(normaliseHeader) ?? [];
    if (cells.some((c) => TIME_HEADERS.has(c)) && cells.some((c) => URL_HEADERS.has(c))) return "csv";
  }
  const squid = lines.filter((l) => SQUID_LINE.test(l)).length;
  if (squid * 2 > lines.length) return "squid";
  return undefined;
}

/**
 * A hint when most records were malformed and the log looks like another format, e.g.
 * "this looks like W3C extended: try --format w3c"; else undefined.
 */
export function wrongFormatHint(
  format: LogFormat,
  head: string,
  lines: number,
  malformedLines: number,
): string | undefined {
  if (lines === 0 ? head.trim() === "" : malformedLines * 2 <= lines) return undefined;
  const guess = guessLogFormat(head);
  if (!guess || guess === format) return undefined;
  return `this looks like ${FORMAT_NAMES[guess]}: try --format ${guess}`;
}
