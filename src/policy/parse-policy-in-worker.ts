// Reads and parses a policy file in a worker thread with a memory limit and a time limit, so a
// hostile or broken document (a .docx whose XML expands to gigabytes, a 20 MB text) fails alone
// with a clear message, and the server's event loop keeps serving everyone else meanwhile.
import { Worker } from "node:worker_threads";
import type { ParsePolicyResult, PolicyFileError } from "./parsed-policy";
import type { PolicyText } from "./read-policy-file";

export const WORKER_MEMORY_MB = 512;
export const WORKER_SECONDS = 120;

export type ReadAndParsed =
  | { ok: true; read: Extract<PolicyText, { ok: true }>; parsed: ParsePolicyResult }
  | { ok: false; error: PolicyFileError };

export function parsePolicyInWorker(options: {
  bytes: Uint8Array;
  fileName: string;
  memoryMb?: number;
}): Promise<ReadAndParsed> {
  const { fileName } = options;
  const fail = (message: string): ReadAndParsed => ({
    ok: false,
    error: { file: fileName, line: null, message },
  });
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./policy-worker.mjs", import.meta.url), {
      workerData: { bytes: options.bytes, fileName },
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb ?? WORKER_MEMORY_MB },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const settle = (result: ReadAndParsed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        settle(fail(`reading this file took longer than ${WORKER_SECONDS} seconds; is it really a policy?`)),
      WORKER_SECONDS * 1000,
    );
    worker.once("message", (message: { read: PolicyText; parsed: ParsePolicyResult | null }) => {
      if (!message.read.ok) return settle({ ok: false, error: message.read.error });
      settle({ ok: true, read: message.read, parsed: message.parsed! });
    });
    worker.once("error", (error: Error & { code?: string }) => {
      settle(
        fail(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? `this file needs more than ${options.memoryMb ?? WORKER_MEMORY_MB} MB of memory to read, far more than a policy; it was refused`
            : `could not be read (${error.message})`,
        ),
      );
    });
    worker.once("exit", (code) => settle(fail(`could not be read (the reader stopped with code ${code})`)));
  });
}
