// Reads one line given to `conduct declarations judge` into what the judge needs, or says in plain
// words what is wrong with it (which field, and what to give instead). Field names may differ in
// case and separators ("date_of_birth", "DateOfBirth"); a field the judge does not know is refused
// inside the contact, so a misspelt date is never silently read as "unknown".
import { TZDate } from "@date-fns/tz";
import { calendarDateAt, isValidTimeZone, parseCalendarDate } from "../core/calendar/calendar-date";
import { normaliseWord, readContactKind, readRelationship } from "./contact-words";
import {
  type DeclarationContact,
  type OtherRelationship,
  contactKinds,
  otherRelationships,
} from "./judge-declaration";

export interface JudgeRequest {
  id: string | number;
  asOf: Date;
  timeZone: string;
  contact: DeclarationContact;
  /** How the line was read where that is not obvious (a synonym, a date not used). */
  notes: string[];
}

export type ReadJudgeLineResult =
  | { ok: true; request: JudgeRequest }
  | { ok: false; id?: string | number; error: string };

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const contactFields = ["kind", "dateOfBirth", "leftOn", "otherRelationships"] as const;
const lineFields = ["id", "asOf", "timeZone", "contact"] as const;

// Common names for the contact's fields that are not the judge's own: suggested, not accepted.
const contactFieldHints: Record<string, string> = {
  dob: "dateOfBirth",
  birthdate: "dateOfBirth",
  born: "dateOfBirth",
  birthday: "dateOfBirth",
  left: "leftOn",
  leavingdate: "leftOn",
  leftdate: "leftOn",
  dateleft: "leftOn",
  leavedate: "leftOn",
  relationships: "otherRelationships",
  relationship: "otherRelationships",
  type: "kind",
};

const key = (name: string) => normaliseWord(name).replaceAll("-", "");

export function readJudgeLine(
  value: unknown,
  context: { defaultAsOf: Date; timeZone: string },
): ReadJudgeLineResult {
  if (!isObject(value)) {
    return {
      ok: false,
      error: `the line must be a JSON object such as {"id": 1, "contact": {"kind": "pupil"}}`,
    };
  }
  const fields = pickFields(value, lineFields, "");
  if (!fields.ok) return { ok: false, error: fields.message };
  const line = fields.value;

  const id = readId(line.id);
  if (!id.ok) return { ok: false, error: id.message };
  const fail = (error: string): ReadJudgeLineResult => ({ ok: false, id: id.value, error });

  let timeZone = context.timeZone;
  if (line.timeZone !== undefined && line.timeZone !== null && line.timeZone !== "") {
    if (typeof line.timeZone !== "string") return fail(`timeZone must be text such as "Europe/London"`);
    const zone = readTimeZone(line.timeZone);
    if (!zone.ok) return fail(`timeZone: ${zone.message}`);
    timeZone = zone.value;
  }

  let asOf = context.defaultAsOf;
  if (line.asOf !== undefined && line.asOf !== null && line.asOf !== "") {
    if (typeof line.asOf !== "string")
      return fail(`asOf must be text such as "2026-05-20T09:00:00Z", not ${describe(line.asOf)}`);
    const instant = readInstant(line.asOf, timeZone);
    if (!instant.ok) return fail(`asOf: ${instant.message}`);
    asOf = instant.value;
  }

  if (line.contact === undefined || line.contact === null) {
    const misplaced = contactFields.filter((name) => Object.keys(value).some((k) => key(k) === key(name)));
    const hint =
      misplaced.length > 0
        ? ` (${misplaced.join(", ")} belong${misplaced.length === 1 ? "s" : ""} inside "contact")`
        : "";
    return fail(
      `contact is missing${hint}: give "contact": {"kind": "pupil", ...}; kind is required, and ` +
        "dateOfBirth, leftOn and otherRelationships are optional",
    );
  }
  // Beside a contact, a top-level "dateOfBirth" would be ignored and the contact judged without it.
  const outside = Object.keys(value).filter((k) => contactFields.some((name) => key(name) === key(k)));
  if (outside.length > 0) {
    return fail(
      `${outside.join(", ")} must be inside "contact", not beside it; move ${outside.length === 1 ? "it" : "them"} there`,
    );
  }
  const contact = readContact(line.contact);
  if (!contact.ok) return fail(contact.message);
  const dates = checkUnusedDates(contact.value.contact, asOf, timeZone);
  if (!dates.ok) return fail(dates.message);
  return { ok: true, request: { id: id.value, asOf, timeZone, ...contact.value } };
}

