// Which character encoding a CSV file is in, and its text. A byte order mark decides (UTF-8,
// UTF-16 LE or BE); without one, a file that is valid UTF-8 is UTF-8, and anything else is
// Windows-1252, which is what Excel on Windows saves as "CSV" (so "Zoë" survives). Only what cannot
// be read at all is refused: a workbook saved under a .csv name, binary data, broken UTF-16.
// The file is read as a stream twice (once to decide, once to parse), never held whole.

export type CsvEncoding = "UTF-8" | "UTF-8 with byte order mark" | "UTF-16 LE" | "UTF-16 BE" | "Windows-1252";

/** Opens the file's bytes from the start; called once per pass. */
export type OpenBytes = () => AsyncIterable<Uint8Array>;

export type DetectedEncoding =
  | {
      ok: true;
      encoding: CsvEncoding;
      /** Lines in the file (the header included): the total a progress bar can count towards. */
      lines: number;
    }
  | { ok: false; line: number; message: string };

const DECODER_LABEL: Record<CsvEncoding, string> = {
  "UTF-8": "utf-8",
  "UTF-8 with byte order mark": "utf-8",
  "UTF-16 LE": "utf-16le",
  "UTF-16 BE": "utf-16be",
  "Windows-1252": "windows-1252",
};

const SAVE_AS_CSV =
  'Open it in Excel and choose File, Save As, "CSV UTF-8 (Comma delimited)", then upload that file.';

/** The encoding named by the first bytes alone (a byte order mark, a UTF-16 pattern), or a refusal. */
function sniff(head: Uint8Array): CsvEncoding | { refuse: string } | null {
  const [a, b, c, d] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return "UTF-8 with byte order mark";
  if (a === 0xff && b === 0xfe) return "UTF-16 LE";
  if (a === 0xfe && b === 0xff) return "UTF-16 BE";
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04)
    return { refuse: `This is an Excel workbook (or another zip file), not a CSV file. ${SAVE_AS_CSV}` };
  if (a === 0xd0 && b === 0xcf && c === 0x11 && d === 0xe0)
    return { refuse: `This is an old-style Excel workbook (.xls), not a CSV file. ${SAVE_AS_CSV}` };
  // UTF-16 saved without a byte order mark: ASCII text leaves every other byte zero.
  let evenZeros = 0;
  let oddZeros = 0;
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (pairs >= 4 && oddZeros > pairs * 0.3 && evenZeros === 0) return "UTF-16 LE";
  if (pairs >= 4 && evenZeros > pairs * 0.3 && oddZeros === 0) return "UTF-16 BE";
  return null;
}

async function firstBytes(open: OpenBytes, count: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of open()) {
    parts.push(chunk);
    have += chunk.length;
    if (have >= count) break;
  }
  return Buffer.concat(parts).subarray(0, count);
}

/** Reads the whole file once with a strict decoder: its line count, or where it stops being readable. */
async function scan(
  open: OpenBytes,
  encoding: CsvEncoding,
): Promise<{ ok: true; lines: number } | { ok: false; line: number; nul: boolean }> {
  const decoder = new TextDecoder(DECODER_LABEL[encoding], { fatal: true });
  let newlines = 0;
  let returns = 0;
  const count = (text: string): number | null => {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines++;
    for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) returns++;
    const nul = text.indexOf("\u0000");
    if (nul === -1) return null;
    let before = 0;
    for (let i = text.indexOf("\n"); i !== -1 && i < nul; i = text.indexOf("\n", i + 1)) before++;
    return before;
  };
  try {
    for await (const chunk of open()) {
      const linesBefore = newlines;
      const text = decoder.decode(chunk, { stream: true });
      const nulAt = count(text);
      if (nulAt !== null) {
        // Count only the newlines before the NUL: the lines counted for this chunk so far include all of it.
        return { ok: false, line: linesBefore + nulAt + 1, nul: true };
      }
    }
    if (count(decoder.decode()) !== null) return { ok: false, line: newlines + 1, nul: true };
  } catch {
    return { ok: false, line: newlines + 1, nul: false };
  }
  // Old Mac files end lines with a carriage return alone.
  const breaks = newlines > 0 ? newlines : returns;
  return { ok: true, lines: breaks + 1 };
}

export async function detectCsvEncoding(open: OpenBytes): Promise<DetectedEncoding> {
  const sniffed = sniff(await firstBytes(open, 4096));
  if (sniffed && typeof sniffed === "object") return { ok: false, line: 1, message: sniffed.refuse };
  for (const encoding of sniffed ? [sniffed] : (["UTF-8", "Windows-1252"] as const)) {
    const scanned = await scan(open, encoding);
    if (scanned.ok) return { ok: true, encoding, lines: scanned.lines };
    if (scanned.nul) {
      return {
        ok: false,
        line: scanned.line,
        message: `This line holds a NUL character (binary data), so the file is not a CSV text file. ${SAVE_AS_CSV}`,
      };
    }
    if (encoding !== "UTF-8") {
      return {
        ok: false,
        line: scanned.line,
        message: `The file starts as ${encoding} but this line cannot be read as ${encoding}: it may be damaged. Export it again from your MIS, or ${SAVE_AS_CSV.charAt(0).toLowerCase()}${SAVE_AS_CSV.slice(1)}`,
      };
    }
  }
  // Unreachable: every byte is a character in Windows-1252.
  return { ok: false, line: 1, message: "The file cannot be read as text." };
}

/**
 * The file's text in pieces, in the given encoding, without its byte order mark and with every
 * line ending made "\n" (csv-parse miscounts lines when a quoted value holds a CRLF).
 */
export async function* decodeCsvText(open: OpenBytes, encoding: CsvEncoding): AsyncGenerator<string> {
  // The decoder drops a byte order mark of its own encoding.
  const decoder = new TextDecoder(DECODER_LABEL[encoding]);
  let pendingReturn = false;
  const normalise = (text: string): string => {
    let t = pendingReturn ? `\r${text}` : text;
    pendingReturn = t.endsWith("\r");
    if (pendingReturn) t = t.slice(0, -1);
    return t.replace(/\r\n?/g, "\n");
  };
  for await (const chunk of open()) {
    const text = normalise(decoder.decode(chunk, { stream: true }));
    if (text) yield text;
  }
  const rest = normalise(decoder.decode()) + (pendingReturn ? "\n" : "");
  if (rest) yield rest;
}

/** Bytes of a string as a file would hold them (UTF-8), for callers that already have text. */
export function openText(text: string): OpenBytes {
  return async function* () {
    const bytes = Buffer.from(text, "utf8");
    for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
  };
}
