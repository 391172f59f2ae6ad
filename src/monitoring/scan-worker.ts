// A worker thread that scans one byte range of a log file (from the first line starting in it to
// the last) and sends back its distinct keys, transferring the arrays rather than copying them.
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { LogScanner, MAX_LINE_BYTES, type ScanSetup } from "./scan-log";

interface WorkerJob {
  setup: ScanSetup;
  path: string;
  start: number;
  end: number;
}

const job = workerData as WorkerJob;
const CHUNK = 4 << 20;
const scanner = new LogScanner(job.setup);
const fd = openSync(job.path, "r");
try {
  // A partial last line is moved to the front and the next read lands after it, so no chunk is copied.
  const buf = Buffer.allocUnsafe(CHUNK + MAX_LINE_BYTES + 1);
  let carry = 0;
  let skipping = false;
  let position = job.start;
  let sinceReport = 0;
  while (position < job.end) {
    const read = readSync(fd, buf, carry, Math.min(CHUNK, job.end - position), position);
    if (read === 0) break;
    position += read;
    let from = 0;
    const filled = carry + read;
    if (skipping) {
      const nl = buf.indexOf(10, carry);
      if (nl < 0 || nl >= filled) {
        carry = 0;
        continue;
      }
      skipping = false;
      from = nl + 1;
    }
    const rest = scanner.scan(buf, from, filled, position >= job.end);
    carry = filled - rest;
    if (carry > MAX_LINE_BYTES) {
      scanner.overlong();
      skipping = true;
      carry = 0;
    } else if (carry > 0) buf.copyWithin(0, rest, filled);
    sinceReport += read;
    if (sinceReport >= 32 << 20) {
      parentPort!.postMessage({ progress: sinceReport });
      sinceReport = 0;
    }
  }
  parentPort!.postMessage({ progress: sinceReport });
} finally {
  closeSync(fd);
}
const result = scanner.result();
parentPort!.postMessage({ result }, [
  result.keys.buffer as ArrayBuffer,
  result.unattributedKeys.buffer as ArrayBuffer,
]);
