// The stored shape of active minutes (schema.ts, monitoring_minutes): one row per person, platform
// and UTC hour, bit k of each class mask being minute k of that hour. The SQL pieces every reader
// counts with, so that a count over hour rows gives what a count over minute rows gave.
import { type SQL, sql } from "drizzle-orm";
import type { MinuteClass } from "./classify-minute";

/** The classes in the order ingest and re-class number them, with the column of each mask. */
export const CLASSES: readonly MinuteClass[] = ["pupilsPresent", "directedNoPupils", "allowed"];
export const CLASS_COLUMNS: Record<MinuteClass, string> = {
  pupilsPresent: "pupils_present",
  directedNoPupils: "directed_no_pupils",
  allowed: "allowed",
};

/** Every minute of an hour: bits 0 to 59. */
export const FULL_HOUR = sql.raw("1152921504606846975::bigint");

/** The minutes set in a mask (bit_count needs a bit string; PostgreSQL 14 or later). */
export function bitCount(mask: SQL): SQL<number> {
  return sql<number>`bit_count((${mask})::bit(64))`;
}

/** A row's active minutes, in any class, as SQL text; `m` is the table's alias. */
export function allBits(m: string): string {
  return `(${m}.pupils_present | ${m}.directed_no_pupils | ${m}.allowed)`;
}

/** A row's active minutes, in any class; `m` is the table's alias, if it has one. */
export function allMinutes(m = "monitoring_minutes"): SQL {
  return sql.raw(allBits(m));
}

/** One class's mask of a row. */
export function classMinutes(cls: MinuteClass, m = "monitoring_minutes"): SQL {
  return sql.raw(`${m}.${CLASS_COLUMNS[cls]}`);
}

/**
 * The bits of the minutes of the hour starting at `hour` that fall in [from, to): what a filter
 * `minute >= from and minute < to` kept of the per-minute rows. Either bound may be left open.
 */
export function minutesWithin(hour: SQL, from: SQL | null, to: SQL | null): SQL {
  const bit = (at: SQL) =>
    sql`((1::bigint << least(60, greatest(0, ceil(extract(epoch from (${at} - ${hour})) / 60)))::int) - 1)`;
  if (from && to) return sql`(${bit(to)} & ~${bit(from)})`;
  if (from) return sql`(${FULL_HOUR} & ~${bit(from)})`;
  if (to) return bit(to);
  return FULL_HOUR;
}

/**
 * The hour rows that can hold a minute in [from, to), for the indexes: an hour starting up to an
 * hour before `from` may hold minutes after it.
 */
