// Reads the schools file for the CLI's --schools option: a JSON array with each school's slug,
// name, shortNames, officialHandles, sanctionedPlatforms and (optionally) streets. Problems name
// the file, the line where that school's entry starts, and the field.
import { z } from "zod";
import type { FileError, SchoolSettings } from "./types";

export interface ParseSchoolsJsonOptions {
  jsonText: string;
  fileName: string;
}

export type ParseSchoolsJsonResult =
  | { ok: true; schools: SchoolSettings[] }
  | { ok: false; errors: FileError[] };

const nameList = z.array(z.string().trim().min(1, "must not be empty"));

const schoolSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a slug such as summit-high"),
    name: z.string().trim().min(1, "must not be empty"),
    shortNames: nameList.default([]),
    officialHandles: z
      .array(z.string().regex(/^@?[A-Za-z0-9_]{1,50}$/, "must be a handle such as @SummitHighSch"))
      .default([]),
    sanctionedPlatforms: nameList.default([]),
    streets: nameList.optional(),
  })
  .strict();

export function parseSchoolsJson({ jsonText, fileName }: ParseSchoolsJsonOptions): ParseSchoolsJsonResult {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position ([0-9]+)/.exec(message);
    const line = position ? lineAt(jsonText, Number(position[1])) : 1;
    return {
      ok: false,
      errors: [{ file: fileName, line, field: "", message: `not valid JSON: ${message}` }],
    };
  }
  if (!Array.isArray(data)) {
    return {
      ok: false,
      errors: [{ file: fileName, line: 1, field: "", message: "expected a JSON array of schools" }],
    };
  }
  const lines = elementLines(jsonText);
  const schools: SchoolSettings[] = [];
  const errors: FileError[] = [];
  const slugs = new Map<string, number>();
  data.forEach((item, i) => {
    const line = lines[i] ?? 1;
    const parsed = schoolSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = `[${i}]${issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("")}`;
        errors.push({ file: fileName, line, field, message: issue.message });
      }
      return;
    }
    const earlier = slugs.get(parsed.data.slug);
    if (earlier !== undefined) {
      errors.push({
        file: fileName,
        line,
        field: `[${i}].slug`,
        message: `${parsed.data.slug} is already used by the school at line ${earlier}`,
      });
      return;
    }
    slugs.set(parsed.data.slug, line);
    schools.push(parsed.data);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, schools };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

/** The line on which each element of the top-level array starts, found with a small scanner. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\n") line++;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && !/\s/.test(ch) && ch !== "]") {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 1) expectElement = true;
  }
  return lines;
}
