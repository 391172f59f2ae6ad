// School-local time for the analyser: which date, weekday and minute of the day an instant is in a
// school's zone, and the instant a zone-less timestamp means. Daylight saving comes from the zone
// database (Intl), so the Monday after the clocks change is an hour different in UTC.
export interface LocalMinute {
  /** "YYYY-MM-DD" in the school's zone. */
  date: string;
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** 0 .. 1439. */
  minuteOfDay: number;
  /** Days since 1970-01-01 of the local date (for week arithmetic). */
  dayNumber: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(
  epochMs: number,
  timeZone: string,
): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return {
    y: get("year"),
    mo: get("month"),
    d: get("day"),
    h: get("hour") % 24,
    mi: get("minute"),
    s: get("second"),
  };
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): string {
  const date = new Date(days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** The local minute an epoch minute (minutes since 1970-01-01T00:00Z) falls in. */
export function localMinuteOf(epochMinute: number, timeZone: string): LocalMinute {
  const w = wallClock(epochMinute * 60_000, timeZone);
  const dayNumber = daysFromCivil(w.y, w.mo, w.d);
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
  return { date: civilFromDays(dayNumber), weekday, minuteOfDay: w.h * 60 + w.mi, dayNumber };
}

/** Offset of the zone from UTC at an instant, in milliseconds (local = UTC + offset). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time in a zone means. In the autumn hour that happens twice the earlier
 * one is taken; a time in the spring gap is moved forward by the gap (as clocks are).
 */
export function instantOfLocal(wallMsAsUtc: number, timeZone: string): number {
  // The offsets in force a day either side cover both sides of any transition near this time.
  const before = zoneOffsetMs(wallMsAsUtc - 86_400_000, timeZone);
  const after = zoneOffsetMs(wallMsAsUtc + 86_400_000, timeZone);
  const valid = [wallMsAsUtc - before, wallMsAsUtc - after]
    .filter((c) => c + zoneOffsetMs(c, timeZone) === wallMsAsUtc)
    .sort((a, b) => a - b);
  if (valid.length > 0) return valid[0]!;
  // In the gap: read with the offset before the change, which lands as far past the gap's start.
  return wallMsAsUtc - before;
}

/** "HH:MM" to minutes after midnight, or null. "24:00" is allowed as the end of the day. */
export function parseClockTime(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) return null;
  return h * 60 + mi;
}
