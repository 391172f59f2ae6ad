// An attendance register uploaded for a briefing (3.1.1): a CSV with one email address a row,
// matched to the school's staff list. Every row that cannot be used is reported with its line and
// field, so the leader can fix the sheet; pure (the staff list is passed in).
import { Context } from "../core/people/csv/problems";
import { readCsv } from "../core/people/csv/read-csv";

export type RegisterProblem = { line: number; field: string; message: string };

const EMAIL_HEADERS = ["email", "email address", "e-mail", "e-mail address", "work email", "staff email"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readAttendanceRegister(
  text: string,
  staffByEmail: ReadonlyMap<string, { id: string; inPost: boolean }>,
): { staffIds: string[]; problems: RegisterProblem[] } {
  const ctx = new Context({ fileName: "register" });
  const parsed = readCsv(text, ctx);
  if (!parsed)
    return {
      staffIds: [],
      problems: ctx.errors.map(({ line, field, message }) => ({ line, field, message })),
    };
  const header = parsed.header.map((h) => h.trim().toLowerCase());
  let column = header.findIndex((h) => EMAIL_HEADERS.includes(h));
  let records = parsed.records;
  const problems: RegisterProblem[] = [];
  if (column < 0) {
    // A sheet without a header row: the first row is already a person.
    column = header.findIndex((h) => EMAIL.test(h));
    if (column < 0)
      return {
        staffIds: [],
        problems: [
          {
            line: 1,
            field: "email",
            message: 'The register needs a column headed "Email" with one staff email address a row.',
          },
        ],
      };
    records = [{ line: 1, values: parsed.header }, ...records];
  }
  const staffIds: string[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const email = (record.values[column] ?? "").trim().toLowerCase();
    if (!email) {
      problems.push({ line: record.line, field: "email", message: "The email address is empty." });
      continue;
    }
    if (!EMAIL.test(email)) {
      problems.push({ line: record.line, field: "email", message: `"${email}" is not an email address.` });
      continue;
    }
    const first = seen.get(email);
    if (first !== undefined) {
      problems.push({ line: record.line, field: "email", message: `${email} is already on line ${first}.` });
      continue;
    }
    seen.set(email, record.line);
    const member = staffByEmail.get(email);
    if (!member) {
      problems.push({
        line: record.line,
        field: "email",
        message: `${email} is not on this school's staff list.`,
      });
      continue;
    }
    if (!member.inPost) {
      problems.push({
        line: record.line,
        field: "email",
        message: `${email} was not in post on the day of the session.`,
      });
      continue;
    }
    staffIds.push(member.id);
  }
  return { staffIds, problems };
}
