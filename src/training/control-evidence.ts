// Evidence on the live policy page, over the schools the reader may see (counts and school names,
// never a person): 3.1.1, staff in post who attended a briefing or training on the current version;
// 3.1.2, when each school last held its termly discussion.
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import type { Db } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { calendarDateOrThrow, describeDay, startOfCalendarDate } from "../core/calendar/calendar-date";
import { lastDiscussedBySchool } from "./list-discussions";
import { trainedBySchool } from "./list-training";
import { checkedUpBySchool } from "./privacy-check-ups";

const dayText = (date: string) => describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");

export async function trainingEvidence({
  db,
  scope,
}: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const version = await loadCurrentPolicy(db);
  if (!version) return { headline: "No current policy yet", status: "no-data" };
  const bySchool = await trainedBySchool(db, { versionId: version.id, scope });
  const heads = (await countPeopleBySchool(db)).filter((s) => scope === "all" || scope.includes(s.id));
  const staffInPost = heads.reduce((n, s) => n + s.staff, 0);
  let sessions = 0;
  let trained = 0;
  for (const row of bySchool.values()) {
    sessions += row.sessions;
    trained += row.trained;
  }
  if (sessions === 0)
    return {
      headline: `No briefing or training on version ${version.number} has been recorded yet`,
      status: "no-data",
    };
  const schoolsWith = bySchool.size;
  const headline =
    `${trained} of ${staffInPost} staff have attended a briefing or training on version ${version.number} ` +
    `(${sessions} ${sessions === 1 ? "session" : "sessions"} at ${schoolsWith} of ${heads.length} ${heads.length === 1 ? "school" : "schools"})`;
  const clause = findTemplateClause(version.parsed, "3.1.1");
  return {
    headline,
    status: trained >= staffInPost ? "working" : "attention",
    byClause: clause ? { [clause.number]: headline } : undefined,
  };
}

const LISTED = 12;
/** A term and its holiday: a school whose last discussion is older has missed a term. */
const TERM_DAYS = 122;

/** Evidence for 3.1.2: when each school last held its termly discussion of the policy. */
export async function discussionEvidence({
  db,
  scope,
  now,
}: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const bySchool = await lastDiscussedBySchool(db, scope);
  if (bySchool.length === 0) return { headline: "No schools yet", status: "no-data" };
  const since = new Date(now.getTime() - TERM_DAYS * 86_400_000).toISOString().slice(0, 10);
  const recent = bySchool.filter((s) => s.lastHeldOn && s.lastHeldOn >= since).length;
  if (bySchool.every((s) => !s.lastHeldOn))
    return { headline: "No school has recorded a termly discussion of the policy yet", status: "no-data" };
  const listed = bySchool
    .slice(0, LISTED)
    .map((s) => `${s.name} ${s.lastHeldOn ? dayText(s.lastHeldOn) : "not yet"}`)
    .join("; ");
  const more = bySchool.length > LISTED ? `; and ${bySchool.length - LISTED} more schools` : "";
  const headline = `${recent} of ${bySchool.length} ${bySchool.length === 1 ? "school has" : "schools have"} discussed the policy in the last term. Last discussed: ${listed}${more}`;
  const version = await loadCurrentPolicy(db);
  const clause = version ? findTemplateClause(version.parsed, "3.1.2") : null;
  return {
    headline,
    status: recent === bySchool.length ? "working" : "attention",
    byClause: clause ? { [clause.number]: headline } : undefined,
  };
}

/** Evidence for 4.9: staff in post who did the account privacy check-up in the last year (a count). */
export async function privacyCheckUpEvidence({
  db,
  scope,
  now,
}: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const bySchool = await checkedUpBySchool(db, { scope, now });
  let inPost = 0;
  let checkedUp = 0;
  for (const row of bySchool.values()) {
    inPost += row.inPost;
    checkedUp += row.checkedUp;
  }
  if (checkedUp === 0)
    return { headline: "No member of staff has done the account privacy check-up yet", status: "no-data" };
  const headline = `${checkedUp} of ${inPost} staff have done the account privacy check-up in the last year`;
  const version = await loadCurrentPolicy(db);
  const clause = version ? findTemplateClause(version.parsed, "4.9") : null;
  return {
    headline,
    status: checkedUp >= inPost ? "working" : "attention",
    byClause: clause ? { [clause.number]: headline } : undefined,
  };
}
