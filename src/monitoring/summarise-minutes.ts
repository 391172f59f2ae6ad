// Turns distinct (person, platform, minute) keys into one row per person and school-local day, each
// active minute classed against the bell schedule and the person's timetable (clause 8.6.2), and the
// findings of the trust's excessive-use thresholds (clause 9.1). Pure: plain data in, plain data out.
import { classifyMinute, type MinuteClass } from "./classify-minute";
import { type LocalMinute, localMinuteOf } from "./local-time";
import type { BellSchedule } from "./parse-bell-schedule";
import { isSchoolDay, type TermDates, weekOf } from "./parse-term-dates";
import type { TimetableEntry } from "./parse-timetable-csv";
import type { PlatformList } from "./platforms";
import { MINUTE_SPACE, PLATFORM_SPACE } from "./scan-log";

export interface Thresholds {
  /** A finding (8.6.2) when a day has more than this many minutes with pupils present. */
  pupilsPresentMinutesPerDay: number;
  /** A finding (9.1) when a day has more than this many minutes outside breaks (pupils present or directed). */
  dailyMinutesOutsideBreaks: number;
  /** A finding (9.1) when a week's school days have more than this many active minutes in all. */
  weeklyMinutes: number;
}

export const defaultThresholds: Thresholds = {
  pupilsPresentMinutesPerDay: 0,
  dailyMinutesOutsideBreaks: 30,
  weeklyMinutes: 180,
};

export interface MinuteRow {
  staff: string;
  date: string;
  pupilsPresent: number;
  directedNoPupils: number;
  allowed: number;
  byPlatform: Record<string, number>;
}

export interface Finding {
  staff: string;
  clause: "8.6.2" | "9.1";
  kind: "pupils-present" | "daily-excessive" | "weekly-excessive";
  /** The school-local day, or the Monday of the week for a weekly finding. */
  date: string;
  minutes: number;
  threshold: number;
  status: "to review";
  reason: string;
}

export interface SummariseOptions {
  keys: readonly Float64Array[];
  /** Email of each person index. */
  staff: readonly string[];
  platforms: PlatformList;
  bells: BellSchedule;
  termDates?: TermDates;
  /** By email; a person not in the map has no timetable. */
  timetables?: ReadonlyMap<string, readonly TimetableEntry[]>;
  thresholds?: Thresholds;
  /** Overrides the term dates: whether a school-local date (YYYY-MM-DD) is a school day (core's calendar). */
  schoolDay?: (date: string, weekday: number) => boolean;
  /** Called once for each distinct (person, platform, minute) key with its class, for ingest. */
  onMinute?: (person: number, platform: number, minute: number, minuteClass: MinuteClass) => void;
}

export interface Summary {
  minutes: MinuteRow[];
  findings: Finding[];
}

interface LocalInfo extends LocalMinute {
  schoolDay: boolean;
  week: "A" | "B";
}

interface DayCounts {
  person: number;
  local: LocalInfo;
  pupilsPresent: number;
  directedNoPupils: number;
  allowed: number;
  byPlatform: number[];
}

