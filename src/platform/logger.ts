import pino from "pino";

export type Logger = pino.Logger;

const MAX_QUERY = 2_000;

/**
 * An error as one short line of JSON: its kind, message, code and (for a database error) the
 * query, never its parameter values (declaration notes, names, emails) and never the pg client
 * hanging off it (connection internals, hundreds of lines).
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; severity?: unknown; query?: unknown; detail?: unknown };
  let message = firstLine(e.message);
  // PostgreSQL quotes the offending value in some messages ('invalid input syntax for type
  // integer: "…"'), and keys in others ("Key (email)=(…)"): keep the words, hide the value.
  if (typeof e.severity === "string")
    message = message.replace(/: ".*"$/, ': "[value hidden]"').replace(/=\(.*?\)/g, "=([value hidden])");
  const out: Record<string, unknown> = { type: e.constructor?.name ?? e.name, message };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (typeof e.severity === "string") out.severity = e.severity;
  if (typeof e.query === "string") out.query = e.query.slice(0, MAX_QUERY);
  const where = e.stack?.split("\n").find((l) => l.trim().startsWith("at "));
  if (where) out.at = where.trim().slice(3);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

function firstLine(message: string): string {
  // drizzle puts "Failed query: … params: …" in its message: keep the words before the values.
  const text = message.split("\nparams:")[0] ?? message;
  return text.replace(/\s+/g, " ").trim().slice(0, MAX_QUERY);
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino(
    { level, base: { app: "conduct" }, serializers: { err: serializeError, error: serializeError } },
    pino.destination(2),
  );
}
