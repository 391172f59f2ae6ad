// `conduct` starts from the bundle built at install while it is newer than the sources, and from
// the sources (through tsx) once anything changed, so an edit never runs stale.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function conductVersion(root: string): { out: string; err: string } {
  const run = spawnSync(process.execPath, [path.join(root, "bin/conduct.js"), "--version"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", CONDUCT_SAY_ENTRY: "1" },
    encoding: "utf8",
  });
  return { out: run.stdout, err: run.stderr };
}

it("builds a bundle that runs", { timeout: 60_000 }, async () => {
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build.mjs")], { cwd: ROOT, stdio: "ignore" });
  const pkg = JSON.parse(await fs.readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const fresh = conductVersion(ROOT);
  expect(fresh.out.trim()).toBe(pkg.version);
  // Another test may build at the same moment; a rebuilt bundle is fresh too.
  expect(fresh.err).toContain("entry: dist");
});

// The choice itself, on a copy of the launcher in a folder of its own: other tests build the
// shared dist/ at any moment, so ageing the real bundle would race them.
it("runs the sources when the bundle is older than them", { timeout: 60_000 }, async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-entry-"));
  try {
    await fs.mkdir(path.join(root, "bin"));
    await fs.mkdir(path.join(root, "dist"));
    await fs.mkdir(path.join(root, "drizzle"));
    await fs.mkdir(path.join(root, "src/cli"), { recursive: true });
    await fs.copyFile(path.join(ROOT, "bin/conduct.js"), path.join(root, "bin/conduct.js"));
    await fs.symlink(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
    await fs.writeFile(path.join(root, "package.json"), '{"type":"module"}\n');
    await fs.writeFile(
      path.join(root, "src/cli/main.ts"),
      'const v: string = "from-sources";\nconsole.log(v);\n',
    );
    await fs.writeFile(path.join(root, "dist/conduct.mjs"), 'console.log("from-bundle");\n');

    const fresh = conductVersion(root);
    expect(fresh.err).toContain("entry: dist");
    expect(fresh.out.trim()).toBe("from-bundle");

    await fs.utimes(path.join(root, "dist/conduct.mjs"), new Date(0), new Date(0));
    const stale = conductVersion(root);
    expect(stale.err).toContain("entry: sources");
    expect(stale.out.trim()).toBe("from-sources");
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
