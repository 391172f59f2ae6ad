// Checks of single cells (required, email, school, dates, UPN), each reporting what to fix.
import { formatCalendarDate } from "../../../core/calendar/calendar-date";
import { checkUpn } from "../upn";
import type { Context } from "./problems";
import type { Cell } from "./resolve-columns";

export function required(ctx: Context, line: number, cell: Cell | null, what: string): string | null {
  if (!cell || cell.value === "") {
    ctx.error(line, cell?.header ?? "", `${cell?.header ?? what} is empty. Fill in ${what}.`);
    return null;
  }
  return cell.value.replace(/\s+/g, " ");
}

export function optional(cell: Cell | null): string | null {
  return cell && cell.value !== "" ? cell.value.replace(/\s+/g, " ") : null;
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]{2,}$/;

export function email(ctx: Context, line: number, cell: Cell, value: string): string | null {
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

export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function school(ctx: Context, line: number, cell: Cell | null): string | null {
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
export function parseDate(value: string): { date: string } | { problem: string } {
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
  return { date: formatCalendarDate({ year: y, month: m, day: d }) };
}

const DATE_HOW = "Write dates as DD/MM/YYYY (e.g. 01/09/2015) or YYYY-MM-DD.";

export function date(ctx: Context, line: number, cell: Cell, value: string): string | null {
  const parsed = parseDate(value);
  if ("problem" in parsed) {
    ctx.error(line, cell.header, `${cell.header} "${value}" ${parsed.problem}. ${DATE_HOW}`);
    return null;
  }
  return parsed.date;
}

export function ukDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** Normalises a UPN; an error only when clearly not a UPN, a warning when the check letter is off. */
export function upn(ctx: Context, line: number, header: string, raw: string): string | null {
  const checked = checkUpn(header, raw);
  if (!checked.ok) {
    ctx.error(line, header, checked.problem);
    return null;
  }
  if (checked.warning) ctx.warn(line, header, checked.warning);
  return checked.value;
}

// What a directory login may not hold (Active Directory's sAMAccountName rules, and whitespace).
const LOGIN_FORBIDDEN = /[\s"/\\[\]:;|=,+*?<>@]/;

/**
 * A network username as the record keeps it: trimmed, lower case, without a "DOMAIN\" prefix or an
 * "@domain" suffix (AD exports give all three forms), so one login has one spelling.
 */
export function networkUsername(ctx: Context, line: number, cell: Cell, value: string): string | null {
  let name = value.trim();
  const slash = name.lastIndexOf("\\");
  if (slash >= 0) name = name.slice(slash + 1);
  const at = name.indexOf("@");
  if (at > 0) name = name.slice(0, at);
  name = name.toLowerCase();
  if (name === "" || name.length > 64 || LOGIN_FORBIDDEN.test(name)) {
    ctx.error(
      line,
      cell.header,
      `${cell.header} "${value}" is not a network username. Give the login alone, like jsmith or SCHOOL\\jsmith (no spaces or "/[]:;|=,+*?<>), at most 64 characters, or leave it blank.`,
    );
    return null;
  }
  return name;
}
