// Reads staff, pupil and parent CSV files in the shapes school MIS exports (SIMS, Arbor, Bromcom…)
// produce, and reports every problem a user can fix with the file, line and column to look at.
// The parts live in ./csv: header aliases (data), decoding, CSV structure, columns, cell checks and
// one reader per kind of file. `parsePeopleCsv` reads text in hand; `readPeopleCsv` streams a file.
import { type CsvEncoding, decodeCsvText, detectCsvEncoding, type OpenBytes } from "./csv/decode-csv-bytes";
import type { PeopleCsvKind } from "./csv/header-aliases";
import { ParentRows } from "./csv/parent-rows";
import { Context, type Lined, type ProblemOptions } from "./csv/problems";
import { PupilRows } from "./csv/pupil-rows";
import { readCsv, readCsvStream } from "./csv/read-csv";
import { type Columns, resolveColumns } from "./csv/resolve-columns";
import type { RowReader } from "./csv/row-reader";
import { StaffRows } from "./csv/staff-rows";
import type { ImportError, ParentRow, PupilRow, StaffRow } from "./types";

export { type CsvEncoding, type OpenBytes, openText } from "./csv/decode-csv-bytes";
export { HEADER_ALIASES, type HeaderAlias, type PeopleCsvKind } from "./csv/header-aliases";
export type { Lined } from "./csv/problems";
export { upnCheckLetter } from "./upn";

export type RowOf = { staff: StaffRow; pupils: PupilRow; parents: ParentRow };

export type ParsePeopleCsvOptions<K extends PeopleCsvKind = PeopleCsvKind> = ProblemOptions & {
  kind: K;
  csvText: string;
};

export type ParsePeopleCsvResult<K extends PeopleCsvKind = PeopleCsvKind> = {
  /** Rows with no errors on any of their lines. Import nothing while `errors` is not empty. */
  rows: RowOf[K][];
  errors: ImportError[];
  /** Worth a look but not blocking, e.g. a UPN whose check letter does not match its digits. */
  warnings: ImportError[];
};

function rowReader(
  kind: PeopleCsvKind,
  columns: Columns,
  ctx: Context,
  mergeParents = true,
): RowReader<unknown> {
  return kind === "staff"
    ? new StaffRows(columns, ctx)
    : kind === "pupils"
      ? new PupilRows(columns, ctx)
      : new ParentRows(columns, ctx, mergeParents);
}

export function parsePeopleCsv<K extends PeopleCsvKind>(
  options: ParsePeopleCsvOptions<K>,
): ParsePeopleCsvResult<K> {
  const ctx = new Context(options);
  const table = readCsv(options.csvText, ctx);
  if (!table) return ctx.result([]);
  const columns = resolveColumns(options.kind, table.header, ctx);
  if (!columns) return ctx.result([]);
  const reader = rowReader(options.kind, columns, ctx);
  const rows: Lined<unknown>[] = [];
  for (const record of table.records) {
    const row = reader.read(record);
    if (row) rows.push(row);
  }
  rows.push(...reader.finish());
  return ctx.result(rows as Lined<RowOf[K]>[]);
}

export type ReadPeopleCsvOptions<K extends PeopleCsvKind = PeopleCsvKind> = ProblemOptions & {
  kind: K;
  /** Opens the file's bytes; called more than once (to find the encoding, then to read). */
  open: OpenBytes;
  /**
   * Each row as soon as it is read: awaited, so a slow writer slows the reading and memory stays
   * flat. A row may still be spoilt by a check that needs the whole file: use none of them
   * unless the result has no errors.
   */
  onRow: (row: Lined<RowOf[K]>) => void | Promise<void>;
  /** Told the file's line count once the encoding is known: the total a progress bar counts to. */
  onLines?: (lines: number) => void;
  /**
   * Parents only: false gives each line as its own row, unmerged, so memory does not grow with
   * the number of contacts; the caller must then merge lines and check they agree (the import
   * does both in SQL). `rows` then counts lines.
   */
  mergeParents?: boolean;
};

export type ReadPeopleCsvResult = {
  /** The encoding the file was read in; null when it could not be read at all. */
  encoding: CsvEncoding | null;
  /** Rows with no errors on any of their lines. */
  rows: number;
  /** The header of the column each field was read from, for messages about the file. */
  headers: Record<string, string>;
  errors: ImportError[];
  warnings: ImportError[];
};

/** Streams a CSV file through the same checks as `parsePeopleCsv`, holding only what checks need. */
export async function readPeopleCsv<K extends PeopleCsvKind>(
  options: ReadPeopleCsvOptions<K>,
): Promise<ReadPeopleCsvResult> {
  const ctx = new Context(options);
  const detected = await detectCsvEncoding(options.open);
  if (!detected.ok) {
    ctx.error(detected.line, "", detected.message);
    return { encoding: null, rows: 0, headers: {}, errors: ctx.sortedErrors(), warnings: [] };
  }
  options.onLines?.(detected.lines);
  let reader: RowReader<unknown> | null = null;
  const headers: Record<string, string> = {};
  // Just the line of each row given out before the end, to count the good ones once all is known.
  let earlyLines: number[] = [];
  let goodAtEnd = 0;
  await readCsvStream(
    () => decodeCsvText(options.open, detected.encoding),
    ctx,
    (header) => {
      const columns = resolveColumns(options.kind, header, ctx);
      if (columns) {
        reader = rowReader(options.kind, columns, ctx, options.mergeParents ?? true);
        for (const [field, found] of columns) headers[field] = found[0]!.header;
      }
      return reader !== null;
    },
    async (record) => {
      const row = reader!.read(record);
      if (!row) return;
      earlyLines.push(row.lines[0]!);
      await options.onRow(row as Lined<RowOf[K]>);
    },
  );
  if (reader)
    for (const row of (reader as RowReader<unknown>).finish()) {
      if (ctx.isGood(row)) goodAtEnd++;
      await options.onRow(row as Lined<RowOf[K]>);
    }
  const good = earlyLines.filter((line) => ctx.isGood({ row: null, lines: [line] })).length + goodAtEnd;
  earlyLines = [];
  return {
    encoding: detected.encoding,
    rows: good,
    headers,
    errors: ctx.sortedErrors(),
    warnings: ctx.sortedWarnings(),
  };
}
