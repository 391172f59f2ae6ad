// The keyed hash that chains each audit row to the one before it. Pure, so verification and writing agree.
import { createHmac } from "node:crypto";

export type AuditFields = {
  at: string; // ISO 8601 with milliseconds, UTC
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  personId: string | null;
  schoolId: string | null;
  detail: Record<string, unknown>;
};

export const GENESIS_HASH = "0".repeat(64);

/** JSON with keys sorted at every depth, so jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** HMAC-SHA-256 under the audit key, kept outside the database (see audit-key.ts). */
export function hashAuditEvent(prevHash: string, fields: AuditFields, key: Buffer): string {
  return createHmac("sha256", key)
    .update(prevHash)
    .update("\n")
    .update(canonicalJson({ ...fields, at: new Date(fields.at).toISOString() }))
    .digest("hex");
}
