// Feeds a scanner from a stream of Buffers (a file, a gunzip stream or stdin), never holding more
// than one chunk and one partial line; a line longer than MAX_LINE_BYTES is counted as malformed.
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
