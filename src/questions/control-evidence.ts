// Evidence for 3.1.2, 3.2.2 and 4.10 on the live policy page: questions asked, how many are
// overdue, and the median time to a first answer (counts only; trustees read it).
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { questionStats } from "./question-stats";

export async function questionEvidence({
  db,
  scope,
  now,
}: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const stats = await questionStats(db, scope, calendarDateAt(now, defaultTimeZone));
  if (stats.asked === 0) return { headline: "No questions asked yet", status: "no-data" };
  const median =
    stats.medianHoursToAnswer === null
      ? "none answered yet"
      : `median ${stats.medianHoursToAnswer} hours to answer`;
  return {
    headline: `${stats.asked} questions asked, ${stats.open} open, ${stats.overdue} overdue; ${median}`,
    status: stats.overdue > 0 ? "attention" : "working",
  };
}
