// Evidence for the live policy page: counts and times only, never names or details (trustees read it).
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { numbersInScope } from "./list-cases";

export async function concernEvidence({
  db,
  scope,
}: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const rows = await numbersInScope(db, scope);
  const total = rows.reduce((n, r) => n + r.open + r.closed, 0);
  if (total === 0) return { headline: "No concerns reported yet", status: "no-data" };
  const open = rows.reduce((n, r) => n + r.open, 0);
  const allegations = rows.reduce((n, r) => n + r.allegation, 0);
  const lowLevel = rows.reduce((n, r) => n + r.lowLevel, 0);
  const safeguarding = rows.reduce((n, r) => n + r.safeguarding, 0);
  const medians = rows.map((r) => r.medianHoursToFirstAction).filter((m): m is number => m !== null);
  const slowest = medians.length ? Math.max(...medians) : null;
  return {
    headline:
      `${total} concerns (${safeguarding} safeguarding, ${allegations} allegations, ${lowLevel} low-level), ${open} open` +
      (slowest !== null ? `; median time to first action at most ${slowest} hours by school` : ""),
    status: slowest !== null && slowest > 24 ? "attention" : "working",
  };
}
