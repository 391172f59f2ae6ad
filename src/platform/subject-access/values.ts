// Small helpers for the subject access record: every value is plain data for the JSON download.

/** An instant as ISO 8601 (UTC), or null. */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
