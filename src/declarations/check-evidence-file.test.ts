import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { checkEvidenceFile } from "./check-evidence-file";

const encoder = new TextEncoder();
const ascii = (text: string) => encoder.encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** A real 1x1 red PNG: signature, IHDR, IDAT (zlib), IEND, with correct CRCs. */
function png(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const body = concat(ascii(type), data);
    return concat(u32(data.length), body, u32(crc32(body)));
  };
  const ihdr = concat(u32(1), u32(1), new Uint8Array([8, 2, 0, 0, 0])); // 8-bit RGB
  const idat = deflateSync(new Uint8Array([0, 255, 0, 0])); // filter byte, then one red pixel
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array()),
  );
}

/** SOI, a JFIF APP0 segment and EOI: the smallest file a JPEG reader recognises. */
function jpeg(): Uint8Array {
  return concat(
    new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    ascii("JFIF\0"),
    new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  );
}

function pdf(): Uint8Array {
  return ascii(
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
      "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
  );
}

const gif = () => concat(ascii("GIF89a"), new Uint8Array([1, 0, 1, 0, 0, 0, 0, 0x3b]));
const webp = () =>
  concat(ascii("RIFF"), new Uint8Array([26, 0, 0, 0]), ascii("WEBPVP8 "), new Uint8Array(18));
const heic = () => concat(u32(24), ascii("ftypheic"), u32(0), ascii("mif1heic"), new Uint8Array(16));
/** A DOS/Windows program header: "MZ", then the usual header bytes full of NULs. */
const exe = () =>
  concat(ascii("MZ"), new Uint8Array([0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]), new Uint8Array(64));

const check = (bytes: Uint8Array, declaredName: string, declaredType?: string, maxBytes = 1024 * 1024) =>
  checkEvidenceFile({ bytes, declaredName, declaredType, maxBytes });

async function refusal(bytes: Uint8Array, name: string, type?: string, maxBytes?: number): Promise<string> {
  const result = await check(bytes, name, type, maxBytes);
  if (result.ok) throw new Error(`expected ${name} to be refused, got ${result.mediaType}`);
  expect(result.error.field).toBe("file");
  return result.error.message;
}

describe("accepted evidence, judged by content", () => {
  it.each([
    ["screenshot.png", png, "image/png", "png"],
    ["photo.jpg", jpeg, "image/jpeg", "jpg"],
    ["photo.JPEG", jpeg, "image/jpeg", "jpg"],
    ["chat.pdf", pdf, "application/pdf", "pdf"],
    ["anim.gif", gif, "image/gif", "gif"],
    ["shot.webp", webp, "image/webp", "webp"],
    ["IMG_0001.HEIC", heic, "image/heic", "heic"],
    ["no-extension", png, "image/png", "png"],
  ] as const)("%s -> %s", async (name, make, mediaType, extension) => {
    const result = await check(make(), name);
    expect(result).toMatchObject({ ok: true, mediaType, extension });
  });

  it("gives the SHA-256 of the bytes in hex", async () => {
    const result = await check(ascii("abc"), "note.txt");
    expect(result).toMatchObject({
      ok: true,
      mediaType: "text/plain",
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    });
  });

  it("accepts the browser's word when it agrees or says nothing useful", async () => {
    expect((await check(png(), "a.png", "image/png")).ok).toBe(true);
    expect((await check(jpeg(), "a.jpg", "image/jpg")).ok).toBe(true);
    expect((await check(png(), "a.png", "application/octet-stream")).ok).toBe(true);
    expect(await check(ascii("a,b\n1,2\n"), "messages.csv", "application/vnd.ms-excel")).toMatchObject({
      ok: true,
      mediaType: "text/csv",
      extension: "csv",
    });
  });

  it("accepts UTF-8 text, a saved email and text that happens to start like a signature", async () => {
    expect(await check(ascii("Thanks, but I can't accept your request 🙂"), "reply.txt")).toMatchObject({
      ok: true,
    });
    const email =
      "From: teacher@school.example\r\nSubject: Re: hi\r\n\r\nI can't be your friend on Instagram.\r\n";
    expect(await check(ascii(email), "reply.eml", "message/rfc822")).toMatchObject({
      ok: true,
      mediaType: "message/rfc822",
      extension: "eml",
    });
    expect(await check(ascii("BM said he would message me"), "note.txt")).toMatchObject({ ok: true });
  });

  it("takes a file exactly at the size limit", async () => {
    const bytes = png();
    expect((await check(bytes, "a.png", undefined, bytes.length)).ok).toBe(true);
  });
});

