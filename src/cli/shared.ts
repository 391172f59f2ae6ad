// What every database command needs: settings, a logger, the database, and a clean shutdown.
import { readConfig } from "../platform/config";
import { type Database, openDatabase } from "../platform/db";
import { createLogger, type Logger } from "../platform/logger";
import type { Actor } from "../platform/audit/record-audit-event";
import os from "node:os";

export async function withDatabase<T>(work: (database: Database, logger: Logger) => Promise<T>): Promise<T> {
  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const database = await openDatabase({ config, logger });
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
