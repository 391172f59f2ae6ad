// `conduct declarations judge`: judges social media relationships read as JSON lines on stdin, by
// the same rules as the web app, with no database, so a school can check a batch from its MIS.
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { defaultTimeZone, isValidTimeZone } from "../core/calendar/calendar-date";
import {
  type DeclarationClauses,
  contactKinds,
  judgeDeclaration,
  otherRelationships,
  templateDeclarationClauses,
} from "./judge-declaration";

export interface DeclarationCommandsIo {
  /** Where `judge` reads its lines; process.stdin unless a test supplies its own. */
  stdin?: NodeJS.ReadableStream;
}

// Records from an MIS export often carry null or "" for an unknown date.
const optionalDate = z
  .union([z.string(), z.null()])
  .optional()
  .transform((value) => (value === null || value === "" ? undefined : value));

// The contact is strict so that a misspelt field ("dob") is reported rather than silently read as
// "date of birth unknown"; the line itself may carry other fields a script finds useful.
const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  asOf: z.iso.datetime({ offset: true }).optional(),
  contact: z.strictObject({
    kind: z.enum(contactKinds),
    dateOfBirth: optionalDate,
    leftOn: optionalDate,
    otherRelationships: z.array(z.enum(otherRelationships)).default([]),
  }),
});

const clausesSchema = z.strictObject(
  Object.fromEntries(
    Object.keys(templateDeclarationClauses).map((key) => [key, z.string().min(1).optional()]),
  ) as Record<keyof DeclarationClauses, z.ZodOptional<z.ZodString>>,
);

interface JudgeOptions {
  json?: boolean;
  timeZone: string;
  asOf?: string;
  clauses?: string;
}

type LineOutcome =
  | { ok: true; output: Record<string, unknown> }
  | { ok: false; id?: string | number; error: string };

export function registerDeclarationCommands(program: Command, io: DeclarationCommandsIo = {}): void {
  const declarations = program
    .command("declarations")
    .description("Social media relationships with pupils, ex-pupils, parents and others (policy section 8)");

  declarations
    .command("judge")
    .description(
      "Judge relationships read from stdin, one JSON object a line: " +
        '{"id","asOf","contact":{"kind","dateOfBirth","leftOn","otherRelationships":[...]}}. ' +
        'Writes one JSON line per input line: {"id","verdict","clause","reason"}, or {"id","error"} for a ' +
        "line that cannot be judged (then exits with code 2 after the rest). Needs no database.",
    )
    .option("--json", "also write action, notify, relatedClauses and changesAt for each line")
    .option(
      "--time-zone <zone>",
      "the school's IANA time zone, in which birthdays and leaving dates fall",
      defaultTimeZone,
    )
    .option("--as-of <instant>", "ISO 8601 instant to judge lines that give no asOf (default: now)")
    .option(
      "--clauses <json>",
      'clause numbers of your policy, if renumbered, e.g. \'{"pupils":"7.3","parents":"7.4"}\' (keys: ' +
        `${Object.keys(templateDeclarationClauses).join(", ")})`,
    )
    .action(async (options: JudgeOptions, command: Command) => {
      const output = command.configureOutput();
      const writeOut = output.writeOut ?? ((text: string) => process.stdout.write(text));
      const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
      const fail = (message: string): never =>
        command.error(message, { exitCode: 2, code: "conduct.invalidOption" });

      if (!isValidTimeZone(options.timeZone))
        fail(`option --time-zone: unknown time zone "${options.timeZone}"`);
      let defaultAsOf = new Date();
      if (options.asOf !== undefined) {
        if (!z.iso.datetime({ offset: true }).safeParse(options.asOf).success) {
          fail(`option --as-of: "${options.asOf}" is not an ISO 8601 instant such as 2026-05-20T09:00:00Z`);
        }
        defaultAsOf = new Date(options.asOf);
      }
      let clauses: Partial<DeclarationClauses> | undefined;
      if (options.clauses !== undefined) {
        const parsed = parseJson(options.clauses);
        const checked = parsed.ok ? clausesSchema.safeParse(parsed.value) : undefined;
        if (!checked?.success) {
          fail(
            `option --clauses: ${checked ? describeIssues(checked.error) : "not valid JSON"}; ` +
              `expected an object with keys among ${Object.keys(templateDeclarationClauses).join(", ")}`,
          );
        }
        clauses = checked?.data;
      }

      const lines = createInterface({
        input: io.stdin ?? process.stdin,
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let lineNumber = 0;
      let judged = 0;
      let bad = 0;
      for await (const raw of lines) {
        lineNumber += 1;
        const line = (lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
        if (line === "") continue;
        const outcome = judgeLine(line, {
          defaultAsOf,
          timeZone: options.timeZone,
          clauses,
          full: options.json === true,
        });
        if (outcome.ok) {
          judged += 1;
          writeOut(`${JSON.stringify(outcome.output)}\n`);
        } else {
          bad += 1;
          const error = `line ${lineNumber}: ${outcome.error}`;
          writeOut(`${JSON.stringify(outcome.id === undefined ? { error } : { id: outcome.id, error })}\n`);
          writeErr(`stdin ${error}\n`);
        }
      }
      if (bad > 0) {
        command.error(`${bad} of ${judged + bad} lines could not be judged; see the "error" lines`, {
          exitCode: 2,
          code: "conduct.invalidInput",
        });
      }
    });
}

function judgeLine(
  line: string,
  context: { defaultAsOf: Date; timeZone: string; clauses?: Partial<DeclarationClauses>; full: boolean },
): LineOutcome {
  const parsed = parseJson(line);
  if (!parsed.ok) return { ok: false, error: `not valid JSON (${parsed.message})` };
  const raw = parsed.value;
  const rawId = typeof raw === "object" && raw !== null && "id" in raw ? raw.id : undefined;
  const id = typeof rawId === "string" || typeof rawId === "number" ? rawId : undefined;

  const checked = lineSchema.safeParse(raw);
  if (!checked.success) return { ok: false, id, error: describeIssues(checked.error) };
  const { contact, asOf } = checked.data;

  const result = judgeDeclaration({
    contact,
    asOf: asOf ? new Date(asOf) : context.defaultAsOf,
    timeZone: context.timeZone,
    clauses: context.clauses,
  });
  if (!result.ok) return { ok: false, id, error: `field ${result.error.field}: ${result.error.message}` };

  const output: Record<string, unknown> = {
    id: checked.data.id,
    verdict: result.verdict,
    clause: result.clause,
    reason: result.reason,
  };
  if (context.full) {
    output.action = result.action ?? null;
    output.notify = result.notify;
    output.relatedClauses = result.relatedClauses;
    output.changesAt = result.changesAt?.toISOString() ?? null;
  }
  return { ok: true, output };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join(".") : "(the line)";
      return `field ${field}: ${issue.message}`;
    })
    .join("; ");
}
