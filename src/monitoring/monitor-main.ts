// `conduct monitor analyse` and `conduct monitor ingest` on their own: bin/conduct.js starts them
// from this small entry (dist/monitor-main.mjs) rather than the whole CLI, which loads every
// capability (about a second and 120 MB more before the first line of the log is read). Analyse
// needs no database, so the database's modules are loaded only for ingest.
import { Command } from "commander";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const program = new Command("conduct");
try {
  if (process.argv[3] === "ingest") {
    const { registerMonitoringDatabaseCommands } = await import("./database-cli");
    registerMonitoringDatabaseCommands(program);
  } else {
    const { registerMonitoringCommands } = await import("./cli");
    registerMonitoringCommands(program);
  }
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`conduct: ${(error as Error).message}\n`);
  process.exit(1);
}
