// The streaming multipart reader: parts come out whole however the body is cut into chunks (a
// delimiter split across two chunks included), a file is handed on before the body has all arrived,
// and a body that stops part way through is an error, not a short file.
import { describe, expect, it } from "vitest";
import { fieldText, MultipartError, multipartBoundary, readMultipart } from "./read-multipart-upload";

const boundary = "----formBoundaryX7q";

function body(parts: { name: string; filename?: string; value: string }[]): Buffer {
  const out: string[] = [];
  for (const p of parts) {
    out.push(`--${boundary}\r\n`);
    out.push(
      `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}\r\n`,
    );
    if (p.filename !== undefined) out.push("Content-Type: application/octet-stream\r\n");
    out.push(`\r\n${p.value}\r\n`);
  }
  out.push(`--${boundary}--\r\n`);
  return Buffer.from(out.join(""));
}

async function* inChunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(source: AsyncIterable<Uint8Array>) {
  const parts: { name: string; filename: string | null; text: string }[] = [];
  for await (const part of readMultipart(source, boundary))
    parts.push({ name: part.name, filename: part.filename, text: await fieldText(part.body, 1 << 20) });
  return parts;
}

// A log whose lines look like delimiters but are not (no CRLF before them, or a different boundary).
const log = `line one\n--${boundary}x not a delimiter\r\n--${boundary.slice(0, -1)}\r\nlast line\n`;
const form = body([
  { name: "format", value: "squid" },
  { name: "ipMap", filename: "", value: "" },
  { name: "log", filename: "access.log", value: log },
]);

describe("readMultipart", () => {
  it("finds the boundary in the content type, quoted or not, and only for a multipart form", () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    expect(multipartBoundary(`multipart/form-data; boundary="${boundary}"`)).toBe(boundary);
    expect(multipartBoundary("application/x-www-form-urlencoded")).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });

  it("gives the same parts whatever size the chunks are", async () => {
    const expected = [
      { name: "format", filename: null, text: "squid" },
      { name: "ipMap", filename: "", text: "" },
      { name: "log", filename: "access.log", text: log },
    ];
    for (const size of [1, 2, 3, 7, 19, 64, form.length]) {
      expect(await readAll(inChunks(form, size)), `chunks of ${size}`).toEqual(expected);
    }
  });

  it("hands the file on before the rest of the body has arrived", async () => {
    const big = body([{ name: "log", filename: "big.log", value: "x".repeat(1 << 20) }]);
    let pulled = 0;
    const chunks = Math.ceil(big.length / 4096);
    async function* slow() {
      for (let i = 0; i < big.length; i += 4096) {
        pulled++;
        yield big.subarray(i, i + 4096);
      }
    }
    let pulledAtFirstByte = -1;
    let total = 0;
    for await (const part of readMultipart(slow(), boundary)) {
      for await (const piece of part.body) {
        if (pulledAtFirstByte < 0) pulledAtFirstByte = pulled;
        total += piece.length;
      }
    }
    expect(total).toBe(1 << 20);
    expect(pulledAtFirstByte).toBeLessThan(3);
    expect(pulled).toBe(chunks);
  });

  it("skips a part its reader left, and refuses a body cut off part way through a file", async () => {
    const names: string[] = [];
    for await (const part of readMultipart(inChunks(form, 5), boundary)) names.push(part.name);
    expect(names).toEqual(["format", "ipMap", "log"]);
    const cut = form.subarray(0, form.length - 40);
    await expect(readAll(inChunks(cut, 16))).rejects.toBeInstanceOf(MultipartError);
  });
});
