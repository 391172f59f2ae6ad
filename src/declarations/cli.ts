// `conduct declarations judge`: judges social media relationships read as JSON lines on stdin, by
// the same rules as the web app, with no database, so a school can check a batch from its MIS.
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { z } from "zod";
import { defaultTimeZone } from "../core/calendar/calendar-date";
import { contactKindWords, relationshipWords } from "./contact-words";
import {
  type ContactDateField,
  type ContactKind,
  type DeclarationClauses,
  contactKinds,
  judgeDeclaration,
  otherRelationships,
  templateDeclarationClauses,
} from "./judge-declaration";
import { readInstant, readJudgeLine, readTimeZone } from "./read-judge-line";

export interface DeclarationCommandsIo {
  /** Where `judge` reads its lines; process.stdin unless a test supplies its own. */
  stdin?: NodeJS.ReadableStream;
}

const clausesSchema = z.strictObject(
  Object.fromEntries(
    Object.keys(templateDeclarationClauses).map((key) => [key, z.string().min(1).optional()]),
  ) as Record<keyof DeclarationClauses, z.ZodOptional<z.ZodString>>,
);

/** "    name (also: a, b, …)", wrapped to fit a terminal. */
function wordsLine(name: string, also: readonly string[]): string {
  const text = also.length > 0 ? `${name} (also: ${also.join(", ")})` : name;
  const lines: string[] = [];
  let current = "    ";
  for (const word of text.split(" ")) {
    if (current.trim() !== "" && current.length + word.length + 1 > 96) {
      lines.push(current);
      current = "        ";
    }
    current += current.trim() === "" ? word : ` ${word}`;
  }
  lines.push(current);
  return lines.join("\n");
}

// Commander prints this after the options, so the whole input format is in --help.
const inputHelp = `
Each input line:
  {"id": "a1", "asOf": "2026-05-20T09:00:00Z", "timeZone": "Europe/London",
   "contact": {"kind": "ex-pupil", "dateOfBirth": "2009-03-14", "leftOn": "2025-07-18",
               "otherRelationships": ["family-friend"]}}
  id                  required: text or a number, repeated in the answer
  asOf                optional: the instant to judge at (default --as-of, else now); with Z or an
                      offset (+01:00) it is exact; without one, or a date alone, it is read in the
                      school's time zone
  timeZone            optional: this line's school zone (default --time-zone)
  contact.kind        required, one of:
${contactKinds.map((kind) => wordsLine(kind, contactKindWords[kind])).join("\n")}
  contact.dateOfBirth optional, YYYY-MM-DD; used for pupils and ex-pupils (an ex-pupil with none is
                      treated as under 18)
  contact.leftOn      optional, YYYY-MM-DD, the last day on roll: of a pupil or ex-pupil, or for a
                      parent, of their last child at the school (after it, 8.4 no longer applies)
  contact.otherRelationships
                      optional list of what else connects you, any of:
${otherRelationships.map((r) => wordsLine(r, relationshipWords[r])).join("\n")}
Kinds and words are read whatever their case, spaces, hyphens or underscores ("Family friend").
A contact field the judge does not know is refused. A line may carry other top-level fields.
Each answer: {"id","verdict","clause","reason"} plus "notes" when a word was read as another (a
synonym) or a date given is not used for that kind of contact; verdicts: prohibited,
permitted-declare, permitted.`;

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
        '{"id","asOf","timeZone","contact":{"kind","dateOfBirth","leftOn","otherRelationships":[...]}}. ' +
        'Writes one JSON line per input line: {"id","verdict","clause","reason"}, or {"id","error"} for a ' +
        "line that cannot be judged (then exits with code 2 after the rest). Needs no database.",
    )
    .addHelpText("after", inputHelp)
    .option("--json", "also write action, notify, relatedClauses and changesAt for each line")
    .option(
      "--time-zone <zone>",
      "the school's IANA time zone (any case, e.g. europe/london), in which birthdays and leaving dates " +
        "fall; abbreviations (BST) and fixed offsets (+01:00) are refused, having no or the wrong summer time",
      defaultTimeZone,
    )
    .option(
      "--as-of <instant>",
      "ISO 8601 instant to judge lines that give no asOf (default: now); without an offset, read in --time-zone",
    )
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

      const zone = readTimeZone(options.timeZone);
      if (!zone.ok) return fail(`option --time-zone: ${zone.message}`);
      const timeZone = zone.value;
      let defaultAsOf = new Date();
      if (options.asOf !== undefined) {
        const instant = readInstant(options.asOf, timeZone);
        if (!instant.ok) return fail(`option --as-of: ${instant.message}`);
        defaultAsOf = instant.value;
      }
      let clauses: Partial<DeclarationClauses> | undefined;
      if (options.clauses !== undefined) {
        const read = readClauses(options.clauses);
        if (!read.ok) return fail(`option --clauses: ${read.message}`);
        clauses = read.value;
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
          timeZone,
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
  const read = readJudgeLine(parsed.value, context);
  if (!read.ok) return read;
  const { id, contact, asOf, timeZone, notes } = read.request;

  const result = judgeDeclaration({ contact, asOf, timeZone, clauses: context.clauses });
  if (!result.ok) return { ok: false, id, error: `${result.error.field}: ${result.error.message}` };

  const output: Record<string, unknown> = {
    id,
    verdict: result.verdict,
    clause: result.clause,
    reason: result.reason,
  };
  const allNotes = [...notes, ...result.ignored.map((field) => ignoredNote(field, contact.kind))];
  if (allNotes.length > 0) output.notes = allNotes;
  if (context.full) {
    output.action = result.action ?? null;
    output.notify = result.notify;
    output.relatedClauses = result.relatedClauses;
    output.changesAt = result.changesAt?.toISOString() ?? null;
  }
  return { ok: true, output };
}

function ignoredNote(field: ContactDateField, kind: ContactKind): string {
  const who: Record<ContactKind, string> = {
    pupil: "a pupil",
    "ex-pupil": "an ex-pupil",
    parent: "a parent",
    staff: "a member of staff",
    governor: "a governor",
    other: "someone outside the school",
  };
  return `contact.${field} is not used for ${who[kind]}, so it does not change the verdict`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function readClauses(
  text: string,
): { ok: true; value: Partial<DeclarationClauses> } | { ok: false; message: string } {
  const keys = Object.keys(templateDeclarationClauses);
  const expected = `give an object such as '{"pupils":"7.3"}' with keys among ${keys.join(", ")}`;
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, message: `not valid JSON (${parsed.message}); ${expected}` };
  const checked = clausesSchema.safeParse(parsed.value);
  if (checked.success) return { ok: true, value: checked.data };
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: `not an object; ${expected}` };
  }
  const unknown = Object.keys(value).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `${unknown.map((k) => `"${k}"`).join(", ")} is not a clause key; ${expected}`,
    };
  }
  return { ok: false, message: `each clause number must be non-empty text, such as "7.3"; ${expected}` };
}