export function summariseMinutes(options: SummariseOptions): Summary {
  const { bells, termDates, platforms } = options;
  const thresholds = options.thresholds ?? defaultThresholds;
  const localCache = new Map<number, LocalInfo>();
  const localOfSlow = (minute: number): LocalInfo => {
    let info = localCache.get(minute);
    if (!info) {
      const local = localMinuteOf(minute, bells.timeZone);
      // An explicit literal, not a spread: one object shape keeps the classifier's loop fast.
      info = {
        date: local.date,
        weekday: local.weekday,
        minuteOfDay: local.minuteOfDay,
        dayNumber: local.dayNumber,
        schoolDay: options.schoolDay
          ? local.weekday <= 5 && options.schoolDay(local.date, local.weekday)
          : isSchoolDay(local.dayNumber, local.weekday, termDates),
        week: weekOf(local.dayNumber, local.weekday, termDates?.weekA),
      };
      localCache.set(minute, info);
    }
    return info;
  };
  const days: DayCounts[] = [];
  const platformCount = platforms.platforms.length;
  // All keys in one ascending array: a person's keys come together, minute by minute, so a repeated
  // key (the same minute seen by two threads) and a minute already classed are both the previous one.
  const all = mergeSorted(options.keys);
  const total = all.length;
  // The log's minutes are usually a few days: their local times in an array indexed from the first.
  let firstMinute = Number.POSITIVE_INFINITY;
  let lastMinute = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < total; k++) {
    const personMinute = Math.floor(all[k]! / PLATFORM_SPACE);
    const minute = personMinute - Math.floor(personMinute / MINUTE_SPACE) * MINUTE_SPACE;
    if (minute < firstMinute) firstMinute = minute;
    if (minute > lastMinute) lastMinute = minute;
  }
  const dense: (LocalInfo | undefined)[] | null =
    total > 0 && lastMinute - firstMinute < 1 << 20 ? new Array(lastMinute - firstMinute + 1) : null;
  const localOf = (minute: number): LocalInfo => {
    if (!dense) return localOfSlow(minute);
    const i = minute - firstMinute;
    let info = dense[i];
    if (info === undefined) {
      info = localOfSlow(minute);
      dense[i] = info;
    }
    return info;
  };
  let previousKey = -1;
  let previousPersonMinute = -1;
  let previousPerson = -1;
  let timetable: readonly TimetableEntry[] | undefined;
  let day: DayCounts | undefined;
  let cls: MinuteClass = "allowed";
  let minute = 0;
  const onMinute = options.onMinute;
  for (let k = 0; k < total; k++) {
    const key = all[k]!;
    if (key === previousKey) continue;
    previousKey = key;
    // Division by a power of two is exact in floating point; % on large doubles is slow.
    const personMinute = Math.floor(key / PLATFORM_SPACE);
    const platform = key - personMinute * PLATFORM_SPACE;
    if (personMinute !== previousPersonMinute) {
      previousPersonMinute = personMinute;
      const person = Math.floor(personMinute / MINUTE_SPACE);
      minute = personMinute - person * MINUTE_SPACE;
      if (person !== previousPerson) {
        previousPerson = person;
        timetable = options.timetables?.get(options.staff[person]!);
      }
      const local = localOf(minute);
      if (!day || day.person !== person || day.local.dayNumber !== local.dayNumber) {
        day = {
          person,
          local,
          pupilsPresent: 0,
          directedNoPupils: 0,
          allowed: 0,
          byPlatform: new Array(platformCount).fill(0),
        };
        days.push(day);
      }
      cls = classifyMinute(local, bells, timetable);
      day[cls]++;
    }
    day!.byPlatform[platform]!++;
    if (onMinute) onMinute(day!.person, platform, minute, cls);
  }
  const ordered = days.sort((a, b) => {
    const sa = options.staff[a.person]!;
    const sb = options.staff[b.person]!;
    return sa < sb ? -1 : sa > sb ? 1 : a.local.dayNumber - b.local.dayNumber;
  });
  const minutes: MinuteRow[] = [];
  const findings: Finding[] = [];
  const totals: DayTotals[] = [];
  for (const day of ordered) {
    const staff = options.staff[day.person]!;
    const byPlatform: Record<string, number> = {};
    day.byPlatform.forEach((n, i) => {
      if (n > 0) byPlatform[platforms.platforms[i]!.id] = n;
    });
    const date = day.local.date;
    minutes.push({
      staff,
      date,
      pupilsPresent: day.pupilsPresent,
      directedNoPupils: day.directedNoPupils,
      allowed: day.allowed,
      byPlatform,
    });
    totals.push({
      staff,
      date,
      dayNumber: day.local.dayNumber,
      weekday: day.local.weekday,
      schoolDay: day.local.schoolDay,
      pupilsPresent: day.pupilsPresent,
      directedNoPupils: day.directedNoPupils,
      allowed: day.allowed,
    });
  }
  findings.push(...findingsFromDays(totals, thresholds));
  return { minutes, findings };
}

