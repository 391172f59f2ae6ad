// One database layer for the server, the CLI and the jobs: the embedded PostgreSQL by default,
// or an existing one through DATABASE_URL. Same schema, same migrations, same SQL.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Config } from "./config";
import { appRoleUrl, enableAppLogin } from "./app-role";
import { loadAuditKey, setAuditKey } from "./audit/audit-key";
import { startEmbeddedDatabase } from "./embedded-database";
import type { Logger } from "./logger";
import { trackRequestClients } from "./cancel-abandoned";
import { countChanges } from "./kept-while-unchanged";

export type Db = NodePgDatabase;
/** The handle a transaction callback receives; use it wherever a Db is accepted. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  pool: pg.Pool;
  /** The owner's login (migrations, the job queue); `pool` and `db` run as conduct_app. */
  url: string;
  kind: "embedded-postgres" | "postgres";
  /** For the embedded database: its folder, whether this start created it, and whose running server it is. */
  embedded?: { dataDir: string; created: boolean; sharedWith: number | null };
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
  /** Bounds every statement of this pool, so an abandoned or runaway query cannot hold a connection for ever. */
  statementTimeoutMs?: number,
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
  });
  trackRequestClients(pool);
  countChanges(pool);
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
  config: Pick<Config, "databaseUrl" | "dataDir" | "appDatabaseUrl" | "auditKey">;
  logger?: Logger;
  migrate?: boolean;
  /** "server" refuses a data folder another live Conduct serves; a command shares its database. */
  mode?: "server" | "command";
  statementTimeoutMs?: number;
}): Promise<Database> {
  const { config } = options;
  let ownerUrl: string;
  let kind: Database["kind"];
  let stopEmbedded: (() => Promise<void>) | undefined;
  let embeddedInfo: Database["embedded"];
  if (config.databaseUrl) {
    ownerUrl = config.databaseUrl;
    kind = "postgres";
  } else {
    const dataDir = config.dataDir;
    const embedded = await startEmbeddedDatabase({ dataDir, logger: options.logger, mode: options.mode });
    ownerUrl = embedded.url;
    kind = "embedded-postgres";
    stopEmbedded = embedded.stop;
    embeddedInfo = { dataDir, created: embedded.created, sharedWith: embedded.sharedWith };
  }
  try {
    setAuditKey(await loadAuditKey({ env: config.auditKey, dataDir: config.dataDir }));
    // Migrations as the owner, on a pool of their own without the statement timeout.
    if (options.migrate !== false) {
      const owner = connect(ownerUrl, kind, undefined, 1);
      try {
        await migrateDatabase(owner);
      } finally {
        await owner.close();
      }
    }
    if (!config.appDatabaseUrl) await enableAppLogin(ownerUrl);
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
  // Everything else as conduct_app, which cannot alter or remove audit rows.
  const database = connect(
    config.appDatabaseUrl ?? appRoleUrl(ownerUrl),
    kind,
    stopEmbedded,
    10,
    options.statementTimeoutMs,
  );
  // The job queue keeps the owner's login: pg-boss creates and maintains its own schema.
  database.url = ownerUrl;
  database.embedded = embeddedInfo;
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
