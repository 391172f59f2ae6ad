// Closes a case with its outcome. An allegation takes one of KCSIE's outcomes (substantiated,
// unsubstantiated, unfounded, false, malicious), the clauses found breached and the section 11
// sanction (clause: "11.1"; for volunteers, termination of the appointment, clause: "11.2"): the
// sanction is recorded, not executed. The outcome is a chronology entry; retention follows it.
import { eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { listSchools } from "../core/people/find-schools";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadCaseAccess } from "./case-access";
import { OUTCOMES, SANCTION_LABELS, SANCTIONS, type Sanction } from "./concern-kinds";
import { decideRetention } from "./decide-retention";
import { loadConcernSettings } from "./load-concern-settings";
import { MAX_TEXT } from "./report-concern";
import { concernEntries, concerns } from "./schema";

export type RecordOutcomeInput = {
  outcome: string;
  sanction?: string;
  clauses?: string;
  summary: string;
  subjectBirthYear?: string;
};

export type RecordOutcomeResult =
  | { ok: true }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: Record<string, string> };

export async function recordOutcome(
  db: Db,
  user: SignedInUser,
  concernId: string,
  input: RecordOutcomeInput,
  asOf = new Date(),
): Promise<RecordOutcomeResult> {
  const found = await loadCaseAccess(db, user, concernId);
  if (!found) return { ok: false, status: 404, errors: { form: "There is no such case." } };
  if (found.access.level !== "full")
    return { ok: false, status: 403, errors: { form: "You do not have access to this case." } };
  const { concern } = found;
  if (concern.status === "closed")
    return { ok: false, status: 409, errors: { form: "This case is already closed." } };
  const errors: Record<string, string> = {};
  const allegation = concern.category === "allegation";
  const outcome = allegation ? input.outcome : "resolved";
  if (allegation && !(OUTCOMES as readonly string[]).includes(outcome))
    errors.outcome = "Choose the outcome in KCSIE's terms.";
  let sanction: Sanction | null = null;
  if (allegation && input.sanction) {
    if (!(SANCTIONS as readonly string[]).includes(input.sanction))
      errors.sanction = "Choose a sanction from the list.";
    else sanction = input.sanction as Sanction;
    if (sanction === "volunteer-appointment-terminated" && concern.subjectEmployment !== "volunteer")
      errors.sanction =
        "Termination of an appointment is the sanction for volunteers (11.2); choose another.";
  }
  const clauses = (input.clauses ?? "")
    .split(/[,\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  if (clauses.some((c) => !/^\d+(\.\d+){0,3}$/.test(c)))
    errors.clauses = "Give clause numbers like 8.3.1, separated by commas.";
  const summary = (input.summary ?? "").trim();
  if (!summary) errors.summary = "Summarise the outcome.";
  else if (summary.length > MAX_TEXT) errors.summary = `Keep the summary to ${MAX_TEXT} characters.`;
  const birth = input.subjectBirthYear?.trim() ? Number(input.subjectBirthYear) : null;
  if (birth !== null && (!Number.isInteger(birth) || birth < 1930 || birth > 2015))
    errors.subjectBirthYear = "Give the year of birth as four digits, or leave it blank.";
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };

  const settings = await loadConcernSettings(db);
  // Retention runs from the day the case closed at its school.
  const [school] = await listSchools(db, { schoolIds: [concern.schoolId] });
  const closedOn = calendarDateAt(asOf, school?.timeZone ?? defaultTimeZone);
  const retention = decideRetention({
    category: concern.category,
    outcome,
    closedOn,
    subjectBirthYear: birth ?? concern.subjectBirthYear,
    normalRetirementAge: settings.normalRetirementAge,
  });
  await db.transaction(async (tx) => {
    await tx.insert(concernEntries).values({
      concernId,
      kind: "outcome",
      authorId: user.id,
      authorLabel: user.name,
      at: asOf,
      text: [
        allegation ? `Outcome: ${outcome}.` : "Closed.",
        sanction ? `Sanction (recorded, not executed): ${SANCTION_LABELS[sanction]}.` : "",
        clauses.length ? `Clauses breached: ${clauses.join(", ")}.` : "",
        summary,
      ]
        .filter(Boolean)
        .join(" "),
    });
    await tx
      .update(concerns)
      .set({
        status: "closed",
        outcome: outcome as typeof concern.outcome,
        sanction,
        clausesBreached: clauses,
        closedAt: asOf,
        subjectBirthYear: birth ?? concern.subjectBirthYear,
        firstActionAt: concern.firstActionAt ?? asOf,
        retainUntil:
          retention.kind === "until" ? retention.date : retention.kind === "remove-now" ? closedOn : null,
        retainWhileEmployed: retention.kind === "while-employed",
      })
      .where(eq(concerns.id, concernId));
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "concern.closed",
      subjectType: "concern",
      subjectId: concernId,
      schoolId: concern.schoolId,
      detail: { outcome, sanction, clauses, retention: retention.kind },
    });
  });
  return { ok: true };
}
