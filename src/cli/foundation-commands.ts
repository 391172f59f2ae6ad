// start, demo, migrate, status, people import, roles, users and audit verify.
import { constants, createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { SingleBar, Presets } from "cli-progress";
import type { Command } from "commander";
import { and, eq, isNull, sql } from "drizzle-orm";
import { verifyAuditChain } from "../platform/audit/verify-audit-chain";
import { anchorAuditHead, parseAnchorArgument, readLatestAnchor } from "../platform/audit/anchor-audit-head";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { passwordResets, users } from "../platform/auth/schema";
import { newToken, tokenDigest } from "../platform/auth/tokens";
import { readConfig } from "../platform/config";
import { type Database, migrationVersion, openDatabase } from "../platform/db";
import { watchDatabase } from "../platform/watch-database";
import { handleSignalsOurselves } from "../platform/embedded-database";
import { createLogger } from "../platform/logger";
import { startConduct } from "../platform/server";
import { grantRole, revokeRole } from "../core/people/grant-role";
import { describeImportSummary } from "../core/people/describe-import-summary";
import { importPeopleCsv, type PeopleKind } from "../core/people/import-people";
import { MIN_DEMO_SCHOOLS } from "../core/people/generate-demo-trust";
import { loadDemo } from "../demo";
import { cliActor, userError, withDatabase } from "./shared";

function progressBar(label: string, enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done: number, total: number) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

async function runServer() {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  let database: Database;
  let running: Awaited<ReturnType<typeof startConduct>>;
  try {
    // "server": a second server on the same folder refuses instead of taking its database.
    database = await openDatabase({
      config,
      logger,
      mode: "server",
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
    });
  } catch (error) {
    process.stderr.write(`conduct: ${(error as Error).message}\n`);
    process.exit(1);
  }
  try {
    running = await startConduct({ config, logger, database });
  } catch (error) {
    process.stderr.write(`conduct: ${(error as Error).message}\n`);
    await withTimeout(database.close(), 10_000).catch(() => undefined);
    process.exit(1);
  }
  let stopping = false;
  const shutDown = async (code: number) => {
    // Should the loop empty before close() settles (its database gone), exit with this code anyway.
    process.exitCode = code;
    watch.stop();
    try {
      await withTimeout(
        (async () => {
          await running.close();
          await database.close();
        })(),
        SHUTDOWN_SECONDS * 1000,
      );
    } catch (error) {
      logger.error({ err: error }, "did not stop cleanly");
      code = code || 1;
    }
    process.exit(code);
  };
  const stop = (signal: string) => {
    // A second signal, or a shutdown that hangs (its database gone), still ends the process.
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "stopping");
    void shutDown(0);
  };
  const watch = watchDatabase(database.pool, (error) => {
    logger.fatal(
      { err: error },
      "the database has gone away; exiting so that a supervisor can start Conduct again",
    );
    stopping = true;
    void shutDown(1);
  });
  // Ours first, then the database hook's off: were a signal's listeners ever none, Node would stop
  // watching it and drop one already pending (a SIGTERM sent the moment "running" appeared was lost).
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  handleSignalsOurselves();
  // Only now: whoever reads this line may signal at once.
  process.stdout.write(
    `Conduct is running at ${config.baseUrl.replace(/:0$/, `:${running.port}`)} (database: ${running.services.database.kind})\n`,
  );
}

