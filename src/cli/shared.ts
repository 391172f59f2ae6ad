// What every database command needs: settings, a logger, the database, and a clean shutdown.
import { readConfig } from "../platform/config";
import { type Database, openDatabase } from "../platform/db";
import { createLogger, type Logger } from "../platform/logger";
import type { Actor } from "../platform/audit/record-audit-event";
import os from "node:os";

export async function withDatabase<T>(
  work: (database: Database, logger: Logger) => Promise<T>,
  options: { fillsNewDatabase?: boolean } = {},
): Promise<T> {
  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const database = await openDatabase({ config, logger });
  sayWhichDatabase(database, process.env, options);
  try {
    return await work(database, logger);
  } finally {
    await database.close();
  }
}

/** Changes made from the command line are recorded as the operating-system user who ran them. */
export function cliActor(): Actor {
  return { id: null, label: `cli:${os.userInfo().username}` };
}

/** A mistake the user can fix: message on stderr, exit code 2. */
export function userError(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/**
 * Without CONDUCT_DATA_DIR a command quietly opens ./data: say which database it used, and
 * loudly when that database was made just now (so "no such school" has an explanation).
 */
export function sayWhichDatabase(
  database: Database,
  env: NodeJS.ProcessEnv = process.env,
  options: { fillsNewDatabase?: boolean } = {},
): void {
  const e = database.embedded;
  if (!e) return;
  if (e.created && options.fillsNewDatabase) {
    // `conduct demo` is meant to fill a new database: say where, without the warning.
    process.stderr.write(`Created a new database in ${e.dataDir} for the demo.\n`);
  } else if (e.created) {
    process.stderr.write(
      `Created a new, empty database in ${e.dataDir}${env.CONDUCT_DATA_DIR ? "" : " (CONDUCT_DATA_DIR is not set)"}.` +
        " Set CONDUCT_DATA_DIR to the folder of the database you meant, or load the demo with `conduct demo`.\n",
    );
  } else if (!env.CONDUCT_DATA_DIR || e.sharedWith) {
    process.stderr.write(
      `Using the database in ${e.dataDir}${e.sharedWith ? ` (of the Conduct server running as process ${e.sharedWith})` : ""}.\n`,
    );
  }
}
