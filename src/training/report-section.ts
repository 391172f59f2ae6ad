// Training's part of the committee report (3.1.1): briefings and training held in the period, and
// how many staff in post have attended one on the current version, by school; numbers only.
import type { ReportContext, ReportSection } from "../platform/capability";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { lastDiscussedBySchool } from "./list-discussions";
import { heldInPeriod, trainedBySchool } from "./list-training";

export async function trainingReportSections(context: ReportContext): Promise<ReportSection[]> {
  const { db, scope, schools, days } = context;
  const version = await loadCurrentPolicy(db);
  const clause = version ? findTemplateClause(version.parsed, "3.1.1") : null;
  const clauses = clause ? [clause.number] : [];
  const held = await heldInPeriod(db, { scope, first: days.first, last: days.last });
  const trained = version ? await trainedBySchool(db, { versionId: version.id, scope }) : new Map();
  const heads = new Map((await countPeopleBySchool(db)).map((s) => [s.id, s.staff]));
  const sessions = held.reduce((n, r) => n + r.sessions, 0);
  const attendances = held.reduce((n, r) => n + r.attendances, 0);
  const discussed = await lastDiscussedBySchool(db, scope);
  const discussionClause = version ? findTemplateClause(version.parsed, "3.1.2") : null;
  const rows = schools.map((s) => {
    const mine = held.filter((r) => r.schoolId === s.id);
    const sum = (kind: string) => mine.filter((r) => r.kind === kind).reduce((n, r) => n + r.sessions, 0);
    return [
      s.name,
      sum("briefing"),
      sum("training"),
      mine.reduce((n, r) => n + r.attendances, 0),
      trained.get(s.id)?.trained ?? 0,
      heads.get(s.id) ?? 0,
    ] as const;
  });
  return [
    {
      key: "training",
      title: "Briefings and training on the policy",
      clauses,
      headline:
        `${sessions} ${sessions === 1 ? "briefing or training session was" : "briefings and training sessions were"} held in the period, ` +
        `with ${attendances} ${attendances === 1 ? "attendance" : "attendances"}.` +
        (version ? "" : " No policy is current."),
      tables: [
        {
          caption: "Briefings and training by school",
          columns: [
            "School",
            "Briefings in the period",
            "Training sessions in the period",
            "Attendances in the period",
            version ? `Staff trained on version ${version.number}` : "Staff trained on the current version",
            "Staff in post",
          ],
          rows,
        },
      ],
    },
    {
      key: "discussion",
      title: "Termly discussion of the policy",
      clauses: discussionClause ? [discussionClause.number] : [],
      headline: `${discussed.filter((d) => d.lastHeldOn && d.lastHeldOn >= days.first && d.lastHeldOn <= days.last).length} of ${discussed.length} schools held a discussion of the policy in the period.`,
      tables: [
        {
          caption: "When each school last discussed the policy",
          columns: ["School", "Last discussed", "In the period"],
          rows: discussed.map((d) => [
            d.name,
            d.lastHeldOn ?? "not yet",
            d.lastHeldOn && d.lastHeldOn >= days.first && d.lastHeldOn <= days.last ? 1 : 0,
          ]),
        },
      ],
    },
  ];
}
