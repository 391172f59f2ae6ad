// The worker thread that reads and parses one policy file (see parse-policy-in-worker.ts). Plain
// JavaScript, so it starts the same from the sources and from the build: it loads the TypeScript
// modules through tsx.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { policyTextFromBuffer } = await import("./read-policy-file.ts");
const { parsePolicy } = await import("./parse-policy.ts");
const { bytes, fileName } = workerData;
const read = await policyTextFromBuffer({ buffer: bytes, fileName });
const parsed = read.ok ? parsePolicy({ text: read.text, fileName }) : null;
parentPort.postMessage({ read, parsed });