describe("refused evidence", () => {
  it("refuses an empty file", async () => {
    expect(await refusal(new Uint8Array(), "a.png")).toMatch(/is empty/);
  });

  it("refuses a file over the limit and says both sizes", async () => {
    expect(await refusal(new Uint8Array(3 * 1024 * 1024), "big.png", undefined, 2 * 1024 * 1024)).toBe(
      '"big.png" is 3 MB; the largest file the vault takes is 2 MB.',
    );
  });

  it("refuses a program pretending to be a screenshot", async () => {
    expect(await refusal(exe(), "screenshot.png")).toMatch(/contains a program \(EXE\)/);
    expect(await refusal(exe(), "notes.txt")).toMatch(/named \.txt but contains a program/);
  });

  it("refuses HTML pretending to be a screenshot", async () => {
    const html = ascii("<!DOCTYPE html><html><script>alert(1)</script></html>");
    expect(await refusal(html, "screenshot.png")).toMatch(/web page or SVG/);
  });

  it("refuses a PDF or a JPEG named as a PNG", async () => {
    expect(await refusal(pdf(), "screenshot.png")).toBe(
      '"screenshot.png" is named .png but contains a PDF document. Rename it, or choose the right file.',
    );
    expect(await refusal(jpeg(), "screenshot.png")).toMatch(/contains a JPEG image/);
    expect(await refusal(pdf(), "chat.txt")).toMatch(/named \.txt but contains a PDF document/);
  });

  it("refuses a PNG the browser calls something else", async () => {
    expect(await refusal(png(), "a.png", "image/jpeg")).toMatch(/sent as image\/jpeg but contains a PNG/);
  });

  it("refuses SVG and HTML however they arrive", async () => {
    const svg = ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await refusal(svg, "drawing.svg")).toMatch(/can carry scripts/);
    expect(await refusal(svg, "drawing.png")).toMatch(/can carry scripts/);
    expect(await refusal(svg, "drawing.txt")).toMatch(/can carry scripts/);
    expect(await refusal(ascii("\uFEFF  <html><body>hi</body></html>"), "page.txt")).toMatch(
      /can carry scripts/,
    );
    expect(await refusal(ascii('<?xml version="1.0"?><svg/>'), "drawing.png")).toMatch(/XML/);
    expect(await refusal(ascii("hello"), "hello.txt", "text/html")).toMatch(/can carry scripts/);
    expect(await refusal(png(), "page.html")).toMatch(/can carry scripts/);
  });

  it("refuses text that is not UTF-8 or has NULs", async () => {
    expect(await refusal(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "latin1.txt")).toMatch(/not plain UTF-8/);
    expect(await refusal(concat(ascii("ab"), new Uint8Array([0]), ascii("cd")), "nul.txt")).toMatch(
      /not plain UTF-8/,
    );
  });

  it("refuses text under a name the vault does not treat as text", async () => {
    expect(await refusal(ascii("# notes"), "notes.md")).toMatch(/not a file type the vault takes/);
    expect(await refusal(ascii("just text"), "screenshot.png")).toMatch(
      /named \.png but its contents are not a PNG/,
    );
  });

  it("refuses text the browser calls an image", async () => {
    expect(await refusal(ascii("hello"), "hello.txt", "image/png")).toMatch(/sent as image\/png/);
  });

  it("names the file without the browser's fake path", async () => {
    expect(await refusal(new Uint8Array(), "C:\\fakepath\\shot.png")).toBe(
      '"shot.png" is empty. Choose the file again.',
    );
  });

  it("throws on a nonsensical limit, which no user can set", async () => {
    await expect(check(png(), "a.png", undefined, 0)).rejects.toThrow(RangeError);
  });
});
