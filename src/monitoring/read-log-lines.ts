// Feeds a scanner from a stream of Buffers (a file, a gunzip stream or stdin), never holding more
// than one chunk and one partial line; a line longer than MAX_LINE_BYTES is counted as malformed.
import { readSync } from "node:fs";
import { type LogScanner, MAX_LINE_BYTES } from "./scan-log";

export class LineFeeder {
  private carry: Buffer | null = null;
  private skipping = false;

  constructor(private readonly scanner: LogScanner) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.skipping) {
      const nl = data.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      data = data.subarray(nl + 1);
    }
    if (this.carry) data = Buffer.concat([this.carry, data]);
    const rest = this.scanner.scan(data, 0, data.length, false);
    const left = data.length - rest;
    if (left > MAX_LINE_BYTES) {
      this.scanner.overlong();
      this.skipping = true;
      this.carry = null;
    } else {
      this.carry = left > 0 ? Buffer.from(data.subarray(rest)) : null;
    }
  }

  end(): void {
    if (this.carry && !this.skipping) this.scanner.scan(this.carry, 0, this.carry.length, true);
    this.carry = null;
  }
}

const CHUNK = 4 << 20;

/**
 * Scans bytes [start, end) of an open plain file (from the first line starting in the range to the
 * last), reading into one buffer: a partial last line is moved to its front and the next read lands
 * after it, so no chunk is copied. Yields the bytes read after each chunk, so a caller can report
 * progress or give way to other work between chunks.
 */
export function* scanFileRange(
  scanner: LogScanner,
  fd: number,
  start: number,
  end: number,
): Generator<number, void, void> {
  // Sized to the range: a small file gets a small buffer, a large one a chunk and the longest line.
  const buf = Buffer.allocUnsafe(Math.max(0, Math.min(CHUNK, end - start)) + MAX_LINE_BYTES + 1);
  let carry = 0;
  let skipping = false;
  let position = start;
  while (position < end) {
    const read = readSync(fd, buf, carry, Math.min(CHUNK, end - position), position);
    if (read === 0) break;
    position += read;
    let from = 0;
    const filled = carry + read;
    if (skipping) {
      const nl = buf.indexOf(10, carry);
      if (nl < 0 || nl >= filled) {
        carry = 0;
        yield read;
        continue;
      }
      skipping = false;
      from = nl + 1;
    }
    const rest = scanner.scan(buf, from, filled, position >= end);
    carry = filled - rest;
    if (carry > MAX_LINE_BYTES) {
      scanner.overlong();
      skipping = true;
      carry = 0;
    } else if (carry > 0) buf.copyWithin(0, rest, filled);
    yield read;
  }
}
