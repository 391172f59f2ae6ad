// Reads staff, pupil and parent CSV files in the shapes school MIS exports (SIMS, Arbor, Bromcom…)
// produce, and reports every problem a user can fix with the file, line and column to look at.
import { CsvError, parse } from "csv-parse/sync";
import {
  type ImportError,
  type ParentRow,
  type PupilRow,
  STAFF_ROLES,
  type StaffRole,
  type StaffRow,
} from "./types";

export type PeopleCsvKind = "staff" | "pupils" | "parents";

type RowOf = { staff: StaffRow; pupils: PupilRow; parents: ParentRow };

export type ParsePeopleCsvOptions<K extends PeopleCsvKind = PeopleCsvKind> = {
  kind: K;
  csvText: string;
  /** Shown in every error, so the user knows which upload is meant. */
  fileName: string;
  /** School for rows with no School column or a blank School value. */
  defaultSchoolSlug?: string;
  /** When given, a School value that is not one of these is an error. */
  knownSchoolSlugs?: string[];
  /** Parents only: when given, a Pupil UPN that is not one of these is an error. */
  knownPupilExternalIds?: string[];
  /** "Today" for date checks (a date of birth in the future); defaults to now. */
  asOf?: Date;
  /** Zone in which "today" is reckoned; defaults to Europe/London. */
  timeZone?: string;
};

export type ParsePeopleCsvResult<K extends PeopleCsvKind = PeopleCsvKind> = {
  /** Rows with no errors on any of their lines. Import nothing while `errors` is not empty. */
  rows: RowOf[K][];
  errors: ImportError[];
  /** Worth a look but not blocking, e.g. a UPN whose check letter does not match its digits. */
  warnings: ImportError[];
};

export type HeaderAlias = {
  /** The row field the column fills (`school` fills `schoolSlug`, `pupilUpn` fills `pupilExternalIds`). */
  field: string;
  /** Accepted headers, preferred first; matched ignoring case, spaces and punctuation. */
  headers: readonly string[];
  required: boolean;
  note: string;
};

const SCHOOL_ALIAS: HeaderAlias = {
  field: "school",
  headers: ["School", "School Code", "School Slug"],
  required: false,
  note: "School code (slug) or name; blank or absent means the school chosen for the file.",
};

