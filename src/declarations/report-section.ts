// Declarations' part of the committee report (4.2.1, 8.3, 8.4): declarations made in the period by
// verdict, by kind of contact and by where the review stands, by school; numbers only.
import { and, gte, lt, sql } from "drizzle-orm";
import type { ReportContext, ReportSection } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { contactKindLabels, declarationStatusLabels, verdictLabels } from "./declaration-labels";
import { verdicts } from "./judge-declaration";
import { declarations, evidenceItems } from "./schema";

export async function declarationReportSections({
  db,
  scope,
  from,
  to,
  schools,
}: ReportContext): Promise<ReportSection[]> {
  const where = and(
    gte(declarations.createdAt, from),
    lt(declarations.createdAt, to),
    inSchoolScope(declarations.schoolId, scope),
  );
  const grouped = await db
    .select({
      schoolId: declarations.schoolId,
      verdict: declarations.verdict,
      kind: declarations.contactKind,
      status: declarations.status,
      n: sql<number>`count(*)::int`,
    })
    .from(declarations)
    .where(where)
    .groupBy(declarations.schoolId, declarations.verdict, declarations.contactKind, declarations.status);
  const [vault] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(evidenceItems)
    .where(
      and(
        gte(evidenceItems.storedAt, from),
        lt(evidenceItems.storedAt, to),
        inSchoolScope(evidenceItems.schoolId, scope),
      ),
    );
  const sum = (pick: (g: (typeof grouped)[number]) => boolean) =>
    grouped.filter(pick).reduce((n, g) => n + g.n, 0);
  const total = sum(() => true);
  const tally = (key: "kind" | "status", labels: Record<string, string>) => {
    const m = new Map<string, number>();
    for (const g of grouped) m.set(labels[g[key]] ?? g[key], (m.get(labels[g[key]] ?? g[key]) ?? 0) + g.n);
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  const version = await loadCurrentPolicy(db);
  const clauses = version
    ? ["4.2.1", "8.3", "8.3.1", "8.3.2", "8.4", "8.4.1"].flatMap(
        (t) => findTemplateClause(version.parsed, t)?.number ?? [],
      )
    : [];
  const bySchool = schools
    .map(
      (s) =>
        [s.name, ...verdicts.map((v) => sum((g) => g.schoolId === s.id && g.verdict === v))] as (
          | string
          | number
        )[],
    )
    .filter((r) => r.slice(1).some((n) => Number(n) > 0));
  return [
    {
      key: "declarations",
      title: "Declarations of social media relationships, by verdict",
      clauses,
      headline: total
        ? `${total} declarations made in the period: ${verdicts.map((v) => `${sum((g) => g.verdict === v)} ${verdictLabels[v].toLowerCase()}`).join(", ")}; ${sum((g) => g.status === "awaiting-review" || g.status === "more-information-requested")} still awaiting a leader's review. ${vault?.n ?? 0} rejected approaches were kept in the evidence vault.`
        : `No declarations were made in the period. ${vault?.n ?? 0} rejected approaches were kept in the evidence vault.`,
      tables: [
        {
          caption: "Declarations made in the period, by verdict",
          columns: ["Verdict", "Declarations"],
          rows: verdicts.map((v) => [verdictLabels[v], sum((g) => g.verdict === v)]),
          chart: "bar",
        },
        {
          caption: "Declarations by verdict and school",
          columns: ["School", ...verdicts.map((v) => verdictLabels[v])],
          rows: bySchool,
          chart: "stacked",
        },
        {
          caption: "Declarations by kind of contact",
          columns: ["Contact", "Declarations"],
          rows: tally("kind", contactKindLabels),
        },
        {
          caption: "Declarations by where the review stands",
          columns: ["Review", "Declarations"],
          rows: tally("status", declarationStatusLabels),
        },
      ],
    },
  ];
}
