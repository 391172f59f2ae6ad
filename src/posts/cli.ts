// `conduct check-post`: checks a post (or a JSON Lines batch) from stdin. With --schools/--roster it
// needs no database; otherwise the lead's loadFromDatabase supplies the school and its roster.
import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { z } from "zod";
import { buildRosterIndex, type RosterIndex } from "./build-roster-index";
import { checkPost } from "./check-post";
import { bundledPostModel } from "./load-post-model";
import { loadRuleSet, type RuleSet } from "./load-rule-set";
import { parseRosterCsv } from "./parse-roster-csv";
import { parseSchoolsJson } from "./parse-schools-json";
import {
  POST_CONTEXTS,
  type PostCheckResult,
  type PostContext,
  type RosterPerson,
  type SchoolSettings,
} from "./types";

export interface SchoolAndRoster {
  school: SchoolSettings;
  roster: RosterIndex | readonly RosterPerson[];
}

export interface PostCommandIo {
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  setExitCode(code: number): void;
}

export interface RegisterPostCommandsOptions {
  loadFromDatabase?: (schoolSlug: string) => Promise<SchoolAndRoster>;
  /** For tests; defaults to the process's stdin, stdout, stderr and files. */
  io?: PostCommandIo;
}

const processIo: PostCommandIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
  },
  readFile: (path) => readFile(path, "utf8"),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

interface CheckPostFlags {
  context?: PostContext;
  school?: string;
  json?: boolean;
  jsonl?: boolean;
  roster?: string;
  schools?: string;
  rules?: string;
  policyVersion?: string;
  asOf?: string;
  learned?: boolean;
}

/** A mistake the user can fix: printed on stderr, exit code 2. */
class UserError extends Error {}

export function registerPostCommands(program: Command, options: RegisterPostCommandsOptions = {}): void {
  const io = options.io ?? processIo;
  program
    .command("check-post")
    .description(
      "Check a post before publishing: reads the text on stdin and reports what the social media policy " +
        "forbids, with the clause, the exact words and a suggested fix.",
    )
    .addOption(
      new Option(
        "--context <context>",
        "where the post will appear (needed unless each --jsonl line says)",
      ).choices(POST_CONTEXTS as string[]),
    )
    .option("--school <slug>", "the school's slug, e.g. summit-high (needed unless each --jsonl line says)")
    .option("--json", "print the full result as JSON")
    .option(
      "--jsonl",
      'read one JSON object a line ({"id","context","school","text"}) and print one result a line',
    )
    .option(
      "--roster <file>",
      "roster CSV: kind,school,first_name,last_name,year_group,date_of_birth,left_on",
    )
    .option(
      "--schools <file>",
      "schools JSON: [{slug,name,shortNames,officialHandles,sanctionedPlatforms,streets}]",
    )
    .option(
      "--rules <file>",
      "a trust's rule extension (JSON: addTerms, allowTerms, allowedPlatforms, nicknames, rules...)",
    )
    .option("--policy-version <version>", "policy version to record in each result")
    .option("--as-of <date>", "date the post goes out (YYYY-MM-DD), for ex-pupils' ages; default today")
    .option("--no-learned", "rules only, without the learned second opinion")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        '  echo "Add me on Snapchat, Year 11!" | conduct check-post --context personal --school summit-high \\\n' +
        "      --schools schools.json --roster roster.csv\n" +
        "  conduct check-post --jsonl --schools schools.json --roster roster.csv < posts.jsonl\n" +
        "Without --schools/--roster the school and roster come from the database.",
    )
    .action(async (flags: CheckPostFlags) => {
      try {
        await runCheckPost(flags, io, options.loadFromDatabase);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        io.stderr(`check-post: ${error.message}\n`);
        io.setExitCode(2);
      }
    });
}

async function runCheckPost(
  flags: CheckPostFlags,
  io: PostCommandIo,
  loadFromDatabase: RegisterPostCommandsOptions["loadFromDatabase"],
): Promise<void> {
  if (!flags.jsonl && (!flags.context || !flags.school)) {
    throw new UserError(
      "--context and --school are needed (or use --jsonl with a context and school on each line)",
    );
  }
  const asOf = parseAsOf(flags.asOf);
  const rules = await loadRules(flags.rules, io);
  // The learned second opinion, unless switched off; a missing model file means rules only.
  const model = flags.learned === false ? undefined : bundledPostModel();
  const source = await openSource(flags, io, loadFromDatabase);
  const input = await io.readStdin();
  const check = (text: string, context: PostContext, school: SchoolSettings, roster: RosterIndex) =>
    checkPost({ text, context, school, roster, rules, policyVersion: flags.policyVersion, asOf, model });

  if (!flags.jsonl) {
    const { school, roster } = await source(flags.school!);
    const result = check(input.replace(/\r?\n$/, ""), flags.context!, school, roster);
    io.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    return;
  }
  const lines = input.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const lineNumber = i + 1;
    let id: unknown;
    try {
      const raw = safeJson(line);
      const rawId = (raw as { id?: unknown } | null)?.id;
      if (typeof rawId === "string" || typeof rawId === "number") id = rawId;
      const parsed = jsonlLine.safeParse(raw);
      if (!parsed.success) throw new UserError(parsed.error.issues.map(describeIssue).join("; "));
      const context = parsed.data.context ?? flags.context;
      const slug = parsed.data.school ?? flags.school;
      if (!context) throw new UserError("context: missing (give it on the line or with --context)");
      if (!slug) throw new UserError("school: missing (give it on the line or with --school)");
      const { school, roster } = await source(slug);
      const result = check(parsed.data.text, context, school, roster);
      io.stdout(`${JSON.stringify({ ...(id !== undefined ? { id } : {}), ...result })}\n`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const record = {
        ...(id !== undefined ? { id } : {}),
        line: lineNumber,
        error: `stdin line ${lineNumber}: ${error.message}`,
      };
      io.stdout(`${JSON.stringify(record)}\n`);
    }
  }
}

