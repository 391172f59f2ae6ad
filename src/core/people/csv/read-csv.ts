// CSV structure: records with the line each starts on (a quoted value may span lines), and a
// message a user can act on when the file is not valid CSV. One reader for text in hand, one for a
// stream read as it arrives.
import { Readable } from "node:stream";
import { CsvError, type Options, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import type { Context } from "./problems";

export type CsvRecord = { line: number; values: string[] };

/** Longest record read: a longer one is a broken file (or an attack), not a person. */
export const MAX_RECORD_CHARS = 100_000;

const CSV_OPTIONS: Options = {
  info: true,
  skip_empty_lines: true,
  // Spreadsheets save blank rows as ",,,,"; they are not people.
  skip_records_with_empty_values: true,
  max_record_size: MAX_RECORD_CHARS,
};

type Parsed = { record: string[]; info: { lines: number } };

function toRecord({ record, info }: Parsed): CsvRecord {
  // csv-parse reports the line a record ends on; a quoted value may span lines, so count back.
  return {
    line: info.lines - record.reduce((n, v) => n + countNewlines(v), 0),
    values: record.map((v) => v.trim()),
  };
}

function reportEmpty(ctx: Context): void {
  ctx.error(
    1,
    "",
    "The file is empty. Export it again from your MIS with a header row and one row per person.",
  );
}

/** Text already decoded: line endings become "\n" and a byte order mark is dropped. */
export function readCsv(csvText: string, ctx: Context): { header: string[]; records: CsvRecord[] } | null {
  // One kind of line ending: csv-parse miscounts lines when a quoted value holds a CRLF.
  const text = (csvText.charCodeAt(0) === 0xfeff ? csvText.slice(1) : csvText).replace(/\r\n?/g, "\n");
  let parsed: Parsed[];
  try {
    parsed = parseSync(text, CSV_OPTIONS) as unknown as Parsed[];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const firstLine = text.slice(0, Math.min(text.indexOf("\n") >>> 0, MAX_RECORD_CHARS));
    reportBrokenCsv(
      e,
      () => lineOfUnclosedQuote([text]),
      ctx,
      firstLine.split(",").map((h) => h.replace(/"/g, "").trim()),
    );
    return null;
  }
  if (parsed.length === 0) {
    reportEmpty(ctx);
    return null;
  }
  const [header, ...rest] = parsed.map(toRecord);
  return { header: header!.values, records: rest };
}

/**
 * Streams records from text pieces (already "\n"-only): the header first, then each record. A
 * broken file ends the stream with its error reported; `again` reads the text anew, to find where
 * an unclosed quote began. Returns false when the file was broken or empty.
 */
export async function readCsvStream(
  text: () => AsyncIterable<string>,
  ctx: Context,
  onHeader: (header: string[]) => boolean,
  onRecord: (record: CsvRecord) => void | Promise<void>,
): Promise<boolean> {
  // The parser may fail on a long value before it hands over the header, so keep the first line.
  let start = "";
  async function* keepingStart() {
    for await (const piece of text()) {
      if (start.length < MAX_RECORD_CHARS && !start.includes("\n")) start += piece.slice(0, MAX_RECORD_CHARS);
      yield piece;
    }
  }
  const parser = Readable.from(keepingStart()).pipe(parse(CSV_OPTIONS));
  let header = true;
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      const record = toRecord(parsed);
      if (header) {
        header = false;
        if (!onHeader(record.values)) {
          parser.destroy();
          return false;
        }
      } else await onRecord(record);
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const quoteLine = await lineOfUnclosedQuoteIn(text());
    reportBrokenCsv(e, () => quoteLine, ctx, headerNames(start));
    return false;
  }
  if (header) {
    reportEmpty(ctx);
    return false;
  }
  return true;
}

/** The header's column names, roughly (no quoted commas), to name a column in an error. */
function headerNames(start: string): string[] {
  const end = start.indexOf("\n");
  return (end < 0 ? start : start.slice(0, end)).split(",").map((h) => h.replace(/"/g, "").trim());
}

function reportBrokenCsv(
  e: CsvError,
  unclosedQuoteLine: () => number,
  ctx: Context,
  header: readonly string[],
): void {
  const fix = "Check for a stray quotation mark, or export the file again as CSV from your MIS.";
  const at = e as CsvError & { lines?: number; record?: string[]; column?: number | string };
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED": {
      ctx.error(unclosedQuoteLine(), "", `A quoted value starts on this line and is never closed. ${fix}`);
      return;
    }
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const line = (at.lines ?? 1) - (at.record ?? []).reduce((n, v) => n + countNewlines(v), 0);
      const match = /expect (\d+), got (\d+)/.exec(e.message);
      const counts = match
        ? ` has ${match[2]} values where the header has ${match[1]} columns`
        : " has the wrong number of values";
      ctx.error(
        line,
        "",
        `This line${counts}. A value containing a comma must be in double quotes; ${fix.toLowerCase()}`,
      );
      return;
    }
    case "CSV_MAX_RECORD_SIZE": {
      // csv-parse stops inside the value that grew too long: name its column.
      const column = typeof at.column === "number" ? at.column : -1;
      ctx.error(
        at.lines ?? 1,
        header[column] ?? "",
        `This line is longer than ${MAX_RECORD_CHARS.toLocaleString("en-GB")} characters, which no person's details need. ${fix}`,
      );
      return;
    }
    default:
      ctx.error(at.lines ?? 1, "", `This line is not valid CSV (${e.message}). ${fix}`);
  }
}

/** Follows quoting through text fed in pieces: where the last opened, never closed, quote began. */
class QuoteTracker {
  private line = 1;
  private inQuotes = false;
  private maybeClosed = false;
  private openedOn = 1;
  private atFieldStart = true;

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.inQuotes) {
        if (this.maybeClosed) {
          this.maybeClosed = false;
          if (c === '"') continue; // "" is an escaped quote
          this.inQuotes = false;
        } else {
          if (c === '"') this.maybeClosed = true;
          else if (c === "\n") this.line++;
          continue;
        }
      }
      if (c === '"' && this.atFieldStart) {
        this.inQuotes = true;
        this.openedOn = this.line;
      }
      if (c === "\n") this.line++;
      this.atFieldStart = c === "," || c === "\n";
    }
  }

  result(): number {
    return this.inQuotes && !this.maybeClosed ? this.openedOn : this.line;
  }
}

/** The line where the last opened and never closed quoted value starts. */
function lineOfUnclosedQuote(pieces: Iterable<string>): number {
  const tracker = new QuoteTracker();
  for (const piece of pieces) tracker.feed(piece);
  return tracker.result();
}

async function lineOfUnclosedQuoteIn(pieces: AsyncIterable<string>): Promise<number> {
  const tracker = new QuoteTracker();
  for await (const piece of pieces) tracker.feed(piece);
  return tracker.result();
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
