// `conduct` starts from the bundle built at install while it is newer than the sources, and from
// the sources (through tsx) once anything changed, so an edit never runs stale.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUNDLE = path.join(ROOT, "dist/conduct.mjs");

function conductVersion(): { out: string; err: string } {
  const run = spawnSync(process.execPath, [path.join(ROOT, "bin/conduct.js"), "--version"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", CONDUCT_SAY_ENTRY: "1" },
    encoding: "utf8",
  });
  return { out: run.stdout, err: run.stderr };
}

function build(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "ignore" });
}

it("runs the fresh bundle, and the sources when the bundle is older than them", {
  timeout: 60_000,
}, async () => {
  build();
  const pkg = JSON.parse(await fs.readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const fresh = conductVersion();
  expect(fresh.out.trim()).toBe(pkg.version);
  expect(fresh.err).toContain("entry: dist");
  // A bundle older than the sources (one was edited since the build) is not used.
  await fs.utimes(BUNDLE, new Date(0), new Date(0));
  const stale = conductVersion();
  expect(stale.out.trim()).toBe(pkg.version);
  expect(stale.err).toContain("entry: sources");
  build();
});
