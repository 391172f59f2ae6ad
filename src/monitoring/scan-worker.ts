// A worker thread that scans one byte range of a log file (from the first line starting in it to
// the last) and sends back its distinct keys, transferring the arrays rather than copying them.
import { closeSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { scanFileRange } from "./read-log-lines";
import { LogScanner, type ScanSetup } from "./scan-log";

interface WorkerJob {
  setup: ScanSetup;
  path: string;
  start: number;
  end: number;
}

const job = workerData as WorkerJob;
const scanner = new LogScanner(job.setup);
const fd = openSync(job.path, "r");
try {
  let sinceReport = 0;
  for (const read of scanFileRange(scanner, fd, job.start, job.end)) {
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
