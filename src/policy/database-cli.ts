// `conduct policy import|approve|versions|remind`: the commands that store versions in the database
// (parse, lint and diff of files need no database and live in cli.ts).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { desc, eq } from "drizzle-orm";
import { cliActor, userError, withDatabase } from "../cli/shared";
import { readConfig } from "../platform/config";
import { createMailer } from "../platform/mail/send-mail";
import { approvalIso, approvePolicyVersion, nextReviewIso } from "./approve-policy-version";
import { diffPolicyVersions } from "./diff-policy-versions";
import { policyCommandOf } from "./cli";
import { importPolicyVersion } from "./import-policy-version";
import { policyVersions } from "./schema";
import { sendReviewReminders } from "./send-review-reminders";

async function versionIdFor(
  db: Parameters<typeof importPolicyVersion>[0]["db"],
  ref: string,
): Promise<string | null> {
  const all = await db
    .select({ id: policyVersions.id, number: policyVersions.number })
    .from(policyVersions)
    .orderBy(desc(policyVersions.number));
  const n = Number.parseInt(ref.replace(/^v/i, ""), 10);
  return (
    all.find((v) => v.id === ref || (String(n) === ref.replace(/^v/i, "") && v.number === n))?.id ?? null
  );
}

export function registerPolicyDatabaseCommands(program: Command): void {
  const policy = policyCommandOf(program);
  policy
    .command("import")
    .description("Import a policy file (.txt, .md, .docx) as a draft version, with its lint findings")
    .argument("<file>", "the policy file")
    .option("--json", "print the result as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        userError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
      }
      const result = await withDatabase((database) =>
        importPolicyVersion({ db: database.db, actor: cliActor(), fileName: path.basename(file), bytes }),
      );
      if (!result.ok)
        userError(
          `${result.error.file}${result.error.line ? `:${result.error.line}` : ""}: ${result.error.message}`,
        );
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(
          result.created
            ? `Imported as draft version ${result.number} (${result.versionId}).\n`
            : `Already imported as version ${result.number}; nothing new stored.\n`,
        );
        for (const f of result.findings)
          process.stdout.write(
            `  ${f.severity.padEnd(7)} line ${String(f.line ?? "-").padStart(3)}  ${f.code}: ${f.message}\n`,
          );
      }
    });

  policy
    .command("approve")
    .description("Record a draft's approval and make it the current version")
    .argument("<version>", "version number (e.g. 2 or v2) or id")
    .requiredOption("--approved-by <body>", "the approving body or committee")
    .requiredOption("--date <YYYY-MM-DD|YYYY-MM>", "the approval date (a month when only that is known)")
    .option(
      "--next-review <YYYY-MM-DD|YYYY-MM>",
      "next review date or month (default: the document's, or two years on)",
    )
    .action(async (ref: string, opts: { approvedBy: string; date: string; nextReview?: string }) => {
      const result = await withDatabase(async (database) => {
        const versionId = await versionIdFor(database.db, ref);
        if (!versionId)
          return {
            ok: false as const,
            field: "version",
            message: `There is no version "${ref}". See \`conduct policy versions\`.`,
          };
        return approvePolicyVersion(database.db, cliActor(), {
          versionId,
          approvingBody: opts.approvedBy,
          approvalDate: opts.date,
          nextReviewDue: opts.nextReview ?? null,
        });
      });
      if (!result.ok) userError(`${result.field}: ${result.message}`);
      process.stdout.write("Approved: it is now the current version.\n");
    });

  policy
    .command("versions")
    .description("List the policy's versions")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const rows = await withDatabase((database) =>
        database.db
          .select({
            id: policyVersions.id,
            number: policyVersions.number,
            status: policyVersions.status,
            fileName: policyVersions.fileName,
            approvalDate: policyVersions.approvalDate,
            approvalDatePrecision: policyVersions.approvalDatePrecision,
            nextReviewDue: policyVersions.nextReviewDue,
            nextReviewPrecision: policyVersions.nextReviewPrecision,
          })
          .from(policyVersions)
          .orderBy(desc(policyVersions.number)),
      );
      if (opts.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
      else
        for (const r of rows)
          process.stdout.write(
            `v${r.number}  ${r.status.padEnd(10)} ${r.fileName}  approved ${approvalIso(r) ?? "-"}  review ${nextReviewIso(r) ?? "-"}\n`,
          );
    });

  policy
    .command("compare")
    .description("Compare two stored versions clause by clause (added, removed, reworded, renumbered)")
    .argument("<from>", "the older version (number, v-number or id)")
    .argument("<to>", "the newer version")
    .option("--json", "print the changes as JSON")
    .action(async (fromRef: string, toRef: string, opts: { json?: boolean }) => {
      const changes = await withDatabase(async (database) => {
        const [fromId, toId] = [
          await versionIdFor(database.db, fromRef),
          await versionIdFor(database.db, toRef),
        ];
        if (!fromId || !toId) return null;
        const [from] = await database.db.select().from(policyVersions).where(eq(policyVersions.id, fromId));
        const [to] = await database.db.select().from(policyVersions).where(eq(policyVersions.id, toId));
        return diffPolicyVersions({ from: from!.parsed, to: to!.parsed }).filter(
          (c) => c.kind !== "unchanged",
        );
      });
      if (!changes)
        userError(`There is no version "${!fromRef ? fromRef : toRef}". See \`conduct policy versions\`.`);
      if (opts.json) process.stdout.write(`${JSON.stringify(changes)}\n`);
      else if (changes.length === 0) process.stdout.write("No clause changed.\n");
      else
        for (const c of changes)
          process.stdout.write(
            `${c.kind.padEnd(20)} ${(c.fromId ?? "-").padEnd(8)} -> ${(c.toId ?? "-").padEnd(8)} ${(c.toText ?? c.fromText ?? "").replace(/\s+/g, " ").slice(0, 80)}\n`,
          );
    });

  policy
    .command("remind")
    .description("Send review reminders now (the server's daily job does this at 07:00)")
    .action(async () => {
      const config = readConfig();
      const sent = await withDatabase((database) =>
        sendReviewReminders({
          db: database.db,
          mailer: createMailer({ db: database.db, smtpUrl: config.smtpUrl, from: config.mailFrom }),
          baseUrl: config.baseUrl,
        }),
      );
      process.stdout.write(`${sent} reminder(s) sent.\n`);
    });
}