export function hoursTouching(hour: SQL, from: SQL | null, to: SQL | null): SQL {
  const parts: SQL[] = [];
  if (from) parts.push(sql`${hour} > ${from} - interval '1 hour'`);
  if (to) parts.push(sql`${hour} < ${to}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/**
 * A lateral list of the school-local parts of the UTC hour `hour`, as (local, bits): `local` the
 * local time (timestamp) of the part's first minute, `bits` its minutes. In a zone a whole number of
 * hours from UTC, one part (every minute, one local hour); in a half-hour or 45-minute zone (India,
 * Nepal, South Australia), two, split where the local hour turns, so counts by local hour or day
 * stay exact there too. Use as `cross join lateral ${localParts(...)} as part(local, bits)`.
 */
export function localParts(hour: SQL, timeZone: string | SQL): SQL {
  const offset = sql`(60 - extract(minute from ${hour} at time zone ${timeZone})::int)`;
  return sql`(values
    (${hour} at time zone ${timeZone}, (1::bigint << ${offset}) - 1),
    ((${hour} + make_interval(mins => ${offset})) at time zone ${timeZone}, ${FULL_HOUR} & ~((1::bigint << ${offset}) - 1)))`;
}

/**
 * Classed minutes gathered into hour rows as they come from summariseMinutes' onMinute (ascending by
 * person, then minute): the masks in two 30-bit halves (minutes 0-29, 30-59), since a JS bitwise
 * operation has 32 bits. Nine integers a row (person, platform, hour, six halves) in fixed blocks,
 * so growing never copies, until COPY turns them into text.
 */
export class HourRows {
  length = 0;
  /** Rows of STRIDE integers, BLOCK_ROWS a block (read by hourRowsAsBinaryCopy). */
  readonly blocks: Int32Array[] = [];
  private currentPerson = -1;
  private currentHour = -1;
  /** The row of each platform in the current (person, hour), or -1. */
  private open = new Int32Array(256).fill(-1);
  private touched: number[] = [];

  /** `cls`: the index in CLASSES. `minute`: minutes since the epoch, UTC. */
  add(person: number, platform: number, minute: number, cls: number): void {
    const hour = Math.floor(minute / 60);
    if (person !== this.currentPerson || hour !== this.currentHour) {
      for (const p of this.touched) this.open[p] = -1;
      this.touched.length = 0;
      this.currentPerson = person;
      this.currentHour = hour;
    }
    let row = this.open[platform]!;
    if (row < 0) {
      row = this.length++;
      if (row % BLOCK_ROWS === 0) this.blocks.push(new Int32Array(BLOCK_ROWS * STRIDE));
      const at = (row % BLOCK_ROWS) * STRIDE;
      const block = this.blocks[this.blocks.length - 1]!;
      block[at] = person;
      block[at + 1] = platform;
      block[at + 2] = hour;
      this.open[platform] = row;
      this.touched.push(platform);
    }
    const block = this.blocks[Math.floor(row / BLOCK_ROWS)]!;
    const at = (row % BLOCK_ROWS) * STRIDE + 3 + cls * 2;
    const k = minute - hour * 60;
    if (k < 30) block[at]! |= 1 << k;
    else block[at + 1]! |= 1 << (k - 30);
  }

  /** The block and offset of row i: person, platform, hour, then the six mask halves. */
  slot(i: number): [Int32Array, number] {
    return [this.blocks[Math.floor(i / BLOCK_ROWS)]!, (i % BLOCK_ROWS) * STRIDE];
  }

  /**
   * The rows' indexes in the order of (staffIds[person], platformIds[platform], hour) as the
   * database orders those ids (uuids by their bytes, ASCII platform ids by code): a counting sort
   * by person and platform, stable, so each (person, platform)'s rows stay in the ascending hours
   * they were added in.
   */
  keyOrder(staffIds: readonly string[], platformIds: readonly string[]): Uint32Array {
    const rank = (ids: readonly string[]) => {
      const byId = ids.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
      const ranks = new Int32Array(ids.length);
      byId.forEach((i, r) => {
        ranks[i] = r;
      });
      return ranks;
    };
    const personRank = rank(staffIds.map((id) => id.toLowerCase()));
    const platformRank = rank(platformIds);
    const width = platformIds.length;
    const starts = new Uint32Array(staffIds.length * width + 1);
    const bucket = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const [b, o] = this.slot(i);
      bucket[i] = personRank[b[o]!]! * width + platformRank[b[o + 1]!]!;
      starts[bucket[i]! + 1]!++;
    }
    for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) order[starts[bucket[i]!]!++] = i;
    return order;
  }

  /** Row i in COPY's text format: person, platform, hour, then the six mask halves. */
  copyLine(i: number): string {
    const b = this.blocks[Math.floor(i / BLOCK_ROWS)]!;
    const o = (i % BLOCK_ROWS) * STRIDE;
    return `${b[o]}\t${b[o + 1]}\t${b[o + 2]}\t${b[o + 3]}\t${b[o + 4]}\t${b[o + 5]}\t${b[o + 6]}\t${b[o + 7]}\t${b[o + 8]}\n`;
  }
}

/**
 * Hour rows in COPY's binary format, in the primary key's order (staff id, platform, hour): the
 * columns of HOUR_ROW_TABLE_COLUMNS, with the school's id on every row. Binary, because the server
 * then parses no uuid or timestamp text; in key order, because a B-tree takes ascending keys about
 * twice as fast as scattered ones (each page is filled once, and written to the WAL once).
 * `staffIds[person]` and `platformIds[platform]` give each index its stored id.
 */
export function* hourRowsAsBinaryCopy(
  rows: HourRows,
  staffIds: readonly string[],
  platformIds: readonly string[],
  schoolId: string,
  batchRows = 20_000,
): Generator<Buffer> {
  const order = rows.keyOrder(staffIds, platformIds);
  const uuids = staffIds.map(uuidBytes);
  const names = platformIds.map((id) => Buffer.from(id, "utf8"));
  const widest = Math.max(0, ...names.map((n) => n.length));
  yield Buffer.from([...Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), 0, 0, 0, 0, 0, 0, 0, 0]);
  // A row: the field count, then each field's length and bytes. What comes before the hour is the
  // same for a (person, platform) run, and the school between the hour and the masks for every row.
  const school = Buffer.concat([int32(16), uuidBytes(schoolId)]);
  const prefixOf = (person: number, platform: number) =>
    Buffer.concat([
      Buffer.from([0, 7]),
      int32(16),
      uuids[person]!,
      int32(names[platform]!.length),
      names[platform]!,
    ]);
  const rowBytes = 2 + 4 + 16 + 4 + widest + 4 + 8 + school.length + 3 * (4 + 8);
  let prefix = Buffer.alloc(0);
  let run = -1;
  for (let first = 0; first < order.length; first += batchRows) {
    const last = Math.min(order.length, first + batchRows);
    const out = Buffer.allocUnsafe((last - first) * rowBytes + (last === order.length ? 2 : 0));
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    let at = 0;
    for (let k = first; k < last; k++) {
      const i = order[k]!;
      const b = rows.blocks[Math.floor(i / BLOCK_ROWS)]!;
      const o = (i % BLOCK_ROWS) * STRIDE;
      const key = b[o]! * 65_536 + b[o + 1]!;
      if (key !== run) {
        run = key;
        prefix = prefixOf(b[o]!, b[o + 1]!);
      }
      out.set(prefix, at);
      at += prefix.length;
      // timestamptz: microseconds since 2000-01-01 UTC, exact in a double for any real hour.
      const micros = (b[o + 2]! * 3600 - PG_EPOCH_SECONDS) * 1e6;
      const high = Math.floor(micros / 2 ** 32);
      view.setInt32(at, 8);
      view.setInt32(at + 4, high);
      view.setUint32(at + 8, micros - high * 2 ** 32);
      at += 12;
      out.set(school, at);
      at += school.length;
      for (let c = 0; c < 3; c++) {
        // The mask's 60 bits from two 30-bit halves: bits 32-59 are the high half's top 28 bits.
        const lo = b[o + 3 + c * 2]!;
        const hi = b[o + 4 + c * 2]!;
        view.setInt32(at, 8);
        view.setUint32(at + 4, hi >>> 2);
        view.setUint32(at + 8, (((hi & 3) << 30) | lo) >>> 0);
        at += 12;
      }
    }
    if (last === order.length) at = out.writeInt16BE(-1, at);
    yield out.subarray(0, at);
  }
  if (order.length === 0) yield Buffer.from([0xff, 0xff]);
}

/** The columns hourRowsAsBinaryCopy writes, in its order. */
export const HOUR_ROW_TABLE_COLUMNS =
  "staff_id, platform, hour, school_id, pupils_present, directed_no_pupils, allowed";

const PG_EPOCH_SECONDS = 946_684_800;

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function uuidBytes(id: string): Buffer {
  const hex = id.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(hex, "hex");
}

const STRIDE = 9;
const BLOCK_ROWS = 1 << 15;

/** The staging table's columns for HourRows.copyLine, and the masks they make in SQL (alias s). */
export const HOUR_ROW_COLUMNS =
  "person int, platform smallint, hour int, p_lo int, p_hi int, d_lo int, d_hi int, a_lo int, a_hi int";
export const STAGED_MASKS = {
  pupilsPresent: "((s.p_hi::bigint << 30) | s.p_lo)",
  directedNoPupils: "((s.d_hi::bigint << 30) | s.d_lo)",
  allowed: "((s.a_hi::bigint << 30) | s.a_lo)",
};
