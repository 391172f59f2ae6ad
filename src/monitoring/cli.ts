// `conduct monitor analyse`: the monitoring arithmetic with no database, for a DPO's spot check or a
// bulk re-run. Reads a proxy log (Squid, W3C extended or CSV; gzip or plain; a file or stdin) with
// the staff list, bell schedule and optional timetables, IP leases and term dates, and prints each
// person's active social media minutes per school-local day, classed under clause 8.6.2, with the
// clause 9.1 findings, all "to review".
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { type Command, Option } from "commander";
import { type BellSchedule, parseBellSchedule } from "./parse-bell-schedule";
import { wrongFormatHint } from "./guess-log-format";
import { canonicalIp, leaseOverlapWarnings, parseIpMapCsv } from "./parse-ip-map-csv";
import { normaliseNetworkUsername, parseStaffCsv } from "./parse-staff-csv";
import { parseTermDates, type TermDates } from "./parse-term-dates";
import {
  noLessonsWarning,
  parseTimetableCsv,
  type TimetableEntry,
  timetablesWithoutLessons,
} from "./parse-timetable-csv";
import { defaultPlatformList, type PlatformList, validatePlatformList } from "./platforms";
import { formatSettingsError, type SettingsError } from "./read-settings-csv";
import { LOG_FORMATS, type LogFormat, MAX_PEOPLE, type ScanSetup } from "./scan-log";
import { LogSourceError, scanLogSource } from "./scan-log-source";
import {
  defaultThresholds,
  parseThresholds,
  type Summary,
  summariseMinutes,
  type Thresholds,
} from "./summarise-minutes";

export interface MonitorCommandIo {
  readFile(path: string): Promise<string>;
  stdin(): Readable;
  stdout(text: string): void;
  stderr(text: string): void;
  setExitCode(code: number): void;
}

export interface RegisterMonitoringCommandsOptions {
  /** For tests; defaults to the process's stdin, stdout, stderr and files. */
  io?: MonitorCommandIo;
  /** For tests of the threaded path: thread count and the smallest share of a file a thread is given. */
  threads?: number;
  minBytesPerThread?: number;
}

