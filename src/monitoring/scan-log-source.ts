// Reads a log from a file or stdin, gunzipping when the bytes start with gzip's magic number. A
// plain file is read in place by ranges; a large one is split at line boundaries, this thread
// scanning the first part and a worker thread each of the rest (one thread per core by default). A
// stream (gzip, stdin, a pipe) is scanned in this thread while zlib inflates on libuv's pool.
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { createGunzip } from "node:zlib";
import { LineFeeder, scanFileRange } from "./read-log-lines";
import {
  LogScanner,
  MINUTE_SPACE,
  type MalformedLine,
  MAX_EXAMPLES,
  type ScanResult,
  type ScanSetup,
} from "./scan-log";

export interface ScanLogSourceOptions {
  /** A file path, or "-" for `stdin`. */
  source: string;
  setup: ScanSetup;
  stdin?: Readable;
  /** Worker threads for a plain file; default one per core (at most 8). 1 scans in this thread. */
  threads?: number;
  /** Below this many bytes per thread a file is scanned in this thread (workers take ~100 ms to start). */
  minBytesPerThread?: number;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

export interface ScannedLog {
  lines: number;
  malformedLines: number;
  /** The first few malformed lines, with their line numbers in the file. */
  malformed: MalformedLine[];
  attributedRequests: number;
  unattributedRequests: number;
  /** Distinct (person, platform, minute) keys, one array per thread. */
  keys: Float64Array[];
  unattributedMinutes: number;
  bytes: number;
  threads: number;
  /** The log's first few KB as text (after gunzip), to say which format it looks like when most lines are malformed. */
  head: string;
}

const HEAD_BYTES = 4096;

export class LogSourceError extends Error {}

export async function scanLogSource(options: ScanLogSourceOptions): Promise<ScannedLog> {
  if (options.source === "-") {
    return scanStream(options, options.stdin ?? process.stdin, undefined);
  }
  let fd: number;
  try {
    fd = openSync(options.source, "r");
  } catch (error) {
    throw new LogSourceError(
      `${options.source}: cannot read the file (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  let size: number;
  let regular: boolean;
  const start = Buffer.alloc(HEAD_BYTES);
  let startBytes = 0;
  try {
    const stat = fstatSync(fd);
    size = stat.size;
    regular = stat.isFile();
    if (regular) startBytes = readSync(fd, start, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const gzip = startBytes >= 2 && start[0] === 0x1f && start[1] === 0x8b;
  // A pipe or a gzipped file is read as a stream; a plain file by ranges, in place.
  if (gzip || !regular) {
    return scanStream(options, createReadStream(options.source, { highWaterMark: 1 << 20 }), size);
  }
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(availableParallelism(), 8), 64));
  const minBytes = options.minBytesPerThread ?? 16 << 20;
  const split = await scanSplit(options, size, threads > 1 && size >= minBytes * 2 ? threads : 1);
  // A W3C file whose #Fields changes part way through cannot be split blind: read it in order.
  const log = split.headerChanged ? (await scanSplit(options, size, 1)).log : split.log;
  return { ...log, head: start.toString("utf8", 0, startBytes) };
}

async function scanStream(
  options: ScanLogSourceOptions,
  input: Readable,
  size: number | undefined,
): Promise<ScannedLog> {
  const scanner = new LogScanner(options.setup);
  const feeder = new LineFeeder(scanner);
  let bytes = 0;
  let first = true;
  let stream: AsyncIterable<Buffer> = input;
  // Peek at the first chunk for gzip's magic number, then read the rest through gunzip if so.
  const iterator = input[Symbol.asyncIterator]();
  const head = await iterator.next();
  if (!head.done) {
    const chunk = Buffer.from(head.value as Buffer);
    if (chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
      const gunzip = createGunzip();
      (async () => {
        try {
          gunzip.write(chunk);
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            bytes += (next.value as Buffer).length;
            if (!gunzip.write(next.value)) await new Promise((r) => gunzip.once("drain", r));
            options.onProgress?.(bytes, size);
          }
          gunzip.end();
        } catch (error) {
          gunzip.destroy(error as Error);
        }
      })();
      bytes = chunk.length;
      stream = gunzip;
      first = false;
    } else {
      stream = (async function* () {
        yield chunk;
        for (let next = await iterator.next(); !next.done; next = await iterator.next())
          yield next.value as Buffer;
      })();
    }
  }
  let text = "";
  try {
    for await (const chunk of stream) {
      if (text.length < HEAD_BYTES) text += (chunk as Buffer).toString("utf8", 0, HEAD_BYTES - text.length);
      feeder.push(chunk as Buffer);
      if (first) {
        bytes += (chunk as Buffer).length;
        options.onProgress?.(bytes, size);
      }
    }
  } catch (error) {
    throw new LogSourceError(
      `${options.source === "-" ? "stdin" : options.source}: ${(error as Error).message}`,
    );
  }
  feeder.end();
  return { ...merge([scanner.result()], bytes, 1).log, head: text };
}

/** How a scanner thread is started: the compiled worker, code compiled now, or (failing both) the sources through tsx. */
type WorkerStart = { file: string } | { code: string } | { tsxScript: string };

const workerSource = fileURLToPath(new URL("./scan-worker.ts", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
/** Written by scripts/build.mjs with the list of its inputs, so a stale copy is never run. */
const builtWorker = path.join(projectRoot, "dist/scan-worker.cjs");
const builtWorkerInputs = path.join(projectRoot, "dist/scan-worker.inputs.json");
let workerStartPromise: Promise<WorkerStart> | undefined;

function builtWorkerIsFresh(): boolean {
  try {
    const built = statSync(builtWorker).mtimeMs;
    const inputs = JSON.parse(readFileSync(builtWorkerInputs, "utf8")) as string[];
    return inputs.length > 0 && inputs.every((f) => statSync(path.join(projectRoot, f)).mtimeMs <= built);
  } catch {
    return false;
  }
}

/**
 * The worker's code, compiled once: a worker started through tsx spends a second or more loading
 * the TypeScript loader and transpiling, and runs slower meanwhile.
 */
function workerStart(): Promise<WorkerStart> {
  workerStartPromise ??= (async (): Promise<WorkerStart> => {
    if (builtWorkerIsFresh()) return { file: builtWorker };
    try {
      const esbuild = await import("esbuild");
      const result = await esbuild.build({
        entryPoints: [workerSource],
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        target: "node20",
        logLevel: "silent",
      });
      return { code: result.outputFiles[0]!.text };
    } catch {
      return { tsxScript: tsxWorkerScript() };
    }
  })();
  return workerStartPromise;
}

function startWorker(start: WorkerStart, workerData: unknown): Worker {
  if ("file" in start) return new Worker(start.file, { workerData });
  if ("code" in start) return new Worker(start.code, { eval: true, workerData });
  return new Worker(start.tsxScript, { eval: true, workerData });
}

function tsxWorkerScript(): string {
  const require = createRequire(import.meta.url);
  const tsxDir = path.dirname(require.resolve("tsx/package.json"));
  const pkg = JSON.parse(readFileSync(path.join(tsxDir, "package.json"), "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const api = pathToFileURL(path.join(tsxDir, pkg.exports["./esm/api"]!.import.default)).href;
  const target = pathToFileURL(workerSource).href;
  // Workers do not inherit the TypeScript loader, so each registers tsx before loading the scanner.
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
}

function lineStartAtOrAfter(fd: number, offset: number, size: number): number {
  // The first line that starts at or after `offset`: the byte before it is a newline.
  const buf = Buffer.allocUnsafe(1 << 16);
  let position = offset - 1;
  while (position < size) {
    const read = readSync(fd, buf, 0, buf.length, position);
    if (read === 0) break;
    const nl = buf.subarray(0, read).indexOf(10);
    if (nl >= 0) return position + nl + 1;
    position += read;
  }
  return size;
}

function headerOf(fd: number, setup: ScanSetup): string | undefined {
  if (setup.format === "squid") return undefined;
  const buf = Buffer.allocUnsafe(1 << 16);
  const read = readSync(fd, buf, 0, buf.length, 0);
  const lines = buf.subarray(0, read).toString("utf8").split(/\r?\n/);
  if (setup.format === "w3c") return lines.find((l) => /^#Fields:/i.test(l));
  const first = lines.find((l) => l.trim() !== "");
  return first?.replace(/^\ufeff/, "");
}

/**
 * Splits the file at line boundaries into `threads` ranges: this thread scans the first (giving way
 * between chunks, so the workers' messages and the progress bar are seen), a worker each of the rest.
 */
async function scanSplit(
  options: ScanLogSourceOptions,
  size: number,
  threads: number,
): Promise<{ log: Omit<ScannedLog, "head">; headerChanged: boolean }> {
  const fd = openSync(options.source, "r");
  let bounds: number[];
  let header: string | undefined;
  try {
    bounds = [0];
    for (let k = 1; k < threads; k++)
      bounds.push(lineStartAtOrAfter(fd, Math.floor((size * k) / threads), size));
    bounds.push(size);
    header = threads > 1 ? headerOf(fd, options.setup) : undefined;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  let done = 0;
  const progress = (bytes: number) => {
    done += bytes;
    options.onProgress?.(done, size);
  };
  const start = threads > 1 ? await workerStart() : undefined;
  const workers = bounds.slice(1, -1).map(
    (from, j) =>
      new Promise<ScanResult>((resolve, reject) => {
        const worker = startWorker(start!, {
          setup: { ...options.setup, header },
          path: options.source,
          start: from,
          end: bounds[j + 2]!,
        });
        worker.on("message", (message: { progress?: number; result?: ScanResult }) => {
          if (message.progress) progress(message.progress);
          if (message.result) resolve(message.result);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0) reject(new Error(`log scanner thread stopped with code ${code}`));
        });
      }),
  );
  // Workers that fail while this thread scans are reported after it, not as unhandled rejections.
  for (const w of workers) w.catch(() => {});
  let first: ScanResult;
  try {
    const scanner = new LogScanner(options.setup);
    let sinceYield = 0;
    for (const read of scanFileRange(scanner, fd, 0, bounds[1]!)) {
      progress(read);
      sinceYield += read;
      if (threads > 1 && sinceYield >= 16 << 20) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    first = scanner.result();
  } finally {
    closeSync(fd);
  }
  const results = [first, ...(await Promise.all(workers))];
  return { ...merge(results, size, threads), headerChanged: results.some((r) => r.headerChanged) };
}

function merge(
  results: ScanResult[],
  bytes: number,
  threads: number,
): { log: Omit<ScannedLog, "head"> & { head?: string } } {
  const malformed: MalformedLine[] = [];
  let offset = 0;
  const clients = new Map<string, number>();
  const unattributed = new Set<number>();
  for (const r of results) {
    for (const m of r.examples) {
      if (malformed.length < MAX_EXAMPLES) malformed.push({ line: m.line + offset, reason: m.reason });
    }
    offset += r.physicalLines;
    for (const key of r.unattributedKeys) {
      const minute = key % MINUTE_SPACE;
      const name = r.clients[(key - minute) / MINUTE_SPACE]!;
      let id = clients.get(name);
      if (id === undefined) {
        id = clients.size;
        clients.set(name, id);
      }
      unattributed.add(id * MINUTE_SPACE + minute);
    }
  }
  const sum = (f: (r: ScanResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return {
    log: {
      lines: sum((r) => r.lines),
      malformedLines: sum((r) => r.malformed),
      malformed,
      attributedRequests: sum((r) => r.attributedRequests),
      unattributedRequests: sum((r) => r.unattributedRequests),
      keys: results.map((r) => r.keys),
      unattributedMinutes: unattributed.size,
      bytes,
      threads,
    },
  };
}
