// Writes MIS rows to the database: all or nothing, in one transaction, and idempotent (rows are
// matched by school and MIS id; a row whose values have not changed is not touched). A file is
// streamed: read, checked and COPYed into a staging table as it arrives, then written with one
// set-based statement per kind, so memory stays flat whatever the file's size.
import { sql } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db, Tx } from "../../platform/db";
import { calendarDateAt, defaultTimeZone } from "../../core/calendar/calendar-date";
import { endLeaverAccess } from "./end-leaver-access";
import { type CsvEncoding, type OpenBytes, openText, readPeopleCsv } from "./parse-people-csv";
import { schools } from "./schema";
import { StagedRows } from "./stage-people-rows";
import type { ImportError, ParentRow, PupilRow, StaffRow } from "./types";
import {
  checkStaged,
  findMissingStaff,
  type MissingStaff,
  type WriteCounts,
  writeStagedParents,
  writeStagedPupils,
  writeStagedStaff,
} from "./write-staged-people";

export type { MissingStaff } from "./write-staged-people";

export type PeopleKind = "staff" | "pupils" | "parents";

export type ImportSummary = {
  kind: PeopleKind;
  fileName: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  accountsCreated: number;
  /** Leavers (leave date before today) whose sign-in and sessions this import ended. */
  signInsEnded: number;
  /** Staff imports: people on record at the file's schools whom the file does not list. */
  missingStaff: MissingStaff[];
  /** CSV imports: the encoding the file was read in (null when it could not be read). */
  encoding?: CsvEncoding | null;
  seconds: number;
  rowsPerSecond: number;
  errors: ImportError[];
};

type Rows =
  | { kind: "staff"; rows: StaffRow[] }
  | { kind: "pupils"; rows: PupilRow[] }
  | { kind: "parents"; rows: ParentRow[] };

/** How often (in rows) progress is told while rows stream in. */
const PROGRESS_EVERY = 1000;

class Rollback extends Error {}

type Fill = (
  push: (row: StaffRow | PupilRow | ParentRow, line: number) => Promise<void>,
  setTotal: (total: number) => void,
) => Promise<{
  rows: number;
  errors: ImportError[];
  encoding?: CsvEncoding | null;
  /** Field to the file's header for it, for messages the database's checks give. */
  headers?: Record<string, string>;
}>;

