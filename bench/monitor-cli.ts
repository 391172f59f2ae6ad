// Runs the monitoring commands on their own (`tsx bench/monitor-cli.ts monitor analyse ...`), so the
// bench measures them in a separate process, as a user would run `conduct monitor analyse`.
import { Command } from "commander";
import { registerMonitoringCommands } from "../src/monitoring/cli";

const program = new Command();
registerMonitoringCommands(program);
await program.parseAsync(process.argv);
