// The case register: one row a case, with its dates, deadlines, outcome and clauses, never a name
// or a word of what happened. Still need-to-know (12.1): a member of staff exports only the cases
// they hold in full, as the concerns page lists them; the operator at the command line every case.
import { and, asc, eq, inArray } from "drizzle-orm";
import { schools } from "../core/people/schema";
import type { RegisterExport } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { listCaseSummaries } from "./list-cases";
import { concerns } from "./schema";

export const concernRegisters: readonly RegisterExport[] = [
  {
    table: "cases",
    name: "Concerns and cases (no names or details)",
    action: "concerns.cases",
    columns: [
      "reference",
      "school",
      "category",
      "reported_as",
      "routed_to",
      "status",
      "reported_at",
      "first_action_at",
      "start_by",
      "finish_by",
      "outcome",
      "clauses_breached",
      "closed_at",
      "external_system",
      "external_reference",
    ],
    async *rows({ db, viewer, scope }) {
      const held = viewer ? (await listCaseSummaries(db, viewer)).cases.map((c) => c.id) : null;
      if (held && held.length === 0) return;
      const rows = await db
        .select({ c: concerns, school: schools.name })
        .from(concerns)
        .innerJoin(schools, eq(schools.id, concerns.schoolId))
        .where(and(inSchoolScope(concerns.schoolId, scope), held ? inArray(concerns.id, held) : undefined))
        .orderBy(asc(concerns.createdAt));
      for (const { c, school } of rows)
        yield [
          c.id,
          school,
          c.category,
          c.kind,
          c.routedToRole,
          c.status,
          c.createdAt.toISOString(),
          c.firstActionAt?.toISOString() ?? null,
          c.startBy,
          c.finishBy,
          c.outcome,
          c.clausesBreached.join(";"),
          c.closedAt?.toISOString() ?? null,
          c.externalSystem,
          c.externalReference,
        ];
    },
  },
];
