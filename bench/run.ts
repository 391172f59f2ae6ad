// Runs every bench/*.bench.ts in turn, each under its own heading; `--only NAME` runs just those named.
// Each bench file exports `default async function run()` and prints its own figures and baseline.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = ".bench.ts";

const USAGE = `Usage: tsx bench/run.ts [--only NAME[,NAME...]] [--list]

Runs every bench/*${SUFFIX} one after another and prints each one's figures.

Options:
  --only NAME  run only the benches with this name (the file name without ${SUFFIX});
               repeat it or separate names with commas
  --list       print the bench names and exit
  --help       show this help`;

function parseArgs(argv: string[]): { only: string[]; list: boolean } {
  const only: string[] = [];
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === "--list") {
      list = true;
    } else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (!value) usageError("--only needs a bench name");
      only.push(...value.split(",").filter(Boolean));
    } else {
      usageError(`unknown argument ${arg}`);
    }
  }
  return { only, list };
}

function usageError(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function benchNames(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

async function main() {
  const { only, list } = parseArgs(process.argv.slice(2));
  const all = benchNames();
  if (list) {
    for (const name of all) console.log(name);
    return;
  }
  const unknown = only.filter((n) => !all.includes(n));
  if (unknown.length) usageError(`no bench named ${unknown.join(", ")} (there are: ${all.join(", ")})`);
  const chosen = only.length ? all.filter((n) => only.includes(n)) : all;
  const failed: string[] = [];
  for (const name of chosen) {
    console.log(`\n=== ${name} ${"=".repeat(Math.max(3, 72 - name.length))}`);
    const started = performance.now();
    try {
      const mod = (await import(pathToFileURL(path.join(here, `${name}${SUFFIX}`)).href)) as {
        default?: unknown;
      };
      if (typeof mod.default !== "function") {
        throw new Error(`bench/${name}${SUFFIX} has no default export function run()`);
      }
      await (mod.default as () => Promise<void>)();
      console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed.push(name);
      console.error(`bench ${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (failed.length) {
    console.error(`\n${failed.length} of ${chosen.length} benches failed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

await main();
// A bench that leaves a pool or timer behind must not keep the run from ending.
process.exit(process.exitCode ?? 0);
