// Which accounts a reader's role reaches: school roles their own schools' accounts, trust-wide
// roles every account including the trust's own (school id null).
import { inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { type Action, type Principal, schoolsWhere } from "../platform/auth/permissions";

export function reaches(user: Principal, action: Action, schoolId: string | null): boolean {
  const where = schoolsWhere(user, action);
  if (where === "all") return true;
  return schoolId !== null && where.includes(schoolId);
}

/** A SQL condition on a school column for the same rule; undefined when everything is in reach. */
export function inReach(user: Principal, action: Action, column: PgColumn): SQL | undefined {
  const where = schoolsWhere(user, action);
  if (where === "all") return undefined;
  if (where.length === 0) return sql`false`;
  return inArray(column, where);
}