/** The columns each kind of file may have. Other columns are ignored, so a full MIS export can be uploaded. */
export const HEADER_ALIASES = {
  staff: [
    {
      field: "externalId",
      headers: ["Staff ID", "Staff Code", "Employee Number", "Employee No", "Payroll Number"],
      required: true,
      note: "Unique within the school; line managers refer to it.",
    },
    {
      field: "firstName",
      headers: ["Legal Forename", "Forename", "First Name", "Given Name"],
      required: true,
      note: "",
    },
    {
      field: "lastName",
      headers: ["Legal Surname", "Surname", "Last Name", "Family Name"],
      required: true,
      note: "",
    },
    {
      field: "email",
      headers: ["Work Email", "Work Email Address", "Email", "Email Address"],
      required: true,
      note: "Used for sign-in and reminders; stored in lower case.",
    },
    { field: "jobTitle", headers: ["Job Title", "Role", "Post"], required: false, note: "May be blank." },
    {
      field: "employment",
      headers: ["Employment Type", "Contract Type", "Staff Type"],
      required: false,
      note: "A value starting with Volunteer means volunteer; anything else, or blank, means employee.",
    },
    {
      field: "lineManagerExternalId",
      headers: [
        "Line Manager ID",
        "Line Manager Staff Code",
        "Line Manager Code",
        "Line Manager Employee Number",
      ],
      required: false,
      note: "The line manager's Staff ID, who must be in the same file; blank for none.",
    },
    {
      field: "startDate",
      headers: ["Start Date", "Employment Start", "Employment Start Date", "Date Started"],
      required: true,
      note: "DD/MM/YYYY or YYYY-MM-DD.",
    },
    {
      field: "leaveDate",
      headers: ["Leave Date", "End Date", "Employment End", "Employment End Date", "Leaving Date"],
      required: false,
      note: "DD/MM/YYYY or YYYY-MM-DD; not before the start date.",
    },
    {
      field: "roles",
      headers: ["Conduct Roles"],
      required: false,
      note: `Semicolon list of ${STAFF_ROLES.join(", ")}; blank means staff.`,
    },
    SCHOOL_ALIAS,
  ],
  pupils: [
    {
      field: "externalId",
      headers: ["UPN", "Unique Pupil Number"],
      required: true,
      note: "13 characters: a check letter and 12 digits (the last may be a letter for a temporary UPN).",
    },
    {
      field: "firstName",
      headers: ["Legal Forename", "Forename", "First Name"],
      required: true,
      note: "",
    },
    {
      field: "preferredName",
      headers: ["Preferred Forename", "Preferred First Name", "Preferred Name", "Known As"],
      required: false,
      note: "Kept only when it differs from the legal forename.",
    },
    {
      field: "lastName",
      headers: ["Legal Surname", "Surname", "Last Name"],
      required: true,
      note: "",
    },
    {
      field: "yearGroup",
      headers: ["Year Group", "NC Year", "Year", "National Curriculum Year", "Curriculum Year"],
      required: true,
      note: 'Nursery, Reception (R) or 1 to 14 ("Year 7", "Y7", "7"); may be blank for a leaver.',
    },
    {
      field: "dateOfBirth",
      headers: ["DOB", "Date of Birth", "Birth Date"],
      required: true,
      note: "DD/MM/YYYY or YYYY-MM-DD; not in the future.",
    },
    {
      field: "leftOn",
      headers: ["Leaving Date", "Date of Leaving", "Leave Date", "Left On"],
      required: false,
      note: "DD/MM/YYYY or YYYY-MM-DD; blank for a pupil on roll.",
    },
    SCHOOL_ALIAS,
  ],
  parents: [
    {
      field: "externalId",
      headers: ["Contact ID", "Contact Code", "Parent ID", "Guardian ID"],
      required: true,
      note: "Unique within the school; rows with the same Contact ID are one contact.",
    },
    {
      field: "firstName",
      headers: ["Forename", "Legal Forename", "First Name", "Contact Forename"],
      required: true,
      note: "",
    },
    {
      field: "lastName",
      headers: ["Surname", "Legal Surname", "Last Name", "Contact Surname"],
      required: true,
      note: "",
    },
    {
      field: "email",
      headers: ["Email", "Email Address", "Contact Email", "Main Email"],
      required: false,
      note: "May be blank.",
    },
    {
      field: "phone",
      headers: ["Mobile", "Telephone", "Mobile Phone", "Phone", "Telephone Number"],
      required: false,
      note: "When several of these columns are present, the first non-blank one in this order is used.",
    },
    {
      field: "relationship",
      headers: ["Relationship", "Relationship to Pupil", "Relationship to Child", "Relation"],
      required: false,
      note: "E.g. Mother, Father, Carer; may be blank.",
    },
    {
      field: "pupilUpn",
      headers: ["Pupil UPN", "Child UPN", "Student UPN", "UPN"],
      required: true,
      note: "One row per contact and pupil, or several UPNs separated by semicolons.",
    },
    SCHOOL_ALIAS,
  ],
} as const satisfies Record<PeopleCsvKind, readonly HeaderAlias[]>;

const KIND_NOUN: Record<PeopleCsvKind, string> = {
  staff: "staff",
  pupils: "pupils",
  parents: "parents/contacts",
};

