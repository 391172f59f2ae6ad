// A worker thread that scans one byte range of a log file (from the first line starting in it to
// the last) and sends back its distinct keys, transferring the arrays rather than copying them.
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { LineFeeder } from "./read-log-lines";
import { LogScanner, type ScanSetup } from "./scan-log";

interface WorkerJob {
  setup: ScanSetup;
  path: string;
  start: number;
  end: number;
}

const job = workerData as WorkerJob;
const CHUNK = 4 << 20;
const scanner = new LogScanner(job.setup);
const feeder = new LineFeeder(scanner);
const fd = openSync(job.path, "r");
try {
  const buf = Buffer.allocUnsafe(CHUNK);
  let position = job.start;
  let sinceReport = 0;
  while (position < job.end) {
    const read = readSync(fd, buf, 0, Math.min(CHUNK, job.end - position), position);
    if (read === 0) break;
    position += read;
    // The feeder copies only a partial last line, so the buffer can be reused at once.
    feeder.push(buf.subarray(0, read));
    sinceReport += read;
    if (sinceReport >= 32 << 20) {
      parentPort!.postMessage({ progress: sinceReport });
      sinceReport = 0;
    }
  }
  feeder.end();
  parentPort!.postMessage({ progress: sinceReport });
} finally {
  closeSync(fd);
}
const result = scanner.result();
parentPort!.postMessage({ result }, [
  result.keys.buffer as ArrayBuffer,
  result.unattributedKeys.buffer as ArrayBuffer,
]);
