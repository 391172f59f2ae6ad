// A request whose client has gone (a closed tab, a timed-out proxy) should not keep its queries
// running and its pool connections busy while others wait. Each request's checked-out clients are
// noted; when its signal aborts, their statements are cancelled (pg_cancel_backend, which a login
// may use on its own sessions) over a connection of its own, since the pool may be the thing that
// is full. Statement timeouts (db.ts) bound what is left.
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

type RequestWork = { clients: Set<pg.PoolClient> };

const current = new AsyncLocalStorage<RequestWork>();
const owners = new WeakMap<pg.PoolClient, RequestWork>();
const tracked = new WeakSet<pg.Pool>();

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: () => void) => void;

/** Notes which request each client is checked out for (pool.query checks out through connect too). */
export function trackRequestClients(pool: pg.Pool): void {
  if (tracked.has(pool)) return;
  tracked.add(pool);
  const connect = pool.connect.bind(pool) as (
    callback?: ConnectCallback,
  ) => Promise<pg.PoolClient> | undefined;
  const note = (work: RequestWork, client: pg.PoolClient | undefined) => {
    if (!client) return;
    work.clients.add(client);
    owners.set(client, work);
  };
  (pool as { connect: unknown }).connect = (callback?: ConnectCallback) => {
    const work = current.getStore();
    if (!work) return connect(callback);
    if (callback)
      return connect((err, client, done) => {
        if (!err) note(work, client);
        callback(err, client, done);
      });
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      note(work, client);
      return client;
    });
  };
  pool.on("release", (_err: Error | undefined, client: pg.PoolClient) => {
    owners.get(client)?.clients.delete(client);
    owners.delete(client);
  });
}

/** Runs a request's work; if `signal` aborts first, cancels whatever statements it has running. */
export async function cancelIfAbandoned<T>(
  pool: pg.Pool,
  signal: AbortSignal,
  work: () => Promise<T>,
): Promise<T> {
  const mine: RequestWork = { clients: new Set() };
  const onAbort = () => void cancelStatements(pool, mine).catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await current.run(mine, work);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Whether an error is only the cancel of a request whose client went away: worth one info line, not
 * an error report (a statement timeout, 57014 too, with the client still waiting, is an error).
 */
export function isAbandonedRequestError(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === "57014" || e?.cause?.code === "57014";
}

/** The number of statements cancelled. */
export async function cancelStatements(pool: pg.Pool, work: RequestWork): Promise<number> {
  // pg_cancel_backend cancels whatever the backend runs when it arrives. Should the statement end
  // first, its connection would go back to the pool and the next request's statement be cancelled
  // in its place: so these connections are closed on release, never handed on.
  for (const client of work.clients) {
    const release = client.release;
    client.release = (err?: Error | boolean) => release.call(client, err ?? true);
  }
  const pids = [...work.clients]
    .map((client) => (client as pg.PoolClient & { processID?: number }).processID)
    .filter((pid): pid is number => typeof pid === "number");
  if (pids.length === 0) return 0;
  const canceller = new pg.Client(pool.options);
  await canceller.connect();
  try {
    const result = await canceller.query<{ cancelled: boolean }>(
      "select pg_cancel_backend(pid) as cancelled from unnest($1::int[]) as pid",
      [pids],
    );
    return result.rows.filter((r) => r.cancelled).length;
  } finally {
    await canceller.end();
  }
}
