// A SQL condition limiting rows to the schools a reader may see in aggregate.
import { inArray, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { SchoolScope } from "./capability";

const NO_SCHOOL = "00000000-0000-0000-0000-000000000000";

export function inSchoolScope(column: PgColumn, scope: SchoolScope): SQL | undefined {
  if (scope === "all") return undefined;
  return inArray(column, scope.length ? [...scope] : [NO_SCHOOL]);
}
