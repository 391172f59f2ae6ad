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
  private blocks: Int32Array[] = [];
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

  /** Row i in COPY's text format: person, platform, hour, then the six mask halves. */
  copyLine(i: number): string {
    const b = this.blocks[Math.floor(i / BLOCK_ROWS)]!;
    const o = (i % BLOCK_ROWS) * STRIDE;
    return `${b[o]}\t${b[o + 1]}\t${b[o + 2]}\t${b[o + 3]}\t${b[o + 4]}\t${b[o + 5]}\t${b[o + 6]}\t${b[o + 7]}\t${b[o + 8]}\n`;
  }
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