const processIo: MonitorCommandIo = {
  readFile: (path) => readFile(path, "utf8"),
  stdin: () => process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

interface AnalyseFlags {
  log: string;
  format: LogFormat;
  staff: string;
  bells: string;
  timetable?: string;
  ipMap?: string;
  termDates?: string;
  platforms?: string;
  thresholds?: string;
  threads?: string;
  json?: boolean;
  stats?: boolean;
}

/** A mistake the user can fix: printed on stderr, exit code 2. */
class UserError extends Error {}

export function registerMonitoringCommands(
  program: Command,
  options: RegisterMonitoringCommandsOptions = {},
): void {
  const io = options.io ?? processIo;
  const monitor =
    program.commands.find((c) => c.name() === "monitor") ??
    program
      .command("monitor")
      .description("Monitoring of social media use on school equipment (clauses 3.1.4, 8.6, 9.1, 10.1)");
  monitor
    .command("analyse")
    .description(
      "Count each member of staff's active social media minutes in a proxy log against the bell schedule " +
        "and timetables, with no database: pupils present (8.6.2), directed time without pupils, allowed; " +
        "and the excessive-use findings (9.1), each to be reviewed by a person.",
    )
    .requiredOption("--log <file>", 'the proxy log (plain or gzipped); "-" reads stdin')
    .addOption(
      new Option("--format <format>", "the log's format")
        .choices(LOG_FORMATS as unknown as string[])
        .makeOptionMandatory(),
    )
    .requiredOption("--staff <file>", "staff CSV: email,network_username,first_name,last_name,school")
    .requiredOption(
      "--bells <file>",
      'bell schedule JSON: {"timezone","directedDay":["08:30","16:00"],"periods":[...]}',
    )
    .option("--timetable <file>", "staff timetables CSV: staff_email,weekday,start,end,activity")
    .option("--ip-map <file>", "IP-to-staff map CSV: ip,staff_email,from,to (ISO 8601 instants with offsets)")
    .option(
      "--term-dates <file>",
      'term dates JSON: {"terms":[{"start","end"}],"closures":[...],"weekA":"YYYY-MM-DD"}',
    )
    .option("--platforms <file>", "the trust's platform list JSON: {version,platforms:[{id,name,domains}]}")
    .option(
      "--thresholds <file>",
      "excessive-use thresholds JSON: {pupilsPresentMinutesPerDay,dailyMinutesOutsideBreaks,weeklyMinutes}",
    )
    .option("--threads <n>", "worker threads for a large plain file (default: one per core)")
    .option("--json", "print the result as JSON")
    .option("--stats", "print lines/s, MB/s and peak memory on stderr")
    .addHelpText(
      "after",
      "\nExample:\n" +
        "  conduct monitor analyse --log access.log.gz --format squid --staff staff.csv --bells bells.json \\\n" +
        "      --timetable timetable.csv --ip-map leases.csv --json\n" +
        "Only domains and minutes are read: no page, title or content of any request is kept or shown.",
    )
    .action(async (flags: AnalyseFlags) => {
      try {
        await runAnalyse(flags, io, options);
      } catch (error) {
        if (!(error instanceof UserError) && !(error instanceof LogSourceError)) throw error;
        io.stderr(`monitor analyse: ${error.message}\n`);
        io.setExitCode(2);
      }
    });
}

async function readUserFile(io: MonitorCommandIo, path: string, flag: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new UserError(
      `${flag} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

function settingsErrors(errors: SettingsError[]): UserError {
  const shown = errors.slice(0, 20).map(formatSettingsError);
  if (errors.length > 20) shown.push(`... and ${errors.length - 20} more`);
  return new UserError(`\n  ${shown.join("\n  ")}`);
}

export interface AnalyseInputs {
  staff: string[];
  setup: ScanSetup;
  bells: BellSchedule;
  termDates?: TermDates;
  timetables?: Map<string, TimetableEntry[]>;
  thresholds: Thresholds;
  platforms: PlatformList;
  warnings: string[];
}

async function loadInputs(flags: AnalyseFlags, io: MonitorCommandIo): Promise<AnalyseInputs> {
  const warnings: string[] = [];
  const staffParsed = parseStaffCsv(await readUserFile(io, flags.staff, "--staff"), flags.staff);
  if (!staffParsed.ok) throw settingsErrors(staffParsed.errors);
  const staff = staffParsed.staff;
  if (staff.length >= MAX_PEOPLE)
    throw new UserError(`--staff ${flags.staff}: more than ${MAX_PEOPLE - 1} people`);
  const bellsParsed = parseBellSchedule(await readUserFile(io, flags.bells, "--bells"), flags.bells);
  if (!bellsParsed.ok) throw new UserError(`\n  ${bellsParsed.errors.join("\n  ")}`);
  const bells = bellsParsed.schedule;

  let platforms = defaultPlatformList;
  if (flags.platforms) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readUserFile(io, flags.platforms, "--platforms"));
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`--platforms ${flags.platforms}: not valid JSON: ${(error as Error).message}`);
    }
    const checked = validatePlatformList(raw, flags.platforms);
    if (!checked.ok) throw new UserError(checked.message);
    platforms = checked.list;
  }
  if (platforms.platforms.length >= 128) throw new UserError("--platforms: at most 127 platforms");

  const index = new Map(staff.map((s, i) => [s.email, i]));
  const usernames: [string, number][] = [];
  staff.forEach((s, i) => {
    usernames.push([s.email, i]);
    if (s.networkUsername) usernames.push([normaliseNetworkUsername(s.networkUsername), i]);
  });

  const leases = new Map<string, [number, number, number][]>();
  if (flags.ipMap) {
    const parsed = parseIpMapCsv(await readUserFile(io, flags.ipMap, "--ip-map"), flags.ipMap);
    if (!parsed.ok) throw settingsErrors(parsed.errors);
    let unknown = 0;
    for (const lease of parsed.leases) {
      // Someone not in the staff list keeps their lease (as -1): their traffic is unattributed, and
      // a lease of theirs that overlaps a colleague's still makes that overlap unattributed.
      const person = index.get(lease.email) ?? -1;
      if (person < 0) unknown++;
      const ip = canonicalIp(lease.ip);
      const list = leases.get(ip) ?? [];
      list.push([lease.from, lease.to, person]);
      leases.set(ip, list);
    }
    warnings.push(...leaseOverlapWarnings(parsed.leases, flags.ipMap));
    if (unknown > 0) {
      warnings.push(
        `${flags.ipMap}: ${unknown} lease(s) name someone not in ${flags.staff}; their traffic is counted as unattributed`,
      );
    }
  }

  let timetables: Map<string, TimetableEntry[]> | undefined;
  if (flags.timetable) {
    const parsed = parseTimetableCsv(await readUserFile(io, flags.timetable, "--timetable"), flags.timetable);
    if (!parsed.ok) throw settingsErrors(parsed.errors);
    timetables = parsed.timetables;
    const unknown = [...timetables.keys()].filter((email) => !index.has(email)).length;
    if (unknown > 0)
      warnings.push(`${flags.timetable}: ${unknown} timetable(s) for someone not in ${flags.staff}`);
    for (const email of timetablesWithoutLessons(timetables))
      if (index.has(email)) warnings.push(`${flags.timetable}: ${noLessonsWarning(email)}`);
  }

  let termDates: TermDates | undefined;
  if (flags.termDates) {
    const parsed = parseTermDates(await readUserFile(io, flags.termDates, "--term-dates"), flags.termDates);
    if (!parsed.ok) throw new UserError(`\n  ${parsed.errors.join("\n  ")}`);
    termDates = parsed.termDates;
  }

  let thresholds = defaultThresholds;
  if (flags.thresholds) {
    const parsed = parseThresholds(
      await readUserFile(io, flags.thresholds, "--thresholds"),
      flags.thresholds,
    );
    if (!parsed.ok) throw new UserError(`\n  ${parsed.errors.join("\n  ")}`);
    thresholds = parsed.thresholds;
  }

  return {
    staff: staff.map((s) => s.email),
    setup: { format: flags.format, platforms, usernames, leases: [...leases], timeZone: bells.timeZone },
    bells,
    termDates,
    timetables,
    thresholds,
    platforms,
    warnings,
  };
}

export interface AnalyseOutput extends Summary {
  lines: number;
  malformedLines: number;
  unattributedMinutes: number;
}

async function runAnalyse(
  flags: AnalyseFlags,
  io: MonitorCommandIo,
  options: RegisterMonitoringCommandsOptions,
): Promise<void> {
  let threads: number | undefined = options.threads;
  if (flags.threads !== undefined) {
    threads = Number(flags.threads);
    if (!Number.isInteger(threads) || threads < 1 || threads > 64)
      throw new UserError(`--threads: "${flags.threads}" is not a number from 1 to 64`);
  }
  const inputs = await loadInputs(flags, io);
  for (const warning of inputs.warnings) io.stderr(`monitor analyse: ${warning}\n`);
  const started = performance.now();
  const scanned = await scanLogSource({
    source: flags.log,
    setup: inputs.setup,
    stdin: flags.log === "-" ? io.stdin() : undefined,
    threads,
    minBytesPerThread: options.minBytesPerThread,
  });
  const scannedAt = performance.now();
  const summary = summariseMinutes({
    keys: scanned.keys,
    staff: inputs.staff,
    platforms: inputs.platforms,
    bells: inputs.bells,
    termDates: inputs.termDates,
    timetables: inputs.timetables,
    thresholds: inputs.thresholds,
  });
  const seconds = (performance.now() - started) / 1000;
  const where = flags.log === "-" ? "stdin" : flags.log;
  for (const m of scanned.malformed) io.stderr(`${where}:${m.line}: ${m.reason}\n`);
  if (scanned.malformedLines > scanned.malformed.length) {
    io.stderr(`${where}: ... ${scanned.malformedLines - scanned.malformed.length} more malformed lines\n`);
  }
  const hint = wrongFormatHint(flags.format, scanned.head, scanned.lines, scanned.malformedLines);
  if (hint) {
    io.stderr(
      `monitor analyse: ${where}: ${scanned.malformedLines} of ${scanned.lines} lines are malformed as --format ${flags.format}; ${hint}\n`,
    );
  }
  // Nothing could be read: the output is printed (its counts are true), but a script must not take
  // an empty result for a quiet day.
  if (scanned.lines > 0 && scanned.malformedLines === scanned.lines) {
    io.stderr(`monitor analyse: ${where}: no line could be read as --format ${flags.format} (exit code 4)\n`);
    io.setExitCode(4);
  }
  if (flags.stats) {
    const rss = process.resourceUsage().maxRSS / 1024;
    io.stderr(
      `monitor analyse: ${scanned.lines} lines, ${(scanned.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s on ${scanned.threads} thread(s): ` +
        `${Math.round(scanned.lines / seconds)} lines/s, ${(scanned.bytes / 1e6 / seconds).toFixed(1)} MB/s, peak RSS ${rss.toFixed(0)} MB ` +
        `(scan ${((scannedAt - started) / 1000).toFixed(2)} s, classify ${((performance.now() - scannedAt) / 1000).toFixed(2)} s)\n`,
    );
  }
  const output: AnalyseOutput = {
    lines: scanned.lines,
    malformedLines: scanned.malformedLines,
    unattributedMinutes: scanned.unattributedMinutes,
    minutes: summary.minutes,
    findings: summary.findings,
  };
  if (flags.json) {
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    return;
  }
  io.stdout(
    formatAnalysis(
      output,
      scanned.attributedRequests,
      scanned.unattributedRequests,
      inputs.platforms.version,
    ),
  );
}

export function formatAnalysis(
  output: AnalyseOutput,
  attributed: number,
  unattributed: number,
  listVersion: string,
): string {
  const lines = [
    `Lines: ${output.lines} (${output.malformedLines} malformed)`,
    `Requests to social media: ${attributed + unattributed} (${attributed} attributed to staff, ${unattributed} not attributed)`,
    `Unattributed active minutes: ${output.unattributedMinutes}`,
    `Platform list: version ${listVersion}`,
    "",
  ];
  if (output.minutes.length === 0) lines.push("No member of staff used social media in this log.");
  else {
    lines.push("Staff                                     Date        Pupils  Directed  Allowed  Platforms");
    for (const row of output.minutes) {
      const platforms = Object.entries(row.byPlatform)
        .map(([id, n]) => `${id} ${n}`)
        .join(", ");
      lines.push(
        `${row.staff.padEnd(41)} ${row.date}  ${String(row.pupilsPresent).padStart(6)}  ${String(row.directedNoPupils).padStart(8)}  ${String(row.allowed).padStart(7)}  ${platforms}`,
      );
    }
  }
  lines.push("");
  if (output.findings.length === 0) lines.push("No findings.");
  else {
    lines.push(
      `Findings (${output.findings.length}), each to be reviewed by a named leader before anything is done:`,
    );
    for (const f of output.findings) lines.push(`  ${f.staff} ${f.date} clause ${f.clause}: ${f.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
