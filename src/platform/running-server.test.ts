// The server as an operator runs it, beside CLI commands on the same data folder: a command uses
// the live server's database and never stops it, a second server refuses, a lost database ends
// the server, SIGTERM stops it, and a start that cannot work says why and exits non-zero.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/conduct.js");
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) {
    await killPostmaster(path.join(dir, "data"));
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-running-"));
  await fs.chmod(dir, 0o755);
  dirs.push(dir);
  return dir;
}

function env(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    CONDUCT_DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "info",
  };
}

type Run = { code: number; stdout: string; stderr: string };
function conduct(args: string[], e: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: e, timeout: 90_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

type Server = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };
async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [BIN, "start"], { cwd: ROOT, env: env(dataDir) });
  children.push(child);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    const look = () => {
      const m = /Conduct is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on("data", look);
    void exited.then(() => reject(new Error(`server exited:\n${out}`)));
  });
  return { child, url, output: () => out, exited };
}

async function postmasterPid(dataDir: string): Promise<number | null> {
  try {
    return Number.parseInt(
      (await fs.readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]!,
      10,
    );
  } catch {
    return null;
  }
}

async function killPostmaster(dataDir: string): Promise<void> {
  const pid = await postmasterPid(dataDir);
  if (pid)
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(what)), ms))]);
}

describe("a running server and commands beside it", () => {
  it("lets a command use the live database, refuses a second server, and exits when the database goes", {
    timeout: 240_000,
  }, async () => {
    const dataDir = path.join(await tempDir(), "data");
    const server = await startServer(dataDir);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const postmaster = await postmasterPid(dataDir);

    const status = await conduct(["status", "--json"], env(dataDir));
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ database: "embedded-postgres" });
    expect(status.stderr).toContain(`of the Conduct server running as process ${server.child.pid}`);
    expect(status.stderr).not.toContain("shutting it down");
    // The server's database is the same process, still serving.
    expect(await postmasterPid(dataDir)).toBe(postmaster);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/sign-in`)).status).toBeLessThan(500);

    const second = await conduct(["start"], env(dataDir));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Conduct is already running on ${dataDir} (process ${server.child.pid}`);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // The database dies under the server: it exits non-zero, so a supervisor restarts it.
    process.kill(postmaster!, "SIGKILL");
    const code = await within(server.exited, 60_000, "the server did not exit after losing its database");
    expect(code).toBe(1);
    expect(server.output()).toContain("the database has gone away");
    // One line per error: no pg client objects in the log.
    for (const line of server.output().split("\n")) expect(line.length).toBeLessThan(3_000);
    expect(server.output()).not.toContain("connectionParameters");
  });

  it("stops on SIGTERM, logging short lines, and a later start works", {
    timeout: 240_000,
  }, async () => {
    const dataDir = path.join(await tempDir(), "data");
    const server = await startServer(dataDir);
    server.child.kill("SIGTERM");
    // Generous: the shutdown itself gives up after 15 s, but a loaded machine is slow to get there.
    expect(await within(server.exited, 60_000, `SIGTERM did not stop the server:\n${server.output()}`)).toBe(
      0,
    );
    for (const line of server.output().split("\n")) expect(line.length).toBeLessThan(3_000);
    expect(server.output()).not.toContain("connectionParameters");
    expect(await postmasterPid(dataDir)).toBeNull();
    const again = await startServer(dataDir);
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    again.child.kill("SIGTERM");
    expect(await within(again.exited, 60_000, `SIGTERM did not stop the server:\n${again.output()}`)).toBe(0);
  });

  it.runIf(process.getuid?.() === 0)(
    "explains a data folder the postgres user cannot enter, and exits non-zero",
    { timeout: 60_000 },
    async () => {
      const closed = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-closed-")); // 0700, as mktemp -d makes
      dirs.push(closed);
      const run = await conduct(["start"], env(closed));
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot enter ${closed}`);
      expect(run.stderr).toContain("CONDUCT_DATA_DIR");
      expect(run.stderr).not.toContain("Permission denied");
    },
  );

  it("says which database a command opened, and that it is new", { timeout: 120_000 }, async () => {
    const base = await tempDir();
    const e = env(path.join(base, "data"));
    delete e.CONDUCT_DATA_DIR;
    const run = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [BIN, "status"],
        { cwd: base, env: e, timeout: 90_000 },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Created a new, empty database in ${path.join(base, "data")}`);
    expect(run.stderr).toContain("CONDUCT_DATA_DIR is not set");
  });
});