/** The keys of every array in one ascending array (each array is sorted first if it is not). */
export function mergeSorted(arrays: readonly Float64Array[]): Float64Array {
  const sorted = arrays.map((a) => {
    for (let i = 1; i < a.length; i++) if (a[i - 1]! > a[i]!) return a.slice().sort();
    return a;
  });
  if (sorted.length === 1) return sorted[0]!;
  let runs = sorted;
  while (runs.length > 1) {
    const next: Float64Array[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r]!;
      const b = runs[r + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const out = new Float64Array(a.length + b.length);
      let i = 0;
      let j = 0;
      let n = 0;
      while (i < a.length && j < b.length) out[n++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
      while (i < a.length) out[n++] = a[i++]!;
      while (j < b.length) out[n++] = b[j++]!;
      next.push(out);
    }
    runs = next;
  }
  return runs[0]!;
}

/** One person's classed minutes on one school-local day. */
export interface DayTotals {
  staff: string;
  date: string;
  dayNumber: number;
  weekday: number;
  schoolDay: boolean;
  pupilsPresent: number;
  directedNoPupils: number;
  allowed: number;
}

/** The findings of a set of person-days under the trust's thresholds (clauses 8.6.2 and 9.1), each "to review". */
export function findingsFromDays(days: readonly DayTotals[], thresholds: Thresholds): Finding[] {
  const findings: Finding[] = [];
  const weeks = new Map<string, { staff: string; monday: number; minutes: number }>();
  for (const day of days) {
    const { staff, date } = day;
    if (day.pupilsPresent > thresholds.pupilsPresentMinutesPerDay) {
      findings.push({
        staff,
        clause: "8.6.2",
        kind: "pupils-present",
        date,
        minutes: day.pupilsPresent,
        threshold: thresholds.pupilsPresentMinutesPerDay,
        status: "to review",
        reason: `Social media was used in ${plural(day.pupilsPresent, "minute")} when, by the timetable and bell schedule, pupils were present (a lesson, registration or duty). Staff may use social media only when no pupils are present (clause 8.6.2).`,
      });
    }
    const outsideBreaks = day.pupilsPresent + day.directedNoPupils;
    if (outsideBreaks > thresholds.dailyMinutesOutsideBreaks) {
      findings.push({
        staff,
        clause: "9.1",
        kind: "daily-excessive",
        date,
        minutes: outsideBreaks,
        threshold: thresholds.dailyMinutesOutsideBreaks,
        status: "to review",
        reason: `Social media was used in ${plural(outsideBreaks, "minute")} outside breaks on this day, more than the ${thresholds.dailyMinutesOutsideBreaks} the trust sets as excessive (clause 9.1).`,
      });
    }
    if (day.schoolDay) {
      const monday = day.dayNumber - (day.weekday - 1);
      const weekKey = `${staff}|${monday}`;
      const week = weeks.get(weekKey) ?? { staff, monday, minutes: 0 };
      week.minutes += day.pupilsPresent + day.directedNoPupils + day.allowed;
      weeks.set(weekKey, week);
    }
  }
  for (const week of weeks.values()) {
    if (week.minutes <= thresholds.weeklyMinutes) continue;
    findings.push({
      staff: week.staff,
      clause: "9.1",
      kind: "weekly-excessive",
      date: new Date(week.monday * 86_400_000).toISOString().slice(0, 10),
      minutes: week.minutes,
      threshold: thresholds.weeklyMinutes,
      status: "to review",
      reason: `Social media was used in ${plural(week.minutes, "minute")} on the school days of the week starting on this Monday, more than the ${thresholds.weeklyMinutes} the trust sets as excessive (clause 9.1).`,
    });
  }
  findings.sort((a, b) =>
    a.staff < b.staff ? -1 : a.staff > b.staff ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  return findings;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export type ParseThresholdsResult = { ok: true; thresholds: Thresholds } | { ok: false; errors: string[] };

/** A trust's thresholds (JSON with any of the Thresholds keys); the rest keep their defaults. */
export function parseThresholds(jsonText: string, fileName: string): ParseThresholdsResult {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (error) {
    return { ok: false, errors: [`${fileName}: not valid JSON: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  const thresholds = { ...defaultThresholds };
  const value = (raw ?? {}) as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in defaultThresholds)) {
      errors.push(
        `${fileName}: ${key}: not a threshold (known: ${Object.keys(defaultThresholds).join(", ")})`,
      );
    } else if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      errors.push(`${fileName}: ${key}: expected a whole number of minutes, 0 or more`);
    } else {
      thresholds[key as keyof Thresholds] = v;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, thresholds };
}