export function parsePeopleCsv<K extends PeopleCsvKind>(
  options: ParsePeopleCsvOptions<K>,
): ParsePeopleCsvResult<K> {
  const ctx = new Context(options);
  const table = readCsv(options.csvText, ctx);
  if (!table) return ctx.result([]);
  const columns = resolveColumns(options.kind, table.header, ctx);
  if (!columns) return ctx.result([]);
  const rows =
    options.kind === "staff"
      ? readStaff(table.records, columns, ctx)
      : options.kind === "pupils"
        ? readPupils(table.records, columns, ctx)
        : readParents(table.records, columns, ctx);
  return ctx.result(rows as Lined<RowOf[K]>[]);
}

// ---------------------------------------------------------------------------------------------
// Collecting problems

type Lined<T> = { row: T; lines: number[] };

class Context {
  readonly errors: ImportError[] = [];
  readonly warnings: ImportError[] = [];
  private readonly badLines = new Set<number>();
  readonly today: string;

  constructor(readonly options: ParsePeopleCsvOptions) {
    this.today = localDate(options.asOf ?? new Date(), options.timeZone ?? "Europe/London");
  }

  error(line: number, field: string, message: string): void {
    this.errors.push({ file: this.options.fileName, line, field, message });
    this.badLines.add(line);
  }

  warn(line: number, field: string, message: string): void {
    this.warnings.push({ file: this.options.fileName, line, field, message });
  }

  result<T>(rows: Lined<T>[]): { rows: T[]; errors: ImportError[]; warnings: ImportError[] } {
    const byLine = (a: ImportError, b: ImportError) => a.line - b.line;
    return {
      rows: rows.filter((r) => r.lines.every((l) => !this.badLines.has(l))).map((r) => r.row),
      errors: [...this.errors].sort(byLine),
      warnings: [...this.warnings].sort(byLine),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// CSV structure

type CsvRecord = { line: number; values: string[] };

function readCsv(csvText: string, ctx: Context): { header: string[]; records: CsvRecord[] } | null {
  // One kind of line ending: csv-parse miscounts lines when a quoted value holds a CRLF.
  const text = (csvText.charCodeAt(0) === 0xfeff ? csvText.slice(1) : csvText).replace(/\r\n?/g, "\n");
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      info: true,
      skip_empty_lines: true,
      // Spreadsheets save blank rows as ",,,,"; they are not people.
      skip_records_with_empty_values: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    reportBrokenCsv(e, text, ctx);
    return null;
  }
  if (parsed.length === 0) {
    ctx.error(
      1,
      "",
      "The file is empty. Export it again from your MIS with a header row and one row per person.",
    );
    return null;
  }
  // csv-parse reports the line a record ends on; a quoted value may span lines, so count back.
  const records = parsed.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, v) => n + countNewlines(v), 0),
    values: record.map((v) => v.trim()),
  }));
  const [header, ...rest] = records;
  return { header: header!.values, records: rest };
}

function reportBrokenCsv(e: CsvError, text: string, ctx: Context): void {
  const fix = "Check for a stray quotation mark, or export the file again as CSV from your MIS.";
  const at = e as CsvError & { lines?: number; record?: string[]; column?: number | string };
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED": {
      const line = lineOfUnclosedQuote(text);
      ctx.error(line, "", `A quoted value starts on this line and is never closed. ${fix}`);
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
    default:
      ctx.error(at.lines ?? 1, "", `This line is not valid CSV (${e.message}). ${fix}`);
  }
}

/** The line where the last opened and never closed quoted value starts. */
function lineOfUnclosedQuote(text: string): number {
  let line = 1;
  let inQuotes = false;
  let openedOn = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (c === "\n") line++;
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      openedOn = line;
    }
    if (c === "\n") line++;
    atFieldStart = c === "," || c === "\n";
  }
  return inQuotes ? openedOn : line;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Columns

/** Present columns for each field, in the order of preference. */
type Columns = Map<string, { index: number; header: string }[]>;

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

