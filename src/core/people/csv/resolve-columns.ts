// Which column holds which field: headers matched to the aliases, with what to do when one is missing.
import { HEADER_ALIASES, type HeaderAlias, KIND_NOUN, type PeopleCsvKind } from "./header-aliases";
import type { Context } from "./problems";
import type { CsvRecord } from "./read-csv";

/** Present columns for each field, in the order of preference. */
export type Columns = Map<string, { index: number; header: string }[]>;

function normaliseHeader(h: string): string {
  return h
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

function findColumns(aliases: readonly HeaderAlias[], header: string[]): Columns {
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = normaliseHeader(h);
    positions.set(key, [...(positions.get(key) ?? []), i]);
  });
  const columns: Columns = new Map();
  for (const alias of aliases) {
    const found = alias.headers.flatMap((name) =>
      (positions.get(normaliseHeader(name)) ?? []).map((index) => ({ index, header: header[index]! })),
    );
    if (found.length > 0) columns.set(alias.field, found);
  }
  return columns;
}

export function resolveColumns(kind: PeopleCsvKind, header: string[], ctx: Context): Columns | null {
  const aliases: readonly HeaderAlias[] = HEADER_ALIASES[kind];
  const columns = findColumns(aliases, header);
  const missing = aliases.filter((a) => a.required && !columns.has(a.field));
  if (missing.length > 0) {
    const lookalike = (Object.keys(HEADER_ALIASES) as PeopleCsvKind[]).find((other) => {
      if (other === kind) return false;
      const theirs: readonly HeaderAlias[] = HEADER_ALIASES[other];
      const found = findColumns(theirs, header);
      return theirs.every((a) => !a.required || found.has(a.field));
    });
    const hint = lookalike
      ? ` This looks like a ${KIND_NOUN[lookalike]} export rather than ${KIND_NOUN[kind]}; check you chose the right kind of file.`
      : "";
    for (const a of missing) {
      const others = a.headers.slice(1).map((h) => `"${h}"`);
      ctx.error(
        1,
        a.headers[0]!,
        `No "${a.headers[0]}" column. Add one to the header row` +
          (others.length > 0 ? ` (or call it ${orList(others)}).` : ".") +
          hint,
      );
    }
    return null;
  }
  for (const [field, found] of columns) {
    // The same header twice would make it a guess which one holds the value.
    const first = found[0]!;
    const twin = found.find(
      (f) => f !== first && normaliseHeader(f.header) === normaliseHeader(first.header),
    );
    if (twin && field !== "phone") {
      ctx.error(
        1,
        first.header,
        `The header has two "${first.header}" columns. Remove or rename one of them.`,
      );
    }
  }
  if (!columns.has("school")) {
    if (!ctx.options.defaultSchoolSlug) {
      ctx.error(
        1,
        "School",
        "No School column and no school chosen for this file. Choose the school when importing, or add a School column with each row's school code.",
      );
    }
  }
  const known = ctx.options.knownSchoolSlugs;
  const fallback = ctx.options.defaultSchoolSlug;
  if (fallback && known && !known.includes(fallback)) {
    ctx.error(
      1,
      "School",
      `The school chosen for this file, "${fallback}", is not one of: ${known.join(", ")}.`,
    );
  }
  if (kind === "staff" && !columns.has("lineManagerExternalId")) {
    const names = header.find((h) => normaliseHeader(h) === "linemanager");
    if (names) {
      ctx.warn(
        1,
        names,
        `"${names}" is ignored: Conduct needs the line manager's Staff ID, in a "Line Manager ID" column.`,
      );
    }
  }
  return ctx.errors.length > 0 ? null : columns;
}

export type Cell = { value: string; header: string };

/** The value of a field on a line; with several candidate columns, the first non-blank one. */
export function cellOf(record: CsvRecord, columns: Columns, field: string): Cell | null {
  const found = columns.get(field);
  if (!found) return null;
  // Only the phone may fall back to another column: mixing ID columns row by row would mix ID schemes.
  const candidates = field === "phone" ? found : found.slice(0, 1);
  const chosen = candidates.find((c) => record.values[c.index] !== "") ?? candidates[0]!;
  return { value: record.values[chosen.index]!, header: chosen.header };
}

/** "A", "A or B", "A, B or C": column names a header may use instead. */
function orList(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
