// Evidence for 3.1.1 on the live policy page: how many staff in post have attended a briefing or
// training on the current version, over the schools the reader may see (counts only).
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import type { Db } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { trainedBySchool } from "./list-training";

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
