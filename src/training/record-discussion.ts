// A leader records that the school's termly discussion of the policy (3.1.2) happened: the day,
// who led it and how many took part. A count only: the record shows the opportunity was given.
import { and, eq } from "drizzle-orm";
import { calendarDateAt, parseCalendarDate } from "../core/calendar/calendar-date";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { termlyDiscussions } from "./schema";

export async function recordDiscussion(options: {
  db: Db;
  leader: SignedInUser;
  school: { id: string; timeZone: string };
  discussionId: string;
  heldOn: string;
  ledByName: string;
  attended: string;
  asOf?: Date;
}): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const { db, leader, school } = options;
  const at = options.asOf ?? new Date();
  if (!can(leader, "training.discussions.record", { schoolId: school.id }))
    return { ok: false, errors: { heldOn: "You cannot record a discussion at this school." } };
  const errors: Record<string, string> = {};
  const heldOn = options.heldOn.trim();
  if (!parseCalendarDate(heldOn).ok)
    errors.heldOn = "Enter the day it was held as a date, for example 2027-03-10.";
  else if (heldOn > calendarDateAt(at, school.timeZone))
    errors.heldOn = "Record a discussion after it has been held.";
  const ledByName = options.ledByName.trim();
  if (!ledByName || ledByName.length > 200) errors.ledByName = "Say who led it (up to 200 characters).";
  const attended = Number(options.attended.trim());
  if (!/^\d+$/.test(options.attended.trim()) || attended < 1 || attended > 10_000)
    errors.attended = "Enter how many took part, as a whole number (1 or more).";
  if (Object.keys(errors).length) return { ok: false, errors };
  const done = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(termlyDiscussions)
      .set({ heldOn, ledByName, attended, recordedByUserId: leader.id, recordedAt: at })
      .where(and(eq(termlyDiscussions.id, options.discussionId), eq(termlyDiscussions.schoolId, school.id)))
      .returning({ id: termlyDiscussions.id });
    if (!row) return false;
    await recordAuditEvent(tx, {
      actor: { id: leader.id, label: leader.email },
      action: "training.discussion-recorded",
      subjectType: "termly-discussion",
      subjectId: row.id,
      schoolId: school.id,
      detail: { heldOn, attended },
    });
    return true;
  });
  return done
    ? { ok: true }
    : { ok: false, errors: { heldOn: "There is no such discussion at this school." } };
}
