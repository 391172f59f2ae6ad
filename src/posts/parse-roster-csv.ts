// Reads a roster CSV (kind,school,first_name,last_name,year_group,date_of_birth,left_on) for the
// CLI's --roster option. Every problem is reported with the file, line and field, so a school can
// fix its export; nothing is half-loaded.
import { parse } from "csv-parse/sync";
import { type FileError, ROSTER_KINDS, type RosterKind, type RosterPerson } from "./types";

export interface ParseRosterCsvOptions {
  csvText: string;
  fileName: string;
}

export type ParseRosterCsvResult = { ok: true; people: RosterPerson[] } | { ok: false; errors: FileError[] };

const requiredColumns = ["kind", "school", "first_name", "last_name"] as const;
const optionalColumns = ["year_group", "date_of_birth", "left_on"] as const;

export function parseRosterCsv({ csvText, fileName }: ParseRosterCsvOptions): ParseRosterCsvResult {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(csvText, {
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 1);
    return {
      ok: false,
      errors: [{ file: fileName, line, field: "", message: `not valid CSV: ${(error as Error).message}` }],
    };
  }
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [{ file: fileName, line: 1, field: "", message: "the file is empty; expected a header row" }],
    };
  }
  const header = rows[0]!.record.map((name) => name.toLowerCase().replace(/[\s-]+/g, "_"));
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: missing.map((column) => ({
        file: fileName,
        line: 1,
        field: column,
        message: `missing column ${column}; the header must include ${[...requiredColumns, ...optionalColumns].join(",")}`,
      })),
    };
  }
  const column = (name: string) => header.indexOf(name);
  const people: RosterPerson[] = [];
  const errors: FileError[] = [];
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const value = (name: string) => {
      const i = column(name);
      return i >= 0 ? (record[i] ?? "").trim() : "";
    };
    const fail = (field: string, message: string) => errors.push({ file: fileName, line, field, message });
    const kind = value("kind").toLowerCase();
    if (!(ROSTER_KINDS as readonly string[]).includes(kind)) {
      fail("kind", `"${value("kind")}" is not a kind; use one of ${ROSTER_KINDS.join(", ")}`);
    }
    for (const name of ["school", "first_name", "last_name"]) if (value(name) === "") fail(name, "is empty");
    for (const name of ["date_of_birth", "left_on"]) {
      const date = value(name);
      if (date !== "" && !isCalendarDate(date)) fail(name, `"${date}" is not a date in the form YYYY-MM-DD`);
    }
    const person: RosterPerson = {
      kind: kind as RosterKind,
      school: value("school"),
      firstName: value("first_name"),
      lastName: value("last_name"),
    };
    if (value("year_group")) person.yearGroup = value("year_group");
    if (value("date_of_birth")) person.dateOfBirth = value("date_of_birth");
    if (value("left_on")) person.leftOn = value("left_on");
    people.push(person);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, people };
}

export function isCalendarDate(value: string): boolean {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
