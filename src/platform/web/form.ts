// Reads a posted form through a zod schema: typed values, or one message per field for the form
// to show again (with the values as typed), so no route parses a form by hand.
import type { Context } from "hono";
import { z } from "zod";

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: Record<string, string>; values: Record<string, string | string[]> };

/** The body as strings (arrays for repeated names, such as checkboxes); NUL bytes refused. */
export async function formValues(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === "string");
    else if (typeof value === "string") values[key] = value;
  }
  return values;
}

export async function readForm<S extends z.ZodType>(c: Context, schema: S): Promise<FormResult<z.output<S>>> {
  const values = await formValues(c);
  return checkForm(schema, values);
}

/** Pure: the values against the schema; the first problem of each field becomes its message. */
export function checkForm<S extends z.ZodType>(
  schema: S,
  values: Record<string, string | string[]>,
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** Common fields, with messages a member of staff can act on. */
export const formFields = {
  /** Required text, trimmed, bounded, without control characters. */
  text: (label: string, max: number) =>
    z
      .string({ error: `Enter ${label}` })
      .transform((v) => v.trim())
      .pipe(
        z
          .string()
          .min(1, `Enter ${label}`)
          .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
          .refine(
            (v) => !/\u0000/.test(v),
            `${label[0]?.toUpperCase()}${label.slice(1)} contains a character that is not allowed`,
          ),
      ),
  /** Optional text: blank becomes undefined. */
  optionalText: (label: string, max: number) =>
    z
      .string()
      .optional()
      .transform((v) => v?.trim() || undefined)
      .pipe(
        z
          .string()
          .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
          .refine((v) => !/\u0000/.test(v), "That contains a character that is not allowed")
          .optional(),
      ),
  /** A calendar date typed as YYYY-MM-DD (a date input). */
  date: (label: string) =>
    z
      .string({ error: `Enter ${label}` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as a date, like 2026-09-01`)
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), `Enter a real date for ${label}`),
  /** A list from checkboxes: none ticked arrives as nothing. */
  list: <T extends string>(choices: readonly [T, ...T[]]) =>
    z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(choices))),
  uuid: (label: string) => z.string({ error: `Choose ${label}` }).uuid(`Choose ${label}`),
};