const jsonlLine = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    context: z.enum(POST_CONTEXTS as [PostContext, ...PostContext[]]).optional(),
    school: z.string().min(1).optional(),
    text: z.string(),
  })
  .passthrough();

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new UserError(`not valid JSON: ${(error as Error).message}`);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.join(".") : "line";
  return `${field}: ${issue.message}`;
}

function parseAsOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T12:00:00Z`))) {
    throw new UserError(`--as-of: "${value}" is not a date in the form YYYY-MM-DD`);
  }
  return new Date(`${value}T12:00:00Z`);
}

async function readUserFile(io: PostCommandIo, path: string, flag: string): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new UserError(
      `${flag} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

async function loadRules(path: string | undefined, io: PostCommandIo): Promise<RuleSet> {
  let extensions: unknown[] = [];
  if (path) {
    const text = await readUserFile(io, path, "--rules");
    try {
      extensions = [JSON.parse(text)];
    } catch (error) {
      throw new UserError(`--rules ${path}: not valid JSON: ${(error as Error).message}`);
    }
  }
  const loaded = loadRuleSet({ extensions });
  if (!loaded.ok) {
    const where = path ?? "built-in rules";
    const lines = loaded.errors.map(
      (error) => `${where}: ${error.path.replace(/^extensions\[0\]\.?/, "") || "(top)"}: ${error.message}`,
    );
    throw new UserError(`the rules are not valid:\n  ${lines.join("\n  ")}`);
  }
  return loaded.ruleSet;
}

type Source = (slug: string) => Promise<{ school: SchoolSettings; roster: RosterIndex }>;

async function openSource(
  flags: CheckPostFlags,
  io: PostCommandIo,
  loadFromDatabase: RegisterPostCommandsOptions["loadFromDatabase"],
): Promise<Source> {
  if (flags.roster && !flags.schools) throw new UserError("--roster needs --schools FILE as well");
  if (flags.schools) {
    const schoolsText = await readUserFile(io, flags.schools, "--schools");
    const schools = parseSchoolsJson({ jsonText: schoolsText, fileName: flags.schools });
    if (!schools.ok) throw new UserError(schools.errors.map(formatFileError).join("\n"));
    let people: RosterPerson[] = [];
    if (flags.roster) {
      const rosterText = await readUserFile(io, flags.roster, "--roster");
      const parsed = parseRosterCsv({ csvText: rosterText, fileName: flags.roster });
      if (!parsed.ok) throw new UserError(parsed.errors.slice(0, 20).map(formatFileError).join("\n"));
      people = parsed.people;
    } else {
      io.stderr(
        "check-post: no --roster given, so names of pupils, parents and staff will not be recognised\n",
      );
    }
    const roster = buildRosterIndex({ people });
    const bySlug = new Map(schools.schools.map((school) => [school.slug, school]));
    return async (slug) => {
      const school = bySlug.get(slug);
      if (!school) throw new UserError(`school: no school with the slug ${slug} in ${flags.schools}`);
      return { school, roster };
    };
  }
  if (!loadFromDatabase) {
    throw new UserError(
      "no database is available here: give --schools FILE and --roster FILE to check posts without one",
    );
  }
  const cache = new Map<string, Promise<{ school: SchoolSettings; roster: RosterIndex }>>();
  return (slug) => {
    let loaded = cache.get(slug);
    if (!loaded) {
      loaded = loadFromDatabase(slug).then(({ school, roster }) => ({
        school,
        roster: isRosterIndex(roster) ? roster : buildRosterIndex({ people: roster }),
      }));
      cache.set(slug, loaded);
    }
    return loaded;
  };
}

function isRosterIndex(roster: RosterIndex | readonly RosterPerson[]): roster is RosterIndex {
  return !Array.isArray(roster);
}

function formatFileError(error: { file: string; line: number; field: string; message: string }): string {
  return `${error.file}:${error.line}: ${error.field ? `${error.field}: ` : ""}${error.message}`;
}

export function formatResult(result: PostCheckResult): string {
  const lines = [
    `Verdict: ${result.verdict.toUpperCase()} (${result.context} post, rules ${result.rulesVersion})`,
  ];
  if (result.findings.length === 0)
    lines.push(
      "The check found nothing that matches its rules. It cannot understand every meaning; you stay responsible for what you post (clause 4.8).",
    );
  for (const finding of result.findings) {
    const clauses = [finding.clause, ...(finding.alsoClauses ?? [])].join(", ");
    lines.push("");
    lines.push(
      `  ${finding.severity.padEnd(7)} clause ${clauses}: "${finding.excerpt}" (characters ${finding.start}-${finding.end})`,
    );
    lines.push(`          ${finding.explanation}`);
    if (finding.suggestion) lines.push(`          Suggestion: ${finding.suggestion}`);
  }
  return `${lines.join("\n")}\n`;
}
