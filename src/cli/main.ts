// The `conduct` command: server, demo, database, people, roles, audit, and each capability's commands.
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { readConfig } from "../platform/config";
import { createLogger } from "../platform/logger";
import { registerFoundationCommands } from "./foundation-commands";
import { CAPABILITIES } from "../capabilities";

export function buildProgram(options: { exitOverride?: boolean } = {}): Command {
  const program = new Command();
  // In-process runs (tests) get errors thrown back instead of the process ending.
  if (options.exitOverride) program.exitOverride();
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  program
    .name("conduct")
    .description("Conduct puts a school trust's staff social media policy into practice.")
    .version(pkg.version)
    .showHelpAfterError("(add --help for usage)");
  registerFoundationCommands(program);
  for (const capability of CAPABILITIES) capability.cli?.(program);
  return program;
}

export { Option, createLogger, readConfig };

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.env.CONDUCT_CLI === "1") {
  // `conduct … | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      process.stderr.write(`conduct: ${error.message}\n`);
      process.exit(1);
    });
}
