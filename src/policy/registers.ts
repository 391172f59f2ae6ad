// The policy's registers: its versions with approval and review dates, and the clause-to-control
// coverage of the current version (what an inspector asks for first). No personal data.
import { asc, eq } from "drizzle-orm";
import type { RegisterExport } from "../platform/capability";
import { controlByKey } from "./control-catalogue";
import { loadCurrentPolicy } from "./load-current-policy";
import { coverage } from "./map-controls";
import { approvalIso, nextReviewIso } from "./approve-policy-version";
import { controlMappings, policyVersions } from "./schema";

export const policyRegisters: readonly RegisterExport[] = [
  {
    table: "policy-versions",
    name: "Policy versions, approval and review",
    action: "policy.evidence",
    columns: [
      "version",
      "title",
      "status",
      "file_name",
      "sha256",
      "imported_at",
      "approving_body",
      "approval_date",
      "next_review_due",
    ],
    async *rows({ db }) {
      const rows = await db.select().from(policyVersions).orderBy(asc(policyVersions.number));
      for (const v of rows)
        yield [
          v.number,
          v.title,
          v.status,
          v.fileName,
          v.sourceSha256,
          v.importedAt.toISOString(),
          v.approvingBody,
          approvalIso(v),
          nextReviewIso(v),
        ];
    },
  },
  {
    table: "policy-coverage",
    name: "Clauses of the current policy and their controls",
    action: "policy.evidence",
    columns: ["clause", "modality", "actor", "status", "controls"],
    async *rows({ db }) {
      const version = await loadCurrentPolicy(db);
      if (!version) return;
      const mappings = await db
        .select({ controlKey: controlMappings.controlKey, clauseId: controlMappings.clauseId })
        .from(controlMappings)
        .where(eq(controlMappings.trustId, version.trustId));
      const byClause = coverage(version.parsed, mappings);
      for (const clause of version.parsed.clauses) {
        const keys = byClause.get(clause.id) ?? [];
        const status =
          clause.modality === "none"
            ? "statement"
            : keys.some((k) => controlByKey(k)?.built)
              ? "working"
              : keys.length
                ? "planned"
                : "gap";
        yield [clause.number, clause.modality, clause.actor, status, keys.join(";")];
      }
    },
  },
];
