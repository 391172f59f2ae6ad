// The evidence vault's limits. The retention period is the one setting a deployment changes, and it
// is read from the environment here and nowhere else.
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** Seven years (2,555 days), the period schools commonly keep safeguarding-adjacent staff records. */
export const DEFAULT_EVIDENCE_RETENTION_DAYS = 2555;

export function evidenceRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EVIDENCE_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_EVIDENCE_RETENTION_DAYS;
  const days = Number(raw);
  // A bad setting is the operator's mistake, found at the first upload: refuse loudly rather than
  // keep files for a period nobody chose.
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(days) || days <= 0) {
    throw new RangeError(
      `EVIDENCE_RETENTION_DAYS must be a positive whole number of days, not "${raw}" (default ${DEFAULT_EVIDENCE_RETENTION_DAYS})`,
    );
  }
  return days;
}
