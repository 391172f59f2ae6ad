// Imports a policy file as a draft version: parse, lint against the trust's recorded documents,
// store. The same file imported twice is the same draft (matched by its SHA-256).
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { trustDocuments, trusts } from "../core/people/schema";
import { lintPolicy } from "./lint-policy";
import type { PolicyFileError } from "./parsed-policy";
import { parsePolicyInWorker } from "./parse-policy-in-worker";
import { policyClauses, policyVersions, type StoredFinding } from "./schema";

export type ImportPolicyResult =
  | {
      ok: true;
      versionId: string;
      number: number;
      created: boolean;
      findings: StoredFinding[];
      warnings: { code: string; line: number; message: string }[];
    }
  | { ok: false; error: PolicyFileError };

export async function knownDocuments(db: Db, trustId: string): Promise<string[]> {
  const rows = await db
    .select({ title: trustDocuments.title })
    .from(trustDocuments)
    .where(and(eq(trustDocuments.trustId, trustId), eq(trustDocuments.active, true)));
  return rows.map((r) => r.title);
}

export async function importPolicyVersion(options: {
  db: Db;
  actor: Actor;
  fileName: string;
  bytes: Uint8Array;
  asOf?: Date;
}): Promise<ImportPolicyResult> {
  const { db } = options;
  // Off the event loop, with a memory limit: one bad file fails alone.
  const worked = await parsePolicyInWorker({ bytes: options.bytes, fileName: options.fileName });
  if (!worked.ok) return { ok: false, error: worked.error };
  const { read, parsed } = worked;
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const [trust] = await db.select().from(trusts).limit(1);
  if (!trust)
    return {
      ok: false,
      error: { file: options.fileName, line: null, message: "Set up the trust before importing its policy." },
    };
  const findings: StoredFinding[] = lintPolicy({
    policy: parsed.policy,
    asOf: options.asOf ?? new Date(),
    knownDocuments: await knownDocuments(db, trust.id),
    fileName: options.fileName,
  }).map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    line: f.line ?? null,
    clauseId: f.clauseId,
  }));
  const sha = createHash("sha256").update(read.text).digest("hex");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727003)`);
    const [existing] = await tx
      .select()
      .from(policyVersions)
      .where(and(eq(policyVersions.trustId, trust.id), eq(policyVersions.sourceSha256, sha)));
    if (existing)
      return {
        ok: true as const,
        versionId: existing.id,
        number: existing.number,
        created: false,
        findings: existing.findings,
        warnings: existing.warnings,
      };
    const [{ next }] = (
      await tx.execute(
        sql`select coalesce(max(number), 0) + 1 as next from policy_versions where trust_id = ${trust.id}`,
      )
    ).rows as [{ next: number }];
    const p = parsed.policy;
    const [version] = await tx
      .insert(policyVersions)
      .values({
        trustId: trust.id,
        number: Number(next),
        title: [p.organisation, p.title].filter(Boolean).join(": ") || options.fileName,
        fileName: options.fileName,
        format: read.format,
        sourceText: read.text,
        sourceSha256: sha,
        parsed: p,
        findings,
        warnings: parsed.warnings,
        importedBy: options.actor.label,
        nextReviewDue: null,
      })
      .returning();
    if (p.clauses.length) {
      await tx.insert(policyClauses).values(
        p.clauses.map((c, i) => ({
          versionId: version!.id,
          clauseId: c.id,
          parentId: c.parentId,
          sectionNumber: c.sectionNumber,
          position: i,
          actor: c.actor,
          modality: c.modality,
          heading: c.heading ?? null,
          text: c.text,
        })),
      );
    }
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "policy.imported",
      subjectType: "policy-version",
      subjectId: version!.id,
      detail: {
        number: version!.number,
        fileName: options.fileName,
        clauses: p.clauses.length,
        findings: findings.length,
      },
    });
    return {
      ok: true as const,
      versionId: version!.id,
      number: version!.number,
      created: true,
      findings,
      warnings: parsed.warnings,
    };
  });
}
