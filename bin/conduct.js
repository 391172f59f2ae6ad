#!/usr/bin/env node
// Runs the compiled CLI (dist/, built at install by `npm run build`) when it is newer than every
// source file; otherwise the TypeScript sources through tsx, so a change never runs stale.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist/conduct.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (process.env.CONDUCT_FROM_SOURCE === "1") return false;
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  const sources = Math.max(
    newestSource(path.join(root, "src")),
    newestSource(path.join(root, "drizzle")),
    statSync(path.join(root, "package.json")).mtimeMs,
  );
  return built >= sources;
}

process.env.CONDUCT_CLI = "1";
const fresh = bundleIsFresh();
if (process.env.CONDUCT_SAY_ENTRY === "1") process.stderr.write(`entry: ${fresh ? "dist" : "sources"}\n`);
// `monitor analyse` and `monitor ingest` start from a small bundle of their own, in a fraction of
// the time and memory of the whole CLI.
const monitorOnly = process.argv[2] === "monitor" && ["analyse", "ingest"].includes(process.argv[3]);
const monitorBundle = path.join(root, "dist/monitor-main.mjs");
if (
  fresh &&
  monitorOnly &&
  statSync(monitorBundle, { throwIfNoEntry: false })?.mtimeMs >= statSync(bundle).mtimeMs
) {
  await import(monitorBundle);
} else if (fresh) {
  await import(bundle);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  // From the sources too, monitor analyse and ingest load only their own entry, not every capability
  // (a 15-line log took 7 s and 250 MB through the whole CLI).
  await import(monitorOnly ? "../src/monitoring/monitor-main.ts" : "../src/cli/main.ts");
}
