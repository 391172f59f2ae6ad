// `conduct monitor ingest`, `monitor report`, `monitor dpo` and `monitor purge`: the monitoring
// commands that need the database.
import { readFile } from "node:fs/promises";
import { Presets, SingleBar } from "cli-progress";
import { type Command, Option } from "commander";
import { cliActor, userError, withDatabase } from "../cli/shared";
import { findSchoolBySlug } from "../core/people/find-schools";
import { listStaff } from "../core/people/list-staff";
import { buildSchoolReport } from "./build-school-report";
import { ingestLog } from "./ingest-log";
import { parseBellSchedule } from "./parse-bell-schedule";
import { parseIpMapCsv } from "./parse-ip-map-csv";
import { countKeptLeases, keepLeases } from "./kept-leases";
import { parseStaffCsv } from "./parse-staff-csv";
import { noLessonsWarning, parseTimetableCsv, timetablesWithoutLessons } from "./parse-timetable-csv";
import { purgeMonitoringMinutes } from "./purge-monitoring-minutes";
import { formatSettingsError } from "./read-settings-csv";
import { saveDpoRecord } from "./save-dpo-record";
import { LOG_FORMATS, type LogFormat } from "./scan-log";
import { LogSourceError } from "./scan-log-source";
import { parseThresholds } from "./summarise-minutes";

function monitorCommandOf(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === "monitor") ??
    program
      .command("monitor")
      .description("Monitoring of social media use on school equipment (clauses 3.1.4, 8.6, 9.1, 10.1)")
  );
}

