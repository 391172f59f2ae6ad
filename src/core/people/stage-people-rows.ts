// Rows on their way into the people tables: streamed with COPY into a temporary table of the
// import's own transaction, so a file of any size costs one round trip per 64 KB and no memory
// beyond a buffer, and the tables are then written with one set-based statement per kind.
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Tx } from "../../platform/db";
import type { PeopleCsvKind } from "./csv/header-aliases";
import type { ParentRow, PupilRow, StaffRow } from "./types";

export const STAGE_TABLE = "import_people_rows";

/** The staging table's columns per kind, in COPY order; `line` is the file line each row starts on. */
const STAGE_COLUMNS: Record<PeopleCsvKind, [string, string][]> = {
  staff: [
    ["line", "int"],
    ["school_slug", "text"],
    ["external_id", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["email", "text"],
    ["job_title", "text"],
    ["employment", "text"],
    ["line_manager_external_id", "text"],
    ["start_date", "date"],
    ["leave_date", "date"],
    ["roles", "text[]"],
    // False: the file has no username column, so the record keeps its own.
    ["network_username_given", "boolean"],
    ["network_username", "text"],
  ],
  pupils: [
    ["line", "int"],
    ["school_slug", "text"],
    ["external_id", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["preferred_name", "text"],
    ["year_group", "text"],
    ["date_of_birth", "date"],
    ["left_on", "date"],
  ],
  parents: [
    ["line", "int"],
    ["school_slug", "text"],
    ["external_id", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["email", "text"],
    ["phone", "text"],
    ["relationship", "text"],
    ["pupil_upns", "text[]"],
  ],
};

type RowOf = { staff: StaffRow; pupils: PupilRow; parents: ParentRow };

function valuesOf<K extends PeopleCsvKind>(kind: K, row: RowOf[K]): (string | string[] | null)[] {
  if (kind === "staff") {
    const r = row as StaffRow;
    return [
      r.schoolSlug,
      r.externalId,
      r.firstName,
      r.lastName,
      r.email.toLowerCase(),
      r.jobTitle,
      r.employment,
      r.lineManagerExternalId,
      r.startDate,
      r.leaveDate,
      r.roles,
      r.networkUsername === undefined ? "f" : "t",
      r.networkUsername?.trim().toLowerCase() || null,
    ];
  }
  if (kind === "pupils") {
    const r = row as PupilRow;
    return [
      r.schoolSlug,
      r.externalId,
      r.firstName,
      r.lastName,
      r.preferredName,
      r.yearGroup,
      r.dateOfBirth,
      r.leftOn,
    ];
  }
  const r = row as ParentRow;
  return [
    r.schoolSlug,
    r.externalId,
    r.firstName,
    r.lastName,
    r.email,
    r.phone,
    r.relationship,
    r.pupilExternalIds,
  ];
}

/** COPY's text format: backslash escapes for the characters that delimit, \N for null. */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** A PostgreSQL array literal, each element quoted (roles and UPNs never hold quotes, but be safe). */
function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

function copyLine(line: number, values: (string | string[] | null)[]): string {
  const cells = values.map((v) =>
    v === null ? "\\N" : Array.isArray(v) ? copyText(arrayLiteral(v)) : copyText(v),
  );
  return `${line}\t${cells.join("\t")}\n`;
}

/** The node-postgres connection a Drizzle transaction runs on: COPY needs the raw client. */
export function clientOf(tx: Tx): pg.PoolClient {
  const client = (tx as unknown as { session?: { client?: pg.PoolClient } }).session?.client;
  if (!client || typeof client.query !== "function")
    throw new Error("COPY needs the transaction's node-postgres client, which Drizzle no longer exposes.");
  return client;
}

const FLUSH_AT = 64 * 1024;

export class StagedRows<K extends PeopleCsvKind> {
  private buffer = "";
  private failure: Error | null = null;
  count = 0;

  private constructor(
    readonly kind: K,
    private readonly stream: ReturnType<typeof copyFrom>,
  ) {
    stream.on("error", (error: Error) => {
      this.failure = error;
    });
  }

  /** Makes the temporary table (dropped at commit or rollback) and starts the COPY into it. */
  static async open<K extends PeopleCsvKind>(tx: Tx, kind: K): Promise<StagedRows<K>> {
    const client = clientOf(tx);
    const columns = STAGE_COLUMNS[kind];
    await client.query(
      `create temporary table ${STAGE_TABLE} (${columns.map(([n, t]) => `${n} ${t}`).join(", ")}) on commit drop`,
    );
    const stream = client.query(
      copyFrom(`copy ${STAGE_TABLE} (${columns.map(([n]) => n).join(", ")}) from stdin`),
    );
    return new StagedRows(kind, stream);
  }

  async push(row: RowOf[K], line: number): Promise<void> {
    this.count++;
    this.buffer += copyLine(line, valuesOf(this.kind, row));
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.buffer) return;
    const more = this.stream.write(this.buffer);
    this.buffer = "";
    // Wait for PostgreSQL to take what it has before sending more: this is what keeps memory flat.
    if (!more)
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.stream.off("error", fail);
          resolve();
        };
        const fail = (error: Error) => {
          this.stream.off("drain", done);
          reject(error);
        };
        this.stream.once("drain", done);
        this.stream.once("error", fail);
      });
  }

  /** Ends the COPY (always, before any other statement on the connection) and indexes the rows. */
  async finish(tx: Tx): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    const client = clientOf(tx);
    // Every later lookup goes by school id and MIS id, the people tables' unique key: resolved once
    // here, so no join can fall back to scanning an index by MIS id alone.
    await client.query(`alter table ${STAGE_TABLE} add column school_id uuid`);
    await client.query(
      `update ${STAGE_TABLE} r set school_id = s.id from schools s where s.slug = r.school_slug`,
    );
    await client.query(`create index on ${STAGE_TABLE} (school_id, external_id)`);
    if (this.kind === "staff") await client.query(`create index on ${STAGE_TABLE} (external_id)`);
    await client.query(`analyze ${STAGE_TABLE}`);
  }
}
