// `conduct declarations rejudge` and `conduct declarations purge-evidence`: the two daily jobs, run
// by hand (after restoring a backup, or to check what a date will do). Both need the database.
import type { Command } from "commander";
import { userError, withDatabase } from "../cli/shared";
import { readConfig } from "../platform/config";
import { createMailer } from "../platform/mail/send-mail";
import { purgeEvidence } from "./purge-evidence";
import { rejudgeDeclarations } from "./rejudge-declarations";

function declarationsCommandOf(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "declarations") ??
    program.command("declarations").description("Social media relationships (policy section 8)")
  );
}

function asOfOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()))
    userError(`option --as-of: "${value}" is not an ISO 8601 instant such as 2026-05-20T09:00:00Z`);
  return at;
}

export function registerDeclarationDatabaseCommands(program: Command): void {
  const declarations = declarationsCommandOf(program);
  declarations
    .command("rejudge")
    .description(
      "Judge again every declaration whose verdict is due to change (an ex-pupil's 18th birthday), store the " +
        "new verdicts and email the staff and principals concerned (the server does this daily at 00:05)",
    )
    .option("--as-of <instant>", "ISO 8601 instant to judge at (default: now)")
    .option("--json", "print the counts as JSON")
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const asOf = asOfOption(opts.asOf);
      const config = readConfig();
      const summary = await withDatabase((database) =>
        rejudgeDeclarations({
          db: database.db,
          mailer: createMailer({ db: database.db, smtpUrl: config.smtpUrl, from: config.mailFrom }),
          baseUrl: config.baseUrl,
          asOf,
        }),
      );
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(summary)}\n`
          : `${summary.checked} due, ${summary.changed} verdict(s) changed, ${summary.failed} could not be judged.\n`,
      );
    });
  declarations
    .command("purge-evidence")
    .description(
      "Delete evidence vault files whose retention has passed, recording each digest in the audit trail " +
        "(the server does this daily at 02:30)",
    )
    .option("--as-of <instant>", "ISO 8601 instant to purge as of (default: now)")
    .option("--json", "print the count as JSON")
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const asOf = asOfOption(opts.asOf);
      const result = await withDatabase((database) => purgeEvidence({ db: database.db, asOf }));
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${result.purged} file(s) purged.\n`);
    });
}