function readId(value: unknown): Read<string | number> {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return {
      ok: false,
      message: `id is missing: give each line an "id" (text or a number) to match its answer to it`,
    };
  }
  if (typeof value === "string") return { ok: true, value };
  if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value };
  return { ok: false, message: `id must be text or a number, not ${describe(value)}` };
}

function readContact(value: unknown): Read<{ contact: DeclarationContact; notes: string[] }> {
  if (!isObject(value)) {
    return {
      ok: false,
      message: `contact must be an object such as {"kind": "pupil"}, not ${describe(value)}`,
    };
  }
  const fields = pickFields(value, contactFields, "contact.", { strict: true });
  if (!fields.ok) return fields;
  const given = fields.value;
  const notes: string[] = [];

  if (given.kind === undefined || given.kind === null || given.kind === "") {
    return { ok: false, message: `contact.kind is missing: give one of ${contactKinds.join(", ")}` };
  }
  if (typeof given.kind !== "string") {
    return {
      ok: false,
      message: `contact.kind must be text, one of ${contactKinds.join(", ")}; not ${describe(given.kind)}`,
    };
  }
  const kind = readContactKind(given.kind);
  if (kind === undefined) {
    return {
      ok: false,
      message:
        `contact.kind "${given.kind}" is not a kind of contact the judge knows; give one of ` +
        `${contactKinds.join(", ")} (\`conduct declarations judge --help\` lists the other words accepted)`,
    };
  }
  if (normaliseWord(given.kind) !== kind) notes.push(`kind "${given.kind}" read as "${kind}"`);

  const dateOfBirth = readDateText(given.dateOfBirth, "contact.dateOfBirth");
  if (!dateOfBirth.ok) return dateOfBirth;
  const leftOn = readDateText(given.leftOn, "contact.leftOn");
  if (!leftOn.ok) return leftOn;

  const relationships = readRelationships(given.otherRelationships, notes);
  if (!relationships.ok) return relationships;

  const contact: DeclarationContact = {
    kind,
    otherRelationships: relationships.value,
    ...(dateOfBirth.value !== undefined ? { dateOfBirth: dateOfBirth.value } : {}),
    ...(leftOn.value !== undefined ? { leftOn: leftOn.value } : {}),
  };
  return { ok: true, value: { contact, notes } };
}

// Records from an MIS export often carry null or "" for an unknown date; the date itself is checked
// by the judge, which knows whether this kind of contact uses it.
function readDateText(value: unknown, field: string): Read<string | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== "string") {
    return {
      ok: false,
      message: `${field} must be a date written as text, YYYY-MM-DD, not ${describe(value)}`,
    };
  }
  const text = value.trim();
  return { ok: true, value: text === "" ? undefined : text };
}

// The judge ignores dates it does not use (a parent's date of birth), so that a stored record with an
// odd one is still judged. A batch is checked at its edge all the same: a date that is not a date,
// or a birth still to come, is a mistake in the export that its author should hear about.
function checkUnusedDates(contact: DeclarationContact, asOf: Date, timeZone: string): Read<null> {
  for (const field of ["dateOfBirth", "leftOn"] as const) {
    const text = contact[field];
    if (text === undefined) continue;
    const parsed = parseCalendarDate(text);
    if (!parsed.ok) return { ok: false, message: `contact.${field}: ${parsed.message}` };
  }
  const today = calendarDateAt(asOf, timeZone);
  if (contact.dateOfBirth !== undefined && contact.dateOfBirth > today) {
    return {
      ok: false,
      message: `contact.dateOfBirth: date of birth ${contact.dateOfBirth} is in the future (after ${today}, the day being judged at the school); check the record`,
    };
  }
  return { ok: true, value: null };
}

function readRelationships(value: unknown, notes: string[]): Read<OtherRelationship[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) {
    return {
      ok: false,
      message: `contact.otherRelationships must be a list such as ["family"] (or [] for none), not ${describe(value)}`,
    };
  }
  const read: OtherRelationship[] = [];
  for (const word of value) {
    if (typeof word !== "string") {
      return {
        ok: false,
        message: `contact.otherRelationships holds ${describe(word)}; each entry must be a word such as "family"`,
      };
    }
    if (word.trim() === "") continue;
    const relationship = readRelationship(word);
    if (relationship === undefined) {
      return {
        ok: false,
        message:
          `contact.otherRelationships: "${word}" is not a relationship the judge knows; give any of ` +
          `${otherRelationships.join(", ")} (relatives such as "cousin" are family; a spouse, boyfriend ` +
          "or girlfriend is partner; `conduct declarations judge --help` lists every word accepted)",
      };
    }
    if (normaliseWord(word) !== relationship) notes.push(`relationship "${word}" read as "${relationship}"`);
    if (!read.includes(relationship)) read.push(relationship);
  }
  return { ok: true, value: read };
}

