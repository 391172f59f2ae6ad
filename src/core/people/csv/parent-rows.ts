// Parents, carers and other contacts, linked to pupils by UPN.
import type { ParentRow } from "../types";
import { email, optional, required, school, upn } from "./cell-validators";
import type { Context, Lined } from "./problems";
import type { CsvRecord } from "./read-csv";
import { type Columns, cellOf } from "./resolve-columns";
import type { RowReader } from "./row-reader";

const PHONE = /^\+?[0-9 ()\-.]+$/;

/**
 * Reads contact rows; a contact may take several lines (one per child), so merged rows are
 * complete only once the whole file is read, and come from `finish`. With `merge` false each line
 * is given back as it is read, checked on its own, for the database to merge (an import streams
 * lines so its memory does not grow with the number of contacts; it then checks in SQL that the
 * lines of one contact agree, with the same messages as here).
 */
export class ParentRows implements RowReader<ParentRow> {
  private readonly byKey = new Map<
    string,
    Lined<ParentRow> & { firstLine: number; relationships: string[] }
  >();
  private readonly known: Set<string> | null;

  constructor(
    private readonly columns: Columns,
    private readonly ctx: Context,
    private readonly merge = true,
  ) {
    this.known = ctx.options.knownPupilExternalIds ? new Set(ctx.options.knownPupilExternalIds) : null;
  }

  read(rec: CsvRecord): Lined<ParentRow> | null {
    const { columns, ctx, byKey, known } = this;
    const cell = (f: string) => cellOf(rec, columns, f);
    const line = rec.line;
    const externalId = required(ctx, line, cell("externalId"), "the contact's ID");
    const firstName = required(ctx, line, cell("firstName"), "the contact's first name");
    const lastName = required(ctx, line, cell("lastName"), "the contact's surname");
    const emailCell = cell("email");
    const emailText = optional(emailCell);
    const emailValue = emailText ? email(ctx, line, emailCell!, emailText) : null;
    const phoneCell = cell("phone");
    const phone = optional(phoneCell);
    if (phone && (!PHONE.test(phone) || phone.replace(/\D/g, "").length < 7)) {
      ctx.error(
        line,
        phoneCell!.header,
        `${phoneCell!.header} "${phone}" is not a telephone number. Give digits only (spaces and a leading + are fine), or leave it blank.`,
      );
    }
    const relationship = optional(cell("relationship")) ?? "";
    const upnCell = cell("pupilUpn")!;
    const upnParts = upnCell.value
      .split(/[;,|]/)
      .map((p) => p.trim())
      .filter((p) => p !== "");
    if (upnParts.length === 0) {
      ctx.error(
        line,
        upnCell.header,
        `${upnCell.header} is empty. Give the UPN of the pupil this contact is linked to (several may be separated by semicolons).`,
      );
    }
    const upns: string[] = [];
    for (const part of upnParts) {
      const value = upn(ctx, line, upnCell.header, part);
      if (!value) continue;
      if (known && !known.has(value)) {
        ctx.error(
          line,
          upnCell.header,
          `${upnCell.header} ${value} is not a pupil Conduct knows. Import the pupils first, or correct the UPN.`,
        );
        continue;
      }
      if (!upns.includes(value)) upns.push(value);
    }
    const schoolSlug = school(ctx, line, cell("school"));
    if (!externalId || !firstName || !lastName || !schoolSlug) return null;
    if (!this.merge) {
      const row = { externalId, schoolSlug, firstName, lastName, email: emailValue, phone };
      return { row: { ...row, pupilExternalIds: upns, relationship }, lines: [line] };
    }

    const key = `${schoolSlug}\n${externalId}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, {
        row: {
          externalId,
          schoolSlug,
          firstName,
          lastName,
          email: emailValue,
          phone,
          pupilExternalIds: upns,
          relationship,
        },
        lines: [line],
        firstLine: line,
        relationships: relationship ? [relationship] : [],
      });
      return null;
    }
    // The same contact on several lines (one per child): details must agree, links add up.
    existing.lines.push(line);
    const row = existing.row;
    const agree = (field: "firstName" | "lastName" | "email" | "phone", value: string | null) => {
      const header = cell(field)?.header ?? field;
      if (value === null) return;
      if (row[field] === null) {
        row[field] = value;
      } else if (row[field] !== value) {
        ctx.error(
          line,
          header,
          `Contact ${externalId} has ${header} "${row[field]}" on line ${existing.firstLine} but "${value}" here. Make the rows for one contact agree.`,
        );
      }
    };
    agree("firstName", firstName);
    agree("lastName", lastName);
    agree("email", emailValue);
    agree("phone", phone);
    for (const u of upns) if (!row.pupilExternalIds.includes(u)) row.pupilExternalIds.push(u);
    if (relationship && !existing.relationships.includes(relationship)) {
      existing.relationships.push(relationship);
      row.relationship = existing.relationships.join("; ");
    }
    return null;
  }

  finish(): Lined<ParentRow>[] {
    return [...this.byKey.values()].map(({ row, lines }) => ({ row, lines }));
  }
}
