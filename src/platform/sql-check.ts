// A CHECK constraint that a text column holds one of a fixed list (an enum the database enforces).
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** The values are constants from the schema's own file, never user input. */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in ${sql.raw(`(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`)}`;
}
