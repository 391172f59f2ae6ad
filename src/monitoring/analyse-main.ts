// `conduct monitor analyse` on its own: it needs no database, so bin/conduct.js starts it from this
// small entry (dist/monitor-analyse.mjs) rather than the whole CLI, which loads every capability
// (about a second and 120 MB more before the first line is read).
import { Command } from "commander";
import { registerMonitoringCommands } from "./cli";

const program = new Command("conduct");
registerMonitoringCommands(program);
await program.parseAsync(process.argv);
