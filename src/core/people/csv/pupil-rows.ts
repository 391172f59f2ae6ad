// Pupils and leavers: one row per pupil per school, by UPN.
import type { PupilRow } from "../types";
import { date, optional, required, school, ukDate, upn } from "./cell-validators";
import type { Context, Lined } from "./problems";
import type { CsvRecord } from "./read-csv";
import { type Columns, cellOf } from "./resolve-columns";
import type { RowReader } from "./row-reader";

/** Canonical year group: "Nursery", "Reception" or "Year N" (N from 1 to 14). */
function yearGroup(value: string): string | null {
  const v = value.toLowerCase().replace(/[\s._-]+/g, "");
  if (/^(n|n1|n2|nursery|nursery1|nursery2|fs1|f1)$/.test(v)) return "Nursery";
  if (/^(r|rec|reception|yr|yearr|yearreception|fs2|f2)$/.test(v)) return "Reception";
  const m = /^(?:year|yr|y|ncyear)?0?(\d{1,2})$/.exec(v);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 14) return `Year ${Number(m[1])}`;
  return null;
}

/** Reads pupil rows one record at a time. */
export class PupilRows implements RowReader<PupilRow> {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly columns: Columns,
    private readonly ctx: Context,
  ) {}

  read(rec: CsvRecord): Lined<PupilRow> | null {
    const { columns, ctx, seen } = this;
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
      return {
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
      };
    }
    return null;
  }

  finish(): Lined<PupilRow>[] {
    return [];
  }
}

/** Whole years from one YYYY-MM-DD date to another. */
function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}
