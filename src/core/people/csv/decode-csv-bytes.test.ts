// Files as schools save them: Excel on Windows (Windows-1252), "CSV UTF-8" (with a byte order
// mark), "Unicode text" (UTF-16), and things that are not CSV at all.
import { describe, expect, it } from "vitest";
import { decodeCsvText, detectCsvEncoding, type OpenBytes } from "./decode-csv-bytes";

/** The bytes in pieces of `size`, so every boundary case (a split character, a split CRLF) is met. */
function bytes(buffer: Buffer, size = 3): OpenBytes {
  return async function* () {
    for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
  };
}

async function text(open: OpenBytes, encoding: Parameters<typeof decodeCsvText>[1]): Promise<string> {
  let out = "";
  for await (const piece of decodeCsvText(open, encoding)) out += piece;
  return out;
}

const CSV = "UPN,Forename\r\nA1,Zoë\r\nA2,Siân Łukasik\r\n";

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, "utf16le");
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

describe("the encoding of a CSV file", () => {
  it("reads Windows-1252 (Excel's plain CSV) so that Zoë survives", async () => {
    // "Zoë" in Windows-1252 is 5A 6F EB: not valid UTF-8.
    const file = Buffer.from("UPN,Forename\r\nA1,Zo\xeb\r\nA2,Fran\xe7ois \x80\r\n", "latin1");
    const detected = await detectCsvEncoding(bytes(file));
    expect(detected).toEqual({ ok: true, encoding: "Windows-1252", lines: 4 });
    expect(await text(bytes(file), "Windows-1252")).toBe("UPN,Forename\nA1,Zoë\nA2,François €\n");
  });

  it("takes valid UTF-8 as UTF-8, with or without a byte order mark", async () => {
    const plain = Buffer.from(CSV, "utf8");
    expect(await detectCsvEncoding(bytes(plain))).toMatchObject({ ok: true, encoding: "UTF-8" });
    expect(await text(bytes(plain), "UTF-8")).toBe(CSV.replace(/\r\n/g, "\n"));
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(await detectCsvEncoding(bytes(bom))).toMatchObject({
      ok: true,
      encoding: "UTF-8 with byte order mark",
    });
    expect(await text(bytes(bom, 1), "UTF-8 with byte order mark")).toBe(CSV.replace(/\r\n/g, "\n"));
  });

  it("reads UTF-16 LE and BE by their byte order mark", async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, "utf16le")]);
    expect(await detectCsvEncoding(bytes(le))).toMatchObject({ ok: true, encoding: "UTF-16 LE" });
    expect(await text(bytes(le), "UTF-16 LE")).toBe(CSV.replace(/\r\n/g, "\n"));
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(CSV)]);
    expect(await detectCsvEncoding(bytes(be))).toMatchObject({ ok: true, encoding: "UTF-16 BE" });
    expect(await text(bytes(be), "UTF-16 BE")).toBe(CSV.replace(/\r\n/g, "\n"));
  });

  it("recognises UTF-16 saved without a byte order mark", async () => {
    const le = Buffer.from(CSV, "utf16le");
    expect(await detectCsvEncoding(bytes(le))).toMatchObject({ ok: true, encoding: "UTF-16 LE" });
  });

  it("makes every line ending a newline, even a CRLF split across pieces", async () => {
    const file = Buffer.from("a,b\r\nc,d\re,f\r\n", "utf8");
    for (const size of [1, 2, 4, 64]) expect(await text(bytes(file, size), "UTF-8")).toBe("a,b\nc,d\ne,f\n");
  });

  it("refuses only what cannot be read, saying what it is and on which line", async () => {
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
    const workbook = await detectCsvEncoding(bytes(xlsx));
    expect(workbook).toMatchObject({ ok: false, line: 1 });
    expect(workbook.ok || workbook.message).toMatch(/Excel workbook.*CSV UTF-8/);

    const nul = Buffer.from("UPN,Forename\nA1,Zoe\nA2,Bad\u0000Name\n", "utf8");
    const binary = await detectCsvEncoding(bytes(nul));
    expect(binary).toMatchObject({ ok: false, line: 3 });
    expect(binary.ok || binary.message).toMatch(/NUL/);

    // A UTF-16 byte order mark then a lone surrogate: the file is damaged.
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("a,b\n", "utf16le"),
      Buffer.from([0x00, 0xd8, 0x41, 0x00]),
    ]);
    const damaged = await detectCsvEncoding(bytes(broken));
    expect(damaged).toMatchObject({ ok: false, line: 2 });
    expect(damaged.ok || damaged.message).toMatch(/cannot be read as UTF-16 LE/);
  });
});