/** The one transaction every import runs in: stage the rows, check, write, end leavers' sign-in. */
async function runImport(options: {
  db: Db;
  actor: Actor;
  kind: PeopleKind;
  fileName: string;
  dryRun?: boolean;
  asOf?: Date;
  onProgress?: (done: number, total: number) => void;
  fill: Fill;
}): Promise<ImportSummary> {
  const started = performance.now();
  const today = calendarDateAt(options.asOf ?? new Date(), defaultTimeZone);
  const summary: ImportSummary = {
    kind: options.kind,
    fileName: options.fileName,
    dryRun: Boolean(options.dryRun),
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    accountsCreated: 0,
    signInsEnded: 0,
    missingStaff: [],
    seconds: 0,
    rowsPerSecond: 0,
    errors: [],
  };
  try {
    await options.db.transaction(async (tx) => {
      // One import at a time: two overlapping imports of one file must not both insert.
      await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
      const staged = await StagedRows.open(tx, options.kind);
      let total = 0;
      const filled = await (async () => {
        try {
          return await options.fill(
            async (row, line) => {
              await staged.push(row as never, line);
              if (staged.count % PROGRESS_EVERY === 0)
                options.onProgress?.(staged.count, Math.max(total, staged.count));
            },
            (t) => {
              total = t;
            },
          );
        } finally {
          // The COPY must end before the connection can run anything else, rollback included.
          await staged.finish(tx);
        }
      })();
      summary.rows = filled.rows;
      if ("encoding" in filled) summary.encoding = filled.encoding ?? null;
      summary.errors = filled.errors;
      if (summary.errors.length) throw new Rollback();
      summary.rows = staged.count;
      options.onProgress?.(staged.count, staged.count);
      const checked = await checkStaged(tx, options.kind, options.fileName, filled.headers ?? {});
      summary.errors = checked.errors;
      if (checked.rows !== null) summary.rows = checked.rows;
      if (summary.errors.length) throw new Rollback();
      const counts = await writeStaged(tx, options.kind, options.fileName, summary, {
        headers: filled.headers,
        today,
      });
      if (summary.errors.length) throw new Rollback();
      summary.created = counts.created;
      summary.updated = counts.updated;
      summary.accountsCreated = counts.accountsCreated;
      summary.unchanged = summary.rows - summary.created - summary.updated;
      if (options.kind === "staff") {
        // In the same transaction: a leave date in the past ends sign-in now, not at the nightly job.
        summary.signInsEnded = await endLeaverAccess(tx, { today, actor: options.actor });
        summary.missingStaff = await findMissingStaff(tx, today);
      }
      if (options.dryRun) throw new Rollback();
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "people.imported",
        subjectType: options.kind,
        detail: {
          fileName: options.fileName,
          rows: summary.rows,
          created: summary.created,
          updated: summary.updated,
          unchanged: summary.unchanged,
          accountsCreated: summary.accountsCreated,
          signInsEnded: summary.signInsEnded,
          missingStaff: summary.missingStaff.length,
          ...(summary.encoding ? { encoding: summary.encoding } : {}),
        },
      });
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    if (summary.errors.length) {
      summary.created = 0;
      summary.updated = 0;
      summary.unchanged = 0;
      summary.accountsCreated = 0;
      summary.signInsEnded = 0;
      summary.missingStaff = [];
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  summary.rowsPerSecond = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : 0;
  return summary;
}

async function writeStaged(
  tx: Tx,
  kind: PeopleKind,
  fileName: string,
  summary: ImportSummary,
  staffOptions: { headers?: Record<string, string>; today: string },
): Promise<WriteCounts> {
  if (kind === "pupils") return writeStagedPupils(tx);
  if (kind === "parents") return writeStagedParents(tx);
  const { errors, ...counts } = await writeStagedStaff(tx, fileName, staffOptions);
  summary.errors = errors;
  return counts;
}

/** Rows already in hand (the demo loader): each row's line counts the header as line 1. */
export async function importPeople(options: {
  db: Db;
  actor: Actor;
  fileName: string;
  data: Rows;
  dryRun?: boolean;
  asOf?: Date;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportSummary> {
  const { data } = options;
  return runImport({
    ...options,
    kind: data.kind,
    fill: async (push, setTotal) => {
      setTotal(data.rows.length);
      for (const [i, row] of (data.rows as (StaffRow | PupilRow | ParentRow)[]).entries())
        await push(row, i + 2);
      return { rows: data.rows.length, errors: [] };
    },
  });
}

/**
 * The whole import of one CSV file: read it as a stream in its own encoding, check every line
 * against the trust's schools, stage and write it in one transaction. Any error means nothing is
 * written, and a dry run writes nothing either way.
 */
export async function importPeopleCsv(options: {
  db: Db;
  actor: Actor;
  kind: PeopleKind;
  fileName: string;
  /** The file's bytes, opened anew each time it is called (the file is read twice). */
  open?: OpenBytes;
  /** Or its text, already in hand (tests). */
  csvText?: string;
  defaultSchoolSlug?: string;
  dryRun?: boolean;
  asOf?: Date;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportSummary & { warnings: ImportError[] }> {
  const open = options.open ?? openText(options.csvText ?? "");
  const knownSchoolSlugs = (await options.db.select({ slug: schools.slug }).from(schools)).map((s) => s.slug);
  let warnings: ImportError[] = [];
  const summary = await runImport({
    ...options,
    fill: async (push, setTotal) => {
      const read = await readPeopleCsv({
        kind: options.kind,
        open,
        fileName: options.fileName,
        defaultSchoolSlug: options.defaultSchoolSlug,
        knownSchoolSlugs,
        asOf: options.asOf,
        onLines: (lines) => setTotal(Math.max(0, lines - 2)),
        onRow: (row) => push(row.row, row.lines[0]!),
        // Parents' lines are merged (and checked to agree) in SQL, so memory stays flat.
        mergeParents: false,
      });
      warnings = read.warnings;
      return { rows: read.rows, errors: read.errors, encoding: read.encoding, headers: read.headers };
    },
  });
  return { ...summary, warnings };
}
