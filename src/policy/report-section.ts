// The policy's part of the committee report: review status (front matter, 3.3) and coverage of
// every clause by a control, by section and clause; numbers only.
import { formatDay } from "../platform/format-date";
import { eq } from "drizzle-orm";
import type { ReportContext, ReportSection } from "../platform/capability";
import { controlByKey } from "./control-catalogue";
import { loadCurrentPolicy } from "./load-current-policy";
import { coverage } from "./map-controls";
import { controlMappings } from "./schema";

export async function policyReportSections({ db, days }: ReportContext): Promise<ReportSection[]> {
  const version = await loadCurrentPolicy(db);
  if (!version)
    return [
      {
        key: "policy-review",
        title: "Review status of the policy",
        clauses: [],
        headline: "No policy has been approved yet.",
        tables: [],
      },
    ];
  const overdue = version.nextReviewDue !== null && version.nextReviewDue < days.last;
  const review: ReportSection = {
    key: "policy-review",
    title: "Review status of the policy",
    clauses: [],
    headline:
      `Version ${version.number} ("${version.title}") is current, approved by ${version.approvingBody ?? "—"} on ${version.approvalDate ? formatDay(version.approvalDate) : "—"}; ` +
      (version.nextReviewDue
        ? `next review due ${formatDay(version.nextReviewDue)}${overdue ? ": the review is overdue" : ""}.`
        : "no review date is set."),
    tables: [
      {
        caption: "The current version",
        columns: ["Field", "Value"],
        rows: [
          ["Version", version.number],
          ["Approved by", version.approvingBody ?? ""],
          ["Approved on", version.approvalDate ?? ""],
          ["Next review due", version.nextReviewDue ?? ""],
          ["Review overdue at the end of the period", overdue ? "yes" : "no"],
        ],
      },
    ],
  };
  const mappings = await db
    .select({ controlKey: controlMappings.controlKey, clauseId: controlMappings.clauseId })
    .from(controlMappings)
    .where(eq(controlMappings.trustId, version.trustId));
  const byClause = coverage(version.parsed, mappings);
  const bySection = new Map<string, { clauses: number; working: number; planned: number; gaps: number }>();
  const clauseRows: (string | number)[][] = [];
  let obligations = 0;
  let gaps = 0;
  for (const clause of version.parsed.clauses) {
    if (clause.modality === "none") continue; // a statement asks nothing of anyone
    obligations++;
    const keys = byClause.get(clause.id) ?? [];
    const built = keys.filter((k) => controlByKey(k)?.built);
    const status = built.length ? "working" : keys.length ? "planned" : "gap";
    if (status === "gap") gaps++;
    const s = bySection.get(clause.sectionNumber) ?? { clauses: 0, working: 0, planned: 0, gaps: 0 };
    s.clauses++;
    if (status === "working") s.working++;
    else if (status === "planned") s.planned++;
    else s.gaps++;
    bySection.set(clause.sectionNumber, s);
    clauseRows.push([
      clause.number,
      status,
      keys.map((k) => controlByKey(k)?.name ?? k).join("; ") || "no control",
    ]);
  }
  const sectionTitle = new Map(version.parsed.sections.map((s) => [s.number, s.title]));
  return [
    review,
    {
      key: "policy-coverage",
      title: "Coverage of the policy by clause",
      clauses: [],
      headline: `${obligations - gaps} of ${obligations} clauses that ask something of someone have a control; ${gaps} are gaps.`,
      tables: [
        {
          caption: "Clauses with a working control, a planned one, or none (a gap), by section",
          columns: ["Section", "Working", "Planned", "Gap"],
          rows: [...bySection.entries()].map(([number, s]) => [
            `${number} ${sectionTitle.get(number) ?? ""}`.trim(),
            s.working,
            s.planned,
            s.gaps,
          ]),
          chart: "stacked",
        },
        {
          caption: "Every clause and its control",
          columns: ["Clause", "Status", "Controls"],
          rows: clauseRows,
        },
      ],
    },
  ];
}
