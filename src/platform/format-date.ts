// One way to write dates and times on every page, in the trust's zone: "1 March 2021" for a day,
// "March 2021" for a month a document gave without a day, "1 March 2021 at 14:05" for an instant.
// Formatters are built once: building one per table row cost the audit page most of its CPU.
const ZONE = "Europe/London";

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: ZONE,
});
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const instantFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: ZONE,
});
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: ZONE,
});

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CALENDAR_MONTH = /^\d{4}-\d{2}$/;

/**
 * A day: a calendar date ("2021-03-01", read as that day wherever the reader is) or an instant
 * (the day it falls on in the trust's zone). "2021-03" is a month and is written as one.
 */
export function formatDay(value: Date | string | null | undefined, missing = "not set"): string {
  if (value === null || value === undefined || value === "") return missing;
  if (typeof value === "string" && CALENDAR_MONTH.test(value)) return formatMonth(value);
  const instant =
    typeof value === "string" && CALENDAR_DAY.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(instant.getTime()) ? missing : dayFormat.format(instant);
}

/** A month ("2021-03" → "March 2021"). */
export function formatMonth(value: string): string {
  return monthFormat.format(new Date(`${value.slice(0, 7)}-15T12:00:00Z`));
}

/** An instant, to the minute, in the trust's zone ("1 March 2021 at 14:05"). */
export function formatInstant(value: Date | string | null | undefined, missing = ""): string {
  if (value === null || value === undefined || value === "") return missing;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? missing : instantFormat.format(instant);
}

/** A time of day in the trust's zone ("14:05"). */
export function formatTime(value: Date): string {
  return timeFormat.format(value);
}

/** An instant as ISO 8601 (UTC), or null: how dates go into JSON downloads (subject access). */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
