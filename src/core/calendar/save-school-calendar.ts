// Replaces a school's term dates and closures in one transaction (what the calendar page and
// `conduct calendar set` do): checked first, so a bad line changes nothing.
import { eq } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { parseCalendarDate } from "./calendar-date";
import { schoolClosures, schoolTerms } from "./schema";
import type { SchoolClosure, SchoolTerm } from "./school-days";
import "./audit-events";

export type CalendarProblem = { line: number; field: string; message: string };

/**
 * Reads the calendar as lines a school office can type or paste:
 * `term, Autumn 1, 2026-09-02, 2026-10-23` and `closed, 2026-11-27, INSET day`.
 * Pure; the header line (if any) and blank lines are skipped.
 */
export function parseCalendarLines(text: string): {
  terms: SchoolTerm[];
  closures: SchoolClosure[];
  problems: CalendarProblem[];
} {
  const terms: SchoolTerm[] = [];
  const closures: SchoolClosure[] = [];
  const problems: CalendarProblem[] = [];
  const date = (value: string | undefined, line: number, field: string) => {
    const parsed = parseCalendarDate((value ?? "").trim());
    if (!parsed.ok) problems.push({ line, field, message: parsed.message });
    return (value ?? "").trim();
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const cells = raw.split(",").map((c) => c.trim());
    const kind = (cells[0] ?? "").toLowerCase();
    if (!raw.trim() || kind === "kind") return;
    if (kind === "term") {
      const term = {
        name: cells[1] ?? "",
        startsOn: date(cells[2], line, "starts on"),
        endsOn: date(cells[3], line, "ends on"),
      };
      if (!term.name) problems.push({ line, field: "name", message: "A term needs a name, e.g. Autumn 1" });
      else if (term.endsOn < term.startsOn)
        problems.push({ line, field: "ends on", message: `${term.name} ends before it starts` });
      terms.push(term);
    } else if (kind === "closed" || kind === "closure") {
      closures.push({ date: date(cells[1], line, "date"), reason: cells.slice(2).join(", ") || "Closed" });
    } else {
      problems.push({
        line,
        field: "kind",
        message: `Start the line with "term" or "closed", not "${cells[0]}"`,
      });
    }
  });
  const sorted = [...terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.startsOn <= sorted[i - 1]!.endsOn)
      problems.push({
        line: 0,
        field: "terms",
        message: `${sorted[i]!.name} overlaps ${sorted[i - 1]!.name}`,
      });
  return { terms, closures, problems };
}

export async function saveSchoolCalendar(options: {
  db: Db;
  actor: Actor;
  schoolId: string;
  terms: SchoolTerm[];
  closures: SchoolClosure[];
}): Promise<void> {
  const { db, schoolId } = options;
  await db.transaction(async (tx) => {
    await tx.delete(schoolTerms).where(eq(schoolTerms.schoolId, schoolId));
    await tx.delete(schoolClosures).where(eq(schoolClosures.schoolId, schoolId));
    if (options.terms.length)
      await tx.insert(schoolTerms).values(options.terms.map((t) => ({ ...t, schoolId })));
    const unique = [...new Map(options.closures.map((c) => [c.date, c])).values()];
    if (unique.length) await tx.insert(schoolClosures).values(unique.map((c) => ({ ...c, schoolId })));
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "calendar.saved",
      subjectType: "school",
      subjectId: schoolId,
      schoolId,
      detail: { terms: options.terms.length, closures: unique.length },
    });
  });
}