async function readOrFail(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    return userError(`${flag} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code})`);
  }
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function registerMonitoringDatabaseCommands(program: Command): void {
  const monitor = monitorCommandOf(program);
  monitor
    .command("ingest")
    .description(
      "Ingest a proxy log into the school's monitoring aggregates (per person, platform and minute only; " +
        "re-ingesting never double-counts), with a progress bar and a summary",
    )
    .argument("<file>", 'the log (plain or gzipped), or "-" for stdin')
    .addOption(
      new Option("--format <format>", "the log's format")
        .choices(LOG_FORMATS as unknown as string[])
        .makeOptionMandatory(),
    )
    .requiredOption("--school <slug>", "the school the log is from")
    .requiredOption("--bells <file>", "the school's bell schedule JSON")
    .option("--timetable <file>", "staff timetables CSV: staff_email,weekday,start,end,activity")
    .option(
      "--ip-map <file>",
      "IP-to-staff map CSV: ip,staff_email,from,to; kept for the school, so later ingests attribute by it too",
    )
    .option(
      "--staff <file>",
      "staff CSV with network usernames (email,network_username,...): used for staff whose people record has none",
    )
    .option("--thresholds <file>", "excessive-use thresholds JSON")
    .option("--json", "print the summary as JSON")
    .action(
      async (
        file: string,
        opts: {
          format: LogFormat;
          school: string;
          bells: string;
          timetable?: string;
          ipMap?: string;
          staff?: string;
          thresholds?: string;
          json?: boolean;
        },
      ) => {
        const bells = parseBellSchedule(await readOrFail(opts.bells, "--bells"), opts.bells);
        if (!bells.ok) return userError(bells.errors.join("\n"));
        const timetable = opts.timetable
          ? parseTimetableCsv(await readOrFail(opts.timetable, "--timetable"), opts.timetable)
          : undefined;
        if (timetable && !timetable.ok)
          return userError(timetable.errors.map(formatSettingsError).join("\n"));
        const ipMap = opts.ipMap
          ? parseIpMapCsv(await readOrFail(opts.ipMap, "--ip-map"), opts.ipMap)
          : undefined;
        if (ipMap && !ipMap.ok) return userError(ipMap.errors.map(formatSettingsError).join("\n"));
        // The same warnings as `monitor analyse`: the run goes ahead, but the school should know.
        if (timetable?.ok)
          for (const email of timetablesWithoutLessons(timetable.timetables))
            process.stderr.write(`monitor ingest: ${opts.timetable}: ${noLessonsWarning(email)}\n`);
        // Overlapping leases (the map's own, or with a lease the school keeps) are told after the map is kept.
        const staffFile = opts.staff
          ? parseStaffCsv(await readOrFail(opts.staff, "--staff"), opts.staff)
          : undefined;
        if (staffFile && !staffFile.ok)
          return userError(staffFile.errors.map(formatSettingsError).join("\n"));
        const thresholds = opts.thresholds
          ? parseThresholds(await readOrFail(opts.thresholds, "--thresholds"), opts.thresholds)
          : undefined;
        if (thresholds && !thresholds.ok) return userError(thresholds.errors.join("\n"));
        const bar = new SingleBar(
          {
            format: "ingest |{bar}| {percentage}% {done}/{size} MB, {rate} MB/s, ETA {eta_formatted}",
            stream: process.stderr,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        const started = performance.now();
        let barStarted = false;
        try {
          const result = await withDatabase((database) =>
            ingestLog({
              db: database.db,
              actor: cliActor(),
              schoolSlug: opts.school,
              source: file,
              format: opts.format,
              bells: bells.schedule,
              timetables: timetable?.ok ? timetable.timetables : undefined,
              leases: ipMap?.ok ? ipMap.leases : undefined,
              leasesFileName: opts.ipMap,
              staffFile: staffFile?.ok ? staffFile.staff : undefined,
              thresholds: thresholds?.ok ? thresholds.thresholds : undefined,
              onProgress: (read, total) => {
                if (!process.stderr.isTTY) return;
                const mb = (n: number) => Math.round(n / 1e6);
                const rate = (read / 1e6 / ((performance.now() - started) / 1000)).toFixed(0);
                if (!barStarted) {
                  bar.start(mb(total ?? read), 0, { done: 0, size: mb(total ?? read), rate });
                  barStarted = true;
                }
                bar.update(mb(read), { done: mb(read), size: mb(total ?? read), rate });
              },
            }),
          );
          if (barStarted) bar.stop();
          if (!result.ok) return userError(`monitor ingest: ${result.message}`);
          const s = result.summary;
          const seconds = (performance.now() - started) / 1000;
          const where = file === "-" ? "stdin" : file;
          for (const m of s.malformed) process.stderr.write(`${where}:${m.line}: ${m.reason}\n`);
          for (const w of s.attributionWarnings) process.stderr.write(`monitor ingest: ${w}\n`);
          // The hint comes from the scan's own start (stdin and gzip too), never a second read.
          if (s.formatHint)
            process.stderr.write(
              `monitor ingest: ${where}: ${s.malformedLines} of ${s.lines} lines are malformed as --format ${opts.format}; ${s.formatHint}\n`,
            );
          // As analyse: nothing could be read, so a script must not take it for a quiet day.
          if (s.lines > 0 && s.malformedLines === s.lines) process.exitCode = 4;
          if (opts.json) {
            const { malformed: _examples, ...rest } = s;
            process.stdout.write(`${JSON.stringify(rest)}\n`);
            return;
          }
          process.stdout.write(
            [
              `Lines: ${s.lines} (${Math.round(s.lines / seconds)} lines/s), malformed: ${s.malformedLines}`,
              `Requests to social media: ${s.attributedRequests} attributed, ${s.unattributedRequests} unattributed (${s.unattributedMinutes} unattributed minutes)`,
              `Social minutes added: ${s.minutesAdded}; already known: ${s.minutesAlreadyKnown}`,
              `Findings opened (to review): ${s.findingsOpened}`,
              `IP leases kept for attribution: ${s.leasesKept}`,
              "",
            ].join("\n"),
          );
        } catch (error) {
          if (barStarted) bar.stop();
          if (error instanceof LogSourceError) return userError(`monitor ingest: ${error.message}`);
          throw error;
        }
      },
    );

  monitor
    .command("leases")
    .description(
      "Keep an IP-to-staff map (e.g. DHCP leases) for a school: every later ingest attributes traffic " +
        "with no known username through it; loading the same map again adds nothing",
    )
    .argument("<file>", "the map, CSV ip,staff_email,from,to (ISO 8601 instants with offsets)")
    .requiredOption("--school <slug>", "the school the addresses are at")
    .option("--json", "print the result as JSON")
    .action(async (file: string, opts: { school: string; json?: boolean }) => {
      const map = parseIpMapCsv(await readOrFail(file, "monitor leases"), file);
      if (!map.ok) return userError(map.errors.map(formatSettingsError).join("\n"));
      await withDatabase(async (database) => {
        const school = await findSchoolBySlug(database.db, opts.school);
        if (!school) return userError(`monitor leases: there is no school "${opts.school}"`);
        const people = await listStaff(database.db, { schoolIds: [school.id] });
        const result = await database.db.transaction((tx) =>
          keepLeases(tx, {
            schoolId: school.id,
            people,
            leases: map.leases,
            fileName: file,
            actor: cliActor(),
          }),
        );
        for (const w of result.warnings) process.stderr.write(`monitor leases: ${w}\n`);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const span = await countKeptLeases(database.db, school.id);
        process.stdout.write(
          `Kept ${result.added} new lease(s) for ${school.name} (${result.alreadyKept} already kept); it keeps ${span.leases}` +
            (span.from && span.to ? `, from ${span.from.toISOString()} to ${span.to.toISOString()}` : "") +
            ".\n",
        );
      });
    });

  monitor
    .command("report")
    .description(
      "A school's monitoring totals and patterns, without names (locked until the DPO record is complete)",
    )
    .requiredOption("--school <slug>", "the school")
    .requiredOption("--from <date>", "first school-local day, YYYY-MM-DD")
    .requiredOption("--to <date>", "last school-local day, YYYY-MM-DD")
    .option("--json", "print the report as JSON")
    .action(async (opts: { school: string; from: string; to: string; json?: boolean }) => {
      if (!datePattern.test(opts.from)) userError(`--from: "${opts.from}" is not a date YYYY-MM-DD`);
      if (!datePattern.test(opts.to)) userError(`--to: "${opts.to}" is not a date YYYY-MM-DD`);
      const result = await withDatabase((database) =>
        buildSchoolReport({ db: database.db, schoolSlug: opts.school, from: opts.from, to: opts.to }),
      );
      if (!result.ok) {
        if (!result.locked) return userError(`monitor report: ${result.message}`);
        process.stderr.write(
          `monitor report: reports are locked until the DPO record has ${result.missing.join(", ")} (conduct monitor dpo --school ${opts.school} ...)\n`,
        );
        process.exitCode = 3;
        return;
      }
      const r = result.report;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
      const lines = [
        `${r.school}, ${r.from} to ${r.to}: active social media minutes (distinct person-minutes)`,
        `  pupils present (8.6.2): ${r.totals.pupilsPresent}; directed, no pupils: ${r.totals.directedNoPupils}; allowed: ${r.totals.allowed}`,
        `  by platform: ${
          Object.entries(r.byPlatform)
            .map(([p, n]) => `${p} ${n}`)
            .join(", ") || "none"
        }`,
        `  findings: ${r.findings.toReview} to review, ${r.findings.confirmed} confirmed, ${r.findings.dismissed} dismissed`,
        "  minutes by hour (school-local):",
        `       ${Array.from({ length: 24 }, (_, h) => String(h).padStart(5)).join("")}`,
        ...r.heatmap.map((row, d) => `  ${days[d]}  ${row.map((n) => String(n).padStart(5)).join("")}`),
        "",
      ];
      process.stdout.write(lines.join("\n"));
    });

  monitor
    .command("dpo")
    .description(
      "Record the DPO record for a school: purpose, lawful basis, DPIA, privacy notice, leads, retention",
    )
    .requiredOption("--school <slug>", "the school")
    .option("--purpose <text>")
    .option("--lawful-basis <text>")
    .option("--dpia-ref <text>")
    .option("--dpia-date <date>")
    .option("--dpia-next-review <date>")
    .option("--privacy-notice <text>")
    .option("--privacy-notice-shown-on <date>")
    .option("--senior-leader <name>", "the named senior leader responsible for filtering and monitoring")
    .option("--governor <name>", "the named governor responsible for filtering and monitoring")
    .option("--annual-review-on <date>")
    .option("--retention-days <n>", "days aggregates are kept (default 90)")
    .action(async (opts: Record<string, string | undefined>) => {
      for (const key of ["dpiaDate", "dpiaNextReview", "privacyNoticeShownOn", "annualReviewOn"]) {
        const value = opts[key];
        if (value !== undefined && !datePattern.test(value))
          userError(`--${key}: "${value}" is not a date YYYY-MM-DD`);
      }
      const retention = opts.retentionDays === undefined ? undefined : Number(opts.retentionDays);
      if (retention !== undefined && (!Number.isInteger(retention) || retention < 1)) {
        userError(`--retention-days: "${opts.retentionDays}" is not a whole number of days`);
      }
      const input = Object.fromEntries(
        Object.entries({
          purpose: opts.purpose,
          lawfulBasis: opts.lawfulBasis,
          dpiaReference: opts.dpiaRef,
          dpiaDate: opts.dpiaDate,
          dpiaNextReview: opts.dpiaNextReview,
          privacyNotice: opts.privacyNotice,
          privacyNoticeShownOn: opts.privacyNoticeShownOn,
          seniorLeader: opts.seniorLeader,
          governor: opts.governor,
          annualReviewOn: opts.annualReviewOn,
          retentionDays: retention,
        }).filter(([, v]) => v !== undefined),
      );
      await withDatabase(async (database) => {
        const school = await findSchoolBySlug(database.db, opts.school!);
        if (!school) return userError(`monitor dpo: there is no school "${opts.school}"`);
        await saveDpoRecord({ db: database.db, actor: cliActor(), schoolId: school.id, input });
        process.stdout.write(`Saved the DPO record for ${school.name}.\n`);
      });
    });

  monitor
    .command("purge")
    .description(
      "Delete monitoring aggregates older than each school's retention period, audited (the server does this daily)",
    )
    .action(async () => {
      const { deleted, leasesDeleted } = await withDatabase((database) =>
        purgeMonitoringMinutes({ db: database.db, actor: cliActor() }),
      );
      process.stdout.write(
        `Deleted ${deleted} minute(s) and ${leasesDeleted} IP lease(s) past their retention period.\n`,
      );
    });
}
