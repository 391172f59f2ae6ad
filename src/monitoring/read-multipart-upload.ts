// Reads a multipart/form-data body part by part as it arrives, so a log file uploaded from the
// browser goes straight on to the scanner: never more than one chunk and a delimiter's length held.
// Each part's body must be read (or left, when it is drained) before the next part is given.

export type MultipartPart = {
  name: string;
  /** null for a plain field; the file's name (possibly "") for a file input. */
  filename: string | null;
  contentType: string;
  body: AsyncIterable<Buffer>;
};

/** A body that is not the multipart form it says it is: a message for the person who sent it. */
export class MultipartError extends Error {}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** The boundary of a `multipart/form-data; boundary=...` content type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType.trim())) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export async function* readMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
): AsyncGenerator<MultipartPart> {
  // The first delimiter has no CRLF before it; adding one makes every delimiter "\r\n--boundary".
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const chunks = body[Symbol.asyncIterator]();
  let buffer: Buffer = Buffer.from(CRLF);
  let ended = false;

  async function more(): Promise<boolean> {
    if (ended) return false;
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buffer = buffer.length === 0 ? Buffer.from(next.value) : Buffer.concat([buffer, next.value]);
    return true;
  }

  // The preamble, up to the first delimiter.
  for (;;) {
    const at = buffer.indexOf(delimiter);
    if (at >= 0) {
      buffer = buffer.subarray(at + delimiter.length);
      break;
    }
    buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length));
    if (!(await more())) throw new MultipartError("The form has no parts: send it again from the page.");
  }

  for (;;) {
    // After a delimiter: "--" ends the form, CRLF starts a part.
    while (buffer.length < 2) {
      if (!(await more())) throw new MultipartError("The form ended early: send it again.");
    }
    if (buffer[0] === 0x2d && buffer[1] === 0x2d) return;
    if (buffer[0] !== 0x0d || buffer[1] !== 0x0a) throw new MultipartError("The form is not well formed.");
    buffer = buffer.subarray(2);
    let headerEnd = buffer.indexOf(HEADER_END);
    while (headerEnd < 0) {
      if (buffer.length > MAX_HEADER_BYTES)
        throw new MultipartError("A part of the form has too long a header.");
      if (!(await more())) throw new MultipartError("The form ended early: send it again.");
      headerEnd = buffer.indexOf(HEADER_END);
    }
    const headers = parseHeaders(buffer.subarray(0, headerEnd).toString("latin1"));
    buffer = buffer.subarray(headerEnd + HEADER_END.length);

    let done = false;
    /** The next piece of this part's body, or null at its end. */
    const next = async (): Promise<Buffer | null> => {
      for (;;) {
        if (done) return null;
        const at = buffer.indexOf(delimiter);
        if (at >= 0) {
          const last = buffer.subarray(0, at);
          buffer = buffer.subarray(at + delimiter.length);
          done = true;
          if (last.length > 0) return last;
          return null;
        }
        // Keep what could be the start of a delimiter split across chunks.
        const safe = buffer.length - (delimiter.length - 1);
        const out = safe > 0 ? buffer.subarray(0, safe) : null;
        if (out) buffer = buffer.subarray(safe);
        if (!(await more()) && !out)
          throw new MultipartError("The form ended part way through a file: send it again.");
        if (out) return out;
      }
    };
    const partBody: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const value = await next();
          return value === null ? { done: true, value: undefined } : { done: false, value };
        },
        // A reader that stops early leaves the rest to be skipped below.
        return: async () => ({ done: true, value: undefined }),
      }),
    };
    yield { ...headers, body: partBody };
    // Whatever the reader left of this part is skipped.
    while ((await next()) !== null);
  }
}

function parseHeaders(text: string): Omit<MultipartPart, "body"> {
  let name: string | null = null;
  let filename: string | null = null;
  let contentType = "text/plain";
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") {
      name = param(value, "name");
      filename = param(value, "filename");
    } else if (key === "content-type") contentType = value;
  }
  if (name === null) throw new MultipartError("A part of the form has no name.");
  // Browsers send names and file names as UTF-8 bytes in the header.
  const utf8 = (s: string) => Buffer.from(s, "latin1").toString("utf8");
  return { name: utf8(name), filename: filename === null ? null : utf8(filename), contentType };
}

function param(header: string, key: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(header);
  if (match) return match[1]!.replace(/\\(.)/g, "$1");
  const bare = new RegExp(`(?:^|;)\\s*${key}=([^;\\s]*)`, "i").exec(header);
  return bare ? bare[1]! : null;
}

/** A field's value as text, at most `maxBytes` (a plain field is small; more is refused). */
export async function fieldText(body: AsyncIterable<Buffer>, maxBytes = 4096): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new MultipartError(`A field of the form is longer than ${maxBytes} bytes.`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString("utf8");
}