const SHUTDOWN_SECONDS = 15;
/** No page needs a statement this long; one that runs on (its client gone) is cut off. */
export const STATEMENT_TIMEOUT_MS = 30_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms`)), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function registerFoundationCommands(program: Command): void {
  program
    .command("start")
    .description(
      "Start the Conduct server (embedded PostgreSQL in CONDUCT_DATA_DIR unless DATABASE_URL is set)",
    )
    .action(runServer);

  program
    .command("demo")
    .description(
      "Load the Summit Learning Trust demo (3 schools, ~150 staff, ~1,500 pupils, or --schools N), print demo sign-ins, then start the server",
    )
    .option("--no-start", "load the demo and exit without starting the server")
    .option("--json", "print the demo sign-ins as JSON")
    .option(
      "--schools <n>",
      "how many schools (at least 3; 100 is a large trust: ~15,000 staff, ~150,000 pupils, ~200,000 parents)",
      "3",
    )
    .action(async (opts: { start: boolean; json?: boolean; schools: string }) => {
      const schoolCount = Number(opts.schools);
      if (!Number.isInteger(schoolCount) || schoolCount < MIN_DEMO_SCHOOLS || schoolCount > 1000)
        userError(
          `--schools must be a whole number from ${MIN_DEMO_SCHOOLS} to 1000 (not "${opts.schools}").`,
        );
      const result = await withDatabase(
        async (database) => loadDemo({ db: database.db, asOf: new Date(), schools: schoolCount }),
        { fillsNewDatabase: true },
      );
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(
          result.loaded
            ? `Loaded ${result.trust}: ${result.counts.schools} schools, ${result.counts.staff} staff, ${result.counts.pupils} pupils, ${result.counts.parents} parents.\n`
            : `${result.trust} is already loaded.\n`,
        );
        process.stdout.write(`\nDemo sign-ins (password for all: ${result.password}):\n`);
        for (const s of result.signIns) process.stdout.write(`  ${s.role.padEnd(34)} ${s.email}\n`);
        process.stdout.write("\n");
      }
      if (opts.start) await runServer();
    });

  program
    .command("migrate")
    .description("Apply database migrations (the server also does this when it starts)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      const version = await withDatabase((database) => migrationVersion(database));
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(version)}\n`
          : `Database is at migration ${version.latest} (${version.applied} applied).\n`,
      );
    });

  program
    .command("status")
    .description("Show the database kind, server version and migration")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const status = await withDatabase(async (database) => {
        const v = await database.pool.query<{ server_version: string }>("show server_version");
        const counts = await database.pool.query<{ schools: number; staff: number; pupils: number }>(
          "select (select count(*) from schools)::int as schools, (select count(*) from staff)::int as staff, (select count(*) from pupils)::int as pupils",
        );
        return {
          database: database.kind,
          serverVersion: v.rows[0]?.server_version,
          migration: await migrationVersion(database),
          ...counts.rows[0],
        };
      });
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(status)}\n`
          : `${Object.entries(status)
              .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`)
              .join("\n")}\n`,
      );
    });

  const people = program.command("people").description("Staff, pupils and parents");
  people
    .command("import")
    .description(
      "Import a CSV exported from the school's MIS: all or nothing, and re-running it changes nothing",
    )
    .requiredOption("--kind <kind>", "what the file holds: staff, pupils or parents")
    .argument("<file>", "CSV file")
    .option("--school <slug>", "school for rows without a School column")
    .option("--dry-run", "check the whole file and write nothing")
    .option("--json", "print the summary as JSON")
    .action(
      async (file: string, opts: { kind: string; school?: string; dryRun?: boolean; json?: boolean }) => {
        if (!["staff", "pupils", "parents"].includes(opts.kind))
          userError(`--kind must be staff, pupils or parents (not "${opts.kind}").`);
        try {
          // Checked here for a clear message; the import itself streams the file.
          await access(file, constants.R_OK);
        } catch (error) {
          userError(
            `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
          );
        }
        const bar = progressBar(`Importing ${path.basename(file)}`, !opts.json);
        const summary = await withDatabase((database) =>
          importPeopleCsv({
            db: database.db,
            actor: cliActor(),
            kind: opts.kind as PeopleKind,
            open: () => createReadStream(file),
            fileName: path.basename(file),
            defaultSchoolSlug: opts.school,
            dryRun: opts.dryRun,
            onProgress: (d, t) => {
              bar.update(d, t);
              if (process.env.CONDUCT_PROGRESS_LOG) process.stderr.write(`progress ${d}/${t}\n`);
            },
          }),
        );
        bar.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          if (!summary.errors.length)
            for (const w of summary.warnings)
              process.stderr.write(`warning: ${w.file}:${w.line}: ${w.field}: ${w.message}\n`);
          const lines = describeImportSummary(summary);
          for (const line of lines.err) process.stderr.write(`${line}\n`);
          for (const line of lines.out) process.stdout.write(`${line}\n`);
        }
        if (summary.errors.length) process.exit(2);
      },
    );

  const roles = program.command("roles").description("Give or take away roles");
  for (const verb of ["grant", "revoke"] as const) {
    roles
      .command(verb)
      .description(verb === "grant" ? "Give a person a role" : "Take a role away")
      .requiredOption("--email <email>", "the person's email address")
      .requiredOption(
        "--role <role>",
        "trust-admin, it-director, hr, trustee, principal, senior-leader, dsl, staff or local-governor",
      )
      .option("--school <slug>", "the school, for school roles")
      .action(async (opts: { email: string; role: string; school?: string }) => {
        const result = await withDatabase((database) =>
          (verb === "grant" ? grantRole : revokeRole)(database.db, cliActor(), {
            email: opts.email,
            role: opts.role,
            schoolSlug: opts.school ?? null,
          }),
        );
        if (!result.ok) userError(`--${result.field}: ${result.message}`);
        process.stdout.write(result.changed ? "Done.\n" : "Nothing to change.\n");
      });
  }

  const usersCommand = program.command("users").description("Sign-in accounts");
  usersCommand
    .command("password-link")
    .description("Print a one-time link to set a password (for when email is not set up)")
    .argument("<email>", "the account's email address")
    .action(async (email: string) => {
      const link = await withDatabase(async (database) => {
        const [user] = await database.db
          .select()
          .from(users)
          .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
          .limit(1);
        if (!user) return null;
        const token = newToken();
        // One live link per account: this one voids any older.
        await database.db
          .update(passwordResets)
          .set({ usedAt: new Date() })
          .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
        await database.db
          .insert(passwordResets)
          .values({ id: tokenDigest(token), userId: user.id, expiresAt: new Date(Date.now() + 60 * 60_000) });
        await recordAuditEvent(database.db, {
          actor: cliActor(),
          action: "password-reset.link-printed",
          subjectType: "user",
          subjectId: user.id,
          personId: user.id,
        });
        return `${readConfig().baseUrl}/password/reset/${token}`;
      });
      if (!link) userError(`No account has the email ${email}.`);
      process.stdout.write(`${link}\n(valid once, for 60 minutes)\n`);
    });

  const audit = program.command("audit").description("The audit trail");
  audit
    .command("verify")
    .description(
      "Check the audit trail's keyed hash chain against its latest anchor, and name the first broken row",
    )
    .option("--json", "print the report as JSON")
    .option("--anchor <seq:hash>", "check against this anchor (from the trustees' email) as well")
    .action(async (opts: { json?: boolean; anchor?: string }) => {
      const given = opts.anchor ? parseAnchorArgument(opts.anchor) : null;
      if (opts.anchor && !given) userError("--anchor: give it as ROW:HASH, as the trustees' email shows it.");
      const config = readConfig();
      const fromFile = await readLatestAnchor(config.auditAnchorFile);
      const report = await withDatabase(async (database) => {
        const bar = progressBar("Checking audit trail", !opts.json);
        const total = Number(
          (await database.pool.query<{ n: string }>("select count(*) as n from audit_events")).rows[0]?.n ??
            0,
        );
        let r = await verifyAuditChain(database.db, {
          onProgress: (n) => bar.update(n, total),
          anchor: fromFile ?? undefined,
        });
        if (r.ok && given) r = await verifyAuditChain(database.db, { anchor: given });
        bar.stop();
        return r;
      });
      const anchoredAt = fromFile ? ` (anchored up to row ${fromFile.seq} on ${fromFile.anchoredAt})` : "";
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, anchor: given ?? fromFile })}\n`);
      else
        process.stdout.write(
          report.ok
            ? `Audit trail intact: ${report.rows} rows${anchoredAt}.\n`
            : `Audit trail BROKEN at row ${report.brokenAt}: ${report.reason}. ${report.rows} rows before it are intact.\n`,
        );
      if (!report.ok) process.exit(1);
    });

  audit
    .command("anchor")
    .description(
      "Record the audit trail's newest row and hash outside the database now (the server does it daily)",
    )
    .action(async () => {
      const config = readConfig();
      const anchor = await withDatabase((database) =>
        anchorAuditHead({ db: database.db, file: config.auditAnchorFile }),
      );
      process.stdout.write(
        anchor
          ? `Anchored row ${anchor.seq} (${anchor.hash}) in ${config.auditAnchorFile}.\n`
          : "The audit trail is empty; nothing to anchor.\n",
      );
    });
}

export { createLogger };