/**
 * Picks the known fields out of an object, matching names whatever their case or separators. With
 * `strict`, any other field is refused (naming the field meant, where it is a common alias).
 */
function pickFields<F extends string>(
  value: Record<string, unknown>,
  known: readonly F[],
  prefix: string,
  { strict = false } = {},
): Read<Partial<Record<F, unknown>>> {
  const picked: Partial<Record<F, unknown>> = {};
  const from: Partial<Record<F, string>> = {};
  for (const [name, field] of Object.entries(value)) {
    const match = known.find((k) => key(k) === key(name));
    if (match === undefined) {
      if (!strict) continue;
      const hint = contactFieldHints[key(name)];
      return {
        ok: false,
        message:
          `${prefix}${name} is not a field the judge knows${hint ? ` (did you mean ${hint}?)` : ""}; ` +
          `the fields of contact are ${known.join(", ")}`,
      };
    }
    if (from[match] !== undefined) {
      return {
        ok: false,
        message: `${prefix}${match} is given twice (as "${from[match]}" and "${name}"); give it once`,
      };
    }
    from[match] = name;
    picked[match] = field;
  }
  return { ok: true, value: picked };
}

const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Reads an ISO 8601 instant. With Z or an offset ("+01:00", "-0500", "+01") it is exact. A date and
 * time with no offset, or a date alone, is read in the school's zone: a verdict can change only at
 * the start of a day there, so the day is all that matters and the reading is never ambiguous, even
 * in the hour the clocks go back.
 */
export function readInstant(text: string, timeZone: string): Read<Date> {
  const example = `give an ISO 8601 instant such as 2026-05-20T09:00:00Z or 2026-05-20T10:00:00+01:00`;
  // A typographic minus (U+2212) in an offset, as word processors write it, is a hyphen-minus.
  const match = instantPattern.exec(text.trim().replace(/\u2212/g, "-"));
  if (!match) return { ok: false, message: `"${text}" is not a date and time; ${example}` };
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", offset] = match;
  const day = parseCalendarDate(`${y}-${mo}-${d}`);
  if (!day.ok) return { ok: false, message: `${day.message}; ${example}` };
  // Date.UTC and TZDate read years 0–99 as 1900–1999, and no judgement is wanted that far back.
  if (day.date.year < 1900) return { ok: false, message: `"${text}" is before 1900; ${example}` };
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `"${text}" has no time ${h}:${mi}:${s}; ${example}` };
  }
  const ms = Math.floor(Number(`0.${fraction || "0"}`) * 1000);
  const { year, month, day: date } = day.date;
  if (offset === undefined) {
    return {
      ok: true,
      value: new Date(new TZDate(year, month - 1, date, hour, minute, second, ms, timeZone).getTime()),
    };
  }
  let offsetMinutes = 0;
  if (offset !== "Z" && offset !== "z") {
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2) || "0");
    if (offsetHours > 14 || offsetMins > 59) {
      return { ok: false, message: `"${text}" has an offset (${offset}) no place on Earth uses; ${example}` };
    }
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const utc = Date.UTC(year, month - 1, date, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, value: new Date(utc) };
}

/**
 * Reads the school's IANA time zone, whatever its case ("europe/london"). Refuses a fixed offset
 * (it has no summer time) and an abbreviation the time zone database reads as somewhere unexpected:
 * "BST" is Bangladesh there, not British Summer Time, and "IST" is India.
 */
export function readTimeZone(text: string): Read<string> {
  const name = text.trim();
  const advice = "give the school's zone by its IANA name, such as Europe/London or America/New_York";
  if (/^(utc|gmt)?\s*[+-]\s*\d/i.test(name)) {
    return { ok: false, message: `"${text}" is a fixed UTC offset, which has no summer time; ${advice}` };
  }
  if (!isValidTimeZone(name)) return { ok: false, message: `unknown time zone "${text}"; ${advice}` };
  const canonical = new Intl.DateTimeFormat("en-GB", { timeZone: name }).resolvedOptions().timeZone;
  if (!name.includes("/") && canonical.includes("/")) {
    return {
      ok: false,
      message: `"${text}" is an abbreviation, which the time zone database reads as ${canonical}; ${advice}`,
    };
  }
  return { ok: true, value: canonical };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `text ("${value.length > 40 ? `${value.slice(0, 40)}…` : value}")`;
  if (typeof value === "object") return "an object";
  return `${typeof value === "number" ? "the number" : typeof value} ${String(value)}`;
}
