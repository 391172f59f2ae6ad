// Bounds on what a request may send, checked before a handler reads it: a body size per route
// (counted as it arrives, so a chunked upload without Content-Length is bounded too), and no NUL
// bytes in text fields or the query (PostgreSQL cannot store them in text: a 500 otherwise).
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { capabilities } from "../capability";
import type { AppEnv } from "./context";

const KB = 1024;
const MB = 1024 * KB;
/** Room for a multipart form's boundaries, headers and other fields beside the file. */
const FORM_OVERHEAD = 256 * KB;

/** The most a route's body may be; the first pattern that matches applies. */
export const BODY_LIMITS: { path: RegExp; maxBytes: number; what: string; stream?: boolean }[] = [
  { path: /^\/(sign-in|sign-out|password\/|setup$)/, maxBytes: 16 * KB, what: "a sign-in form" },
  { path: /^\/evidence\/new$/, maxBytes: 10 * MB + FORM_OVERHEAD, what: "an evidence file (at most 10 MB)" },
  { path: /^\/people\/import$/, maxBytes: 20 * MB + FORM_OVERHEAD, what: "an import file (at most 20 MB)" },
  { path: /^\/policy\/versions$/, maxBytes: 20 * MB + FORM_OVERHEAD, what: "a policy file (at most 20 MB)" },
];
export const DEFAULT_BODY_LIMIT = 1 * MB;

function limitFor(path: string): { maxBytes: number; what: string; stream?: boolean } {
  return (
    [...BODY_LIMITS, ...capabilities().flatMap((c) => c.bodyLimits ?? [])].find((l) => l.path.test(path)) ?? {
      maxBytes: DEFAULT_BODY_LIMIT,
      what: "this form",
    }
  );
}

function refuse(c: Context<AppEnv>, status: 400 | 413, message: string) {
  // Plain and small: the full layout would need the session, which is read after these checks.
  if (c.req.path.startsWith("/api/") || (c.req.header("accept") ?? "").startsWith("application/json"))
    return c.json({ error: status === 413 ? "too_large" : "bad_request", message }, status);
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request refused - Conduct</title></head><body><main><h1>Request refused</h1><p>${message}</p><p>Go back and try again.</p></main></body></html>`,
    status,
  );
}

export function limitBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const limit = limitFor(c.req.path);
    if (limit.stream) return countAsItArrives(c, limit, next);
    return bodyLimit({
      maxSize: limit.maxBytes,
      onError: (ctx) =>
        refuse(
          ctx as Context<AppEnv>,
          413,
          `That is too large for ${limit.what}: at most ${Math.round(limit.maxBytes / KB).toLocaleString("en-GB")} KB can be sent here.`,
        ),
    })(c, next);
  };
}

/** The body is too large for its route's bound; a streaming handler answers 413 with `message`. */
export class BodyTooLargeError extends Error {}

/**
 * For a route that reads its body as it arrives: refused by its Content-Length at once, else passed
 * through a counter that fails the stream (BodyTooLargeError) past the bound, never buffered.
 */
export function countAsItArrives(
  c: Context<AppEnv>,
  limit: { maxBytes: number; what: string },
  next: () => Promise<void>,
) {
  const message = `That is too large for ${limit.what}: at most ${Math.round(limit.maxBytes / KB).toLocaleString("en-GB")} KB can be sent here.`;
  const raw = c.req.raw;
  if (!raw.body) return next();
  const length = raw.headers.get("content-length");
  if (length !== null && !raw.headers.has("transfer-encoding")) {
    return Number.parseInt(length, 10) > limit.maxBytes ? refuse(c, 413, message) : next();
  }
  let size = 0;
  const counted = raw.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.length;
        if (size > limit.maxBytes) controller.error(new BodyTooLargeError(message));
        else controller.enqueue(chunk);
      },
    }),
  );
  c.req.raw = new Request(raw, { body: counted, duplex: "half" } as RequestInit);
  return next();
}

function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === "object" && !(value instanceof Blob))
    return Object.values(value as Record<string, unknown>).some(hasNul);
  return false;
}

const NUL_MESSAGE = (field: string) =>
  `The field "${field.slice(0, 60)}" contains a NUL character (\\0), which Conduct cannot store. Remove it and try again.`;

export function refuseNulBytes(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    for (const [key, value] of url.searchParams) {
      if (hasNul(key) || hasNul(value)) return refuse(c, 400, NUL_MESSAGE(key));
    }
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    // A streaming route reads (and checks) its own form as it arrives.
    if (limitFor(c.req.path).stream) return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    try {
      if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
        // Parsed once here; hono keeps the parsed form, so the handler does not read it again.
        const form = await c.req.parseBody({ all: true });
        for (const [key, value] of Object.entries(form)) {
          if (hasNul(key) || hasNul(value)) return refuse(c, 400, NUL_MESSAGE(key));
        }
      } else if (type === "application/json") {
        const text = await c.req.text();
        if (text.includes("\\u0000") || text.includes("\u0000"))
          return refuse(c, 400, "The request contains a NUL character (\\0), which Conduct cannot store.");
      }
    } catch {
      return refuse(c, 400, "The form could not be read. Reload the page and send it again.");
    }
    return next();
  };
}
