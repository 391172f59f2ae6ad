// Collecting problems: every error and warning with the file, line and column a user can fix, and
// which lines are bad, so only rows with no error on any of their lines are kept.
import { calendarDateAt, defaultTimeZone } from "../../../core/calendar/calendar-date";
import type { ImportError } from "../types";

export type Lined<T> = { row: T; lines: number[] };

export type ProblemOptions = {
  /** Shown in every error, so the user knows which upload is meant. */
  fileName: string;
  /** School for rows with no School column or a blank School value. */
  defaultSchoolSlug?: string;
  /** When given, a School value that is not one of these is an error. */
  knownSchoolSlugs?: string[];
  /** Parents only: when given, a Pupil UPN that is not one of these is an error. */
  knownPupilExternalIds?: string[];
  /** "Today" for date checks (a date of birth in the future); defaults to now. */
  asOf?: Date;
  /** Zone in which "today" is reckoned; defaults to Europe/London. */
  timeZone?: string;
};

export class Context {
  readonly errors: ImportError[] = [];
  readonly warnings: ImportError[] = [];
  private readonly badLines = new Set<number>();
  readonly today: string;

  constructor(readonly options: ProblemOptions) {
    this.today = calendarDateAt(options.asOf ?? new Date(), options.timeZone ?? defaultTimeZone);
  }

  error(line: number, field: string, message: string): void {
    this.errors.push({ file: this.options.fileName, line, field, message });
    this.badLines.add(line);
  }

  warn(line: number, field: string, message: string): void {
    this.warnings.push({ file: this.options.fileName, line, field, message });
  }

  isGood<T>(row: Lined<T>): boolean {
    return row.lines.every((l) => !this.badLines.has(l));
  }

  sortedErrors(): ImportError[] {
    return [...this.errors].sort(byLine);
  }

  sortedWarnings(): ImportError[] {
    return [...this.warnings].sort(byLine);
  }

  result<T>(rows: Lined<T>[]): { rows: T[]; errors: ImportError[]; warnings: ImportError[] } {
    return {
      rows: rows.filter((r) => this.isGood(r)).map((r) => r.row),
      errors: this.sortedErrors(),
      warnings: this.sortedWarnings(),
    };
  }
}

const byLine = (a: ImportError, b: ImportError) => a.line - b.line;
