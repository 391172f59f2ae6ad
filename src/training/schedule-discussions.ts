// The trust schedules the termly discussion of the policy (3.1.2) at each school it chooses, in
// the term that holds a given day (or the next term), from each school's own calendar. A school
// with no term dates is skipped and said so; a term already scheduled is left as it is.
import { and, eq } from "drizzle-orm";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { planDiscussion, termFor } from "./plan-discussion";
import { termlyDiscussions } from "./schema";

export const DEFAULT_REMIND_BEFORE = 10;

export type ScheduleOutcome = {
  scheduled: { schoolId: string; termName: string; dueOn: string; remindOn: string }[];
  already: string[];
  noTerms: string[];
};

export async function scheduleDiscussions(options: {
  db: Db;
  actor: SignedInUser | null;
  schoolIds: readonly string[];
  inTermOf: string;
  remindSchoolDaysBefore: number;
}): Promise<ScheduleOutcome> {
  const { db } = options;
  const outcome: ScheduleOutcome = { scheduled: [], already: [], noTerms: [] };
  for (const schoolId of options.schoolIds) {
    const calendar = await loadSchoolCalendar(db, schoolId);
    const term = termFor(calendar, options.inTermOf);
    if (!term) {
      outcome.noTerms.push(schoolId);
      continue;
    }
    const plan = planDiscussion(calendar, term, options.remindSchoolDaysBefore);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(termlyDiscussions)
        .values({
          schoolId,
          termName: term.name,
          termStartsOn: term.startsOn,
          ...plan,
          scheduledByUserId: options.actor?.id ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: termlyDiscussions.id });
      if (!row) {
        outcome.already.push(schoolId);
        return;
      }
      outcome.scheduled.push({ schoolId, termName: term.name, ...plan });
      await recordAuditEvent(tx, {
        actor: options.actor
          ? { id: options.actor.id, label: options.actor.email }
          : { id: null, label: "system" },
        action: "training.discussion-scheduled",
        subjectType: "termly-discussion",
        subjectId: row.id,
        schoolId,
        detail: { term: term.name, ...plan },
      });
    });
  }
  return outcome;
}

export async function loadDiscussion(db: Db, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(termlyDiscussions)
    .where(and(eq(termlyDiscussions.id, id), eq(termlyDiscussions.schoolId, schoolId)));
  return row ?? null;
}