function resolveColumns(kind: PeopleCsvKind, header: string[], ctx: Context): Columns | null {
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
          (others.length > 0 ? ` (${others.join(", ")} also work).` : ".") +
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

type Cell = { value: string; header: string };

/** The value of a field on a line; with several candidate columns, the first non-blank one. */
function cellOf(record: CsvRecord, columns: Columns, field: string): Cell | null {
  const found = columns.get(field);
  if (!found) return null;
  // Only the phone may fall back to another column: mixing ID columns row by row would mix ID schemes.
  const candidates = field === "phone" ? found : found.slice(0, 1);
  const chosen = candidates.find((c) => record.values[c.index] !== "") ?? candidates[0]!;
  return { value: record.values[chosen.index]!, header: chosen.header };
}

// ---------------------------------------------------------------------------------------------
// Shared value checks

function required(ctx: Context, line: number, cell: Cell | null, what: string): string | null {
  if (!cell || cell.value === "") {
    ctx.error(line, cell?.header ?? "", `${cell?.header ?? what} is empty. Fill in ${what}.`);
    return null;
  }
  return cell.value.replace(/\s+/g, " ");
}

function optional(cell: Cell | null): string | null {
  return cell && cell.value !== "" ? cell.value.replace(/\s+/g, " ") : null;
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

function email(ctx: Context, line: number, cell: Cell, value: string): string | null {
  if (!EMAIL.test(value)) {
    ctx.error(
      line,
      cell.header,
      `${cell.header} "${value}" is not an email address. Give one address like name@school.org.uk, or leave it blank if allowed.`,
    );
    return null;
  }
  return value.toLowerCase();
}

function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function school(ctx: Context, line: number, cell: Cell | null): string | null {
  const known = ctx.options.knownSchoolSlugs;
  if (!cell || cell.value === "") {
    if (ctx.options.defaultSchoolSlug) return ctx.options.defaultSchoolSlug;
    ctx.error(
      line,
      cell?.header ?? "School",
      "School is empty and no school was chosen for this file. Fill in the school code" +
        (known ? ` (one of: ${known.join(", ")}).` : "."),
    );
    return null;
  }
  const slug = slugify(cell.value);
  if (known && !known.includes(slug)) {
    ctx.error(
      line,
      cell.header,
      `${cell.header} "${cell.value}" is not one of this trust's schools. Use one of: ${known.join(", ")}.`,
    );
    return null;
  }
  return slug;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]00:00(?::00)?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/;

/** UK MIS exports write dates day first; ISO dates are accepted too. Returns YYYY-MM-DD or why not. */
function parseDate(value: string): { date: string } | { problem: string } {
  let y: number;
  let m: number;
  let d: number;
  const uk = UK_DATE.exec(value);
  const iso = ISO_DATE.exec(value);
  if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(value))
    return { problem: "has a two-digit year, which is ambiguous" };
  else return { problem: "is not a date this import reads" };
  if (m < 1 || m > 12) {
    return {
      problem: uk
        ? `has month ${m}, so it is not a day/month/year date (US-style month/day dates are not accepted)`
        : `has month ${m}`,
    };
  }
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) {
    return { problem: `is not a real date (${MONTHS[m - 1]} ${y} has ${daysInMonth} days)` };
  }
  if (y < 1900 || y > 2100) return { problem: `has the year ${y}, which cannot be right` };
  return { date: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

const DATE_HOW = "Write dates as DD/MM/YYYY (e.g. 01/09/2015) or YYYY-MM-DD.";

function date(ctx: Context, line: number, cell: Cell, value: string): string | null {
  const parsed = parseDate(value);
  if ("problem" in parsed) {
    ctx.error(line, cell.header, `${cell.header} "${value}" ${parsed.problem}. ${DATE_HOW}`);
    return null;
  }
  return parsed.date;
}

function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function ukDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

const UPN_SHAPE = /^[A-Z]\d{11}[0-9A-Z]$/;
const UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

/** The DfE check letter: characters 2–13 weighted by position, modulo 23. */
export function upnCheckLetter(upn: string): string {
  let sum = 0;
  for (let i = 1; i < 13; i++) {
    const c = upn[i]!;
    const v = /\d/.test(c) ? Number(c) : UPN_LETTERS.indexOf(c);
    sum += v * (i + 1);
  }
  return UPN_LETTERS[sum % 23]!;
}

/** Normalises a UPN; an error only when clearly not a UPN, a warning when the check letter is off. */
function upn(ctx: Context, line: number, header: string, raw: string): string | null {
  const value = raw.replace(/\s+/g, "").toUpperCase();
  if (!UPN_SHAPE.test(value)) {
    ctx.error(
      line,
      header,
      `${header} "${raw}" is not a UPN: a UPN is 13 characters, a letter then 12 digits (e.g. B801200005001). Check the column holds UPNs, not admission numbers.`,
    );
    return null;
  }
  const last = value[12]!;
  const check = /\d/.test(last) || UPN_LETTERS.includes(last) ? upnCheckLetter(value) : null;
  if (check !== value[0]) {
    ctx.warn(
      line,
      header,
      check
        ? `${header} "${value}" starts with ${value[0]} but its digits give the check letter ${check}; the DfE census will reject it. Check it in your MIS.`
        : `${header} "${value}" ends in ${last}, which a temporary UPN never does. Check it in your MIS.`,
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Staff

const ROLE_WORDS: Record<string, StaffRole> = {
  headteacher: "principal",
  "head-teacher": "principal",
  head: "principal",
  "executive-head": "principal",
  slt: "senior-leader",
  "senior-leadership": "senior-leader",
  "senior-leadership-team": "senior-leader",
  "designated-safeguarding-lead": "dsl",
  "it-manager": "it-director",
  "human-resources": "hr",
};

function roles(ctx: Context, line: number, cell: Cell | null): StaffRole[] | null {
  const words = (cell?.value ?? "")
    .split(/[;,|]/)
    .map((w) =>
      w
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, "-"),
    )
    .filter((w) => w !== "");
  if (words.length === 0) return ["staff"];
  const found: StaffRole[] = [];
  for (const w of words) {
    const role = (STAFF_ROLES as readonly string[]).includes(w) ? (w as StaffRole) : ROLE_WORDS[w];
    if (!role) {
      ctx.error(
        line,
        cell!.header,
        `${cell!.header} has "${w}", which is not a Conduct role. Use any of ${STAFF_ROLES.join(", ")}, separated by semicolons.`,
      );
      return null;
    }
    if (!found.includes(role)) found.push(role);
  }
  return found;
}

function readStaff(records: CsvRecord[], columns: Columns, ctx: Context): Lined<StaffRow>[] {
  const out: Lined<StaffRow>[] = [];
  const seen = new Map<string, number>();
  const emails = new Map<string, number>();
  const allIds = new Set<string>();
  for (const rec of records) {
    const cell = (f: string) => cellOf(rec, columns, f);
    const line = rec.line;
    const externalId = required(ctx, line, cell("externalId"), "the person's staff ID");
    if (externalId) allIds.add(externalId);
    const firstName = required(ctx, line, cell("firstName"), "the first name");
    const lastName = required(ctx, line, cell("lastName"), "the surname");
    const emailCell = cell("email");
    const emailText = required(ctx, line, emailCell, "the work email address");
    const emailValue = emailText ? email(ctx, line, emailCell!, emailText) : null;
    const jobTitle = optional(cell("jobTitle")) ?? "";
    const employment = (optional(cell("employment")) ?? "").toLowerCase().startsWith("volunteer")
      ? "volunteer"
      : "employee";
    const managerCell = cell("lineManagerExternalId");
    const lineManagerExternalId = optional(managerCell);
    const startCell = cell("startDate");
    const startText = required(ctx, line, startCell, "the date they started (DD/MM/YYYY)");
    const startDate = startText ? date(ctx, line, startCell!, startText) : null;
    const leaveCell = cell("leaveDate");
    const leaveText = optional(leaveCell);
    const leaveDate = leaveText ? date(ctx, line, leaveCell!, leaveText) : null;
    const roleList = roles(ctx, line, cell("roles"));
    const schoolSlug = school(ctx, line, cell("school"));

    if (externalId && schoolSlug) {
      const key = `${schoolSlug}\n${externalId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const header = cell("externalId")!.header;
        ctx.error(
          line,
          header,
          `${header} "${externalId}" is also on line ${first}. Each member of staff must appear once per school; remove or correct one of the rows.`,
        );
      } else seen.set(key, line);
    }
    if (emailValue && schoolSlug) {
      const key = `${schoolSlug}\n${emailValue}`;
      const first = emails.get(key);
      if (first !== undefined) {
        ctx.error(
          line,
          emailCell!.header,
          `${emailCell!.header} "${emailValue}" is also on line ${first}. Each member of staff needs their own work email.`,
        );
      } else emails.set(key, line);
    }
    if (startDate && leaveDate && leaveDate < startDate) {
      ctx.error(
        line,
        leaveCell!.header,
        `${leaveCell!.header} ${ukDate(leaveDate)} is before ${startCell!.header} ${ukDate(startDate)}. Correct one of them.`,
      );
    }
    if (
      externalId &&
      firstName &&
      lastName &&
      emailValue &&
      startDate &&
      roleList &&
      schoolSlug &&
      (leaveDate || !leaveText)
    ) {
      out.push({
        row: {
          externalId,
          schoolSlug,
          firstName,
          lastName,
          email: emailValue,
          jobTitle,
          employment,
          lineManagerExternalId,
          startDate,
          leaveDate,
          roles: roleList,
        },
        lines: [line],
      });
    }
  }
  checkLineManagers(records, columns, allIds, ctx);
  return out;
}

/** Line managers must be in the same file, not the person themselves, and not form a loop. */
function checkLineManagers(records: CsvRecord[], columns: Columns, allIds: Set<string>, ctx: Context): void {
  if (!columns.has("lineManagerExternalId")) return;
  const managerOf = new Map<string, { manager: string; line: number }>();
  const idHeader = columns.get("externalId")![0]!.header;
  for (const rec of records) {
    const id = optional(cellOf(rec, columns, "externalId"));
    const managerCell = cellOf(rec, columns, "lineManagerExternalId")!;
    const manager = optional(managerCell);
    if (!id || !manager) continue;
    if (manager === id) {
      ctx.error(
        rec.line,
        managerCell.header,
        `${managerCell.header} is this person's own ${idHeader}. Give their line manager's ID, or leave it blank if they have none.`,
      );
    } else if (!allIds.has(manager)) {
      ctx.error(
        rec.line,
        managerCell.header,
        `${managerCell.header} "${manager}" matches no ${idHeader} in this file. Add the line manager to the file, correct the ID, or leave it blank.`,
      );
    } else if (!managerOf.has(id)) {
      managerOf.set(id, { manager, line: rec.line });
    }
  }
  const done = new Set<string>();
  for (const start of managerOf.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at && !done.has(at) && !path.includes(at)) {
      path.push(at);
      at = managerOf.get(at)?.manager;
    }
    if (at && path.includes(at)) {
      const loop = path.slice(path.indexOf(at));
      const header = columns.get("lineManagerExternalId")![0]!.header;
      ctx.error(
        managerOf.get(at)!.line,
        header,
        `Line managers go round in a circle: ${[...loop, at].join(" → ")}. Someone in it must report to a person outside the circle, or to no one.`,
      );
    }
    for (const p of path) done.add(p);
  }
}

// ---------------------------------------------------------------------------------------------
// Pupils

/** Canonical year group: "Nursery", "Reception" or "Year N" (N from 1 to 14). */
function yearGroup(value: string): string | null {
  const v = value.toLowerCase().replace(/[\s._-]+/g, "");
  if (/^(n|n1|n2|nursery|nursery1|nursery2|fs1|f1)$/.test(v)) return "Nursery";
  if (/^(r|rec|reception|yr|yearr|yearreception|fs2|f2)$/.test(v)) return "Reception";
  const m = /^(?:year|yr|y|ncyear)?0?(\d{1,2})$/.exec(v);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 14) return `Year ${Number(m[1])}`;
  return null;
}

function readPupils(records: CsvRecord[], columns: Columns, ctx: Context): Lined<PupilRow>[] {
  const out: Lined<PupilRow>[] = [];
  const seen = new Map<string, number>();
  for (const rec of records) {
    const cell = (f: string) => cellOf(rec, columns, f);
    const line = rec.line;
    const upnCell = cell("externalId")!;
    const upnText = required(ctx, line, upnCell, "the pupil's UPN");
    const externalId = upnText ? upn(ctx, line, upnCell.header, upnText) : null;
    const firstName = required(ctx, line, cell("firstName"), "the pupil's legal first name");
    const lastName = required(ctx, line, cell("lastName"), "the pupil's legal surname");
    const preferred = optional(cell("preferredName"));
    const preferredName = preferred && preferred !== firstName ? preferred : null;

    const leftCell = cell("leftOn");
    const leftText = optional(leftCell);
    const leftOn = leftText ? date(ctx, line, leftCell!, leftText) : null;

    const yearCell = cell("yearGroup")!;
    const yearText = optional(yearCell);
    let year: string | null = null;
    if (yearText) {
      year = yearGroup(yearText);
      if (!year) {
        ctx.error(
          line,
          yearCell.header,
          `${yearCell.header} "${yearText}" is not a year group. Use Nursery, Reception (or R), or a year from 1 to 14 such as "Year 7" or "7".`,
        );
      }
    } else if (leftText) year = "";
    else required(ctx, line, yearCell, "the pupil's year group (e.g. Year 7, Reception)");

    const dobCell = cell("dateOfBirth")!;
    const dobText = required(ctx, line, dobCell, "the pupil's date of birth (DD/MM/YYYY)");
    let dateOfBirth = dobText ? date(ctx, line, dobCell, dobText) : null;
    if (dateOfBirth && dateOfBirth > ctx.today) {
      ctx.error(
        line,
        dobCell.header,
        `${dobCell.header} ${ukDate(dateOfBirth)} is in the future. Check the year.`,
      );
      dateOfBirth = null;
    } else if (dateOfBirth && yearsBetween(dateOfBirth, ctx.today) < 2) {
      ctx.error(
        line,
        dobCell.header,
        `${dobCell.header} ${ukDate(dateOfBirth)} makes the pupil younger than two. Check the year.`,
      );
      dateOfBirth = null;
    }
    if (dateOfBirth && leftOn && leftOn < dateOfBirth) {
      ctx.error(
        line,
        leftCell!.header,
        `${leftCell!.header} ${ukDate(leftOn)} is before the date of birth. Correct one of them.`,
      );
    }
    const schoolSlug = school(ctx, line, cell("school"));

    if (externalId && schoolSlug) {
      const key = `${schoolSlug}\n${externalId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.error(
          line,
          upnCell.header,
          `${upnCell.header} ${externalId} is also on line ${first}. Each pupil must appear once per school; remove or correct one of the rows.`,
        );
      } else seen.set(key, line);
    }
    if (
      externalId &&
      firstName &&
      lastName &&
      year !== null &&
      dateOfBirth &&
      schoolSlug &&
      (leftOn || !leftText)
    ) {
      out.push({
        row: {
          externalId,
          schoolSlug,
          firstName,
          lastName,
          preferredName,
          yearGroup: year,
          dateOfBirth,
          leftOn,
        },
        lines: [line],
      });
    }
  }
  return out;
}

/** Whole years from one YYYY-MM-DD date to another. */
function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

// ---------------------------------------------------------------------------------------------
// Parents and other contacts

const PHONE = /^\+?[0-9 ()\-.]+$/;

function readParents(records: CsvRecord[], columns: Columns, ctx: Context): Lined<ParentRow>[] {
  const byKey = new Map<string, Lined<ParentRow> & { firstLine: number; relationships: string[] }>();
  const known = ctx.options.knownPupilExternalIds ? new Set(ctx.options.knownPupilExternalIds) : null;
  for (const rec of records) {
    const cell = (f: string) => cellOf(rec, columns, f);
    const line = rec.line;
    const externalId = required(ctx, line, cell("externalId"), "the contact's ID");
    const firstName = required(ctx, line, cell("firstName"), "the contact's first name");
    const lastName = required(ctx, line, cell("lastName"), "the contact's surname");
    const emailCell = cell("email");
    const emailText = optional(emailCell);
    const emailValue = emailText ? email(ctx, line, emailCell!, emailText) : null;
    const phoneCell = cell("phone");
    const phone = optional(phoneCell);
    if (phone && (!PHONE.test(phone) || phone.replace(/\D/g, "").length < 7)) {
      ctx.error(
        line,
        phoneCell!.header,
        `${phoneCell!.header} "${phone}" is not a telephone number. Give digits only (spaces and a leading + are fine), or leave it blank.`,
      );
    }
    const relationship = optional(cell("relationship")) ?? "";
    const upnCell = cell("pupilUpn")!;
    const upnParts = upnCell.value
      .split(/[;,|]/)
      .map((p) => p.trim())
      .filter((p) => p !== "");
    if (upnParts.length === 0) {
      ctx.error(
        line,
        upnCell.header,
        `${upnCell.header} is empty. Give the UPN of the pupil this contact is linked to (several may be separated by semicolons).`,
      );
    }
    const upns: string[] = [];
    for (const part of upnParts) {
      const value = upn(ctx, line, upnCell.header, part);
      if (!value) continue;
      if (known && !known.has(value)) {
        ctx.error(
          line,
          upnCell.header,
          `${upnCell.header} ${value} is not a pupil Conduct knows. Import the pupils first, or correct the UPN.`,
        );
        continue;
      }
      if (!upns.includes(value)) upns.push(value);
    }
    const schoolSlug = school(ctx, line, cell("school"));
    if (!externalId || !firstName || !lastName || !schoolSlug) continue;

    const key = `${schoolSlug}\n${externalId}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, {
        row: {
          externalId,
          schoolSlug,
          firstName,
          lastName,
          email: emailValue,
          phone,
          pupilExternalIds: upns,
          relationship,
        },
        lines: [line],
        firstLine: line,
        relationships: relationship ? [relationship] : [],
      });
      continue;
    }
    // The same contact on several lines (one per child): details must agree, links add up.
    existing.lines.push(line);
    const row = existing.row;
    const agree = (field: "firstName" | "lastName" | "email" | "phone", value: string | null) => {
      const header = cell(field)?.header ?? field;
      if (value === null) return;
      if (row[field] === null) {
        row[field] = value;
      } else if (row[field] !== value) {
        ctx.error(
          line,
          header,
          `Contact ${externalId} has ${header} "${row[field]}" on line ${existing.firstLine} but "${value}" here. Make the rows for one contact agree.`,
        );
      }
    };
    agree("firstName", firstName);
    agree("lastName", lastName);
    agree("email", emailValue);
    agree("phone", phone);
    for (const u of upns) if (!row.pupilExternalIds.includes(u)) row.pupilExternalIds.push(u);
    if (relationship && !existing.relationships.includes(relationship)) {
      existing.relationships.push(relationship);
      row.relationship = existing.relationships.join("; ");
    }
  }
  return [...byKey.values()].map(({ row, lines }) => ({ row, lines }));
}
