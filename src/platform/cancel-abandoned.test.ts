// A request abandoned by its client has its running statement cancelled, freeing the connection.
import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { cancelIfAbandoned, isAbandonedRequestError, trackRequestClients } from "./cancel-abandoned";
import type { Database } from "./db";
import { createTestDatabase } from "./testing/test-database";

let database: Database & { drop: () => Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

function appWith(route: (db: Database["db"]) => Promise<unknown>) {
  const app = new Hono();
  app.use("*", (c, next) => cancelIfAbandoned(database.pool, c.req.raw.signal, next));
  app.get("/work", async (c) => c.json(await route(database.db)));
  // Drizzle wraps the driver's error: PostgreSQL's code is on its cause.
  app.onError((error, c) => {
    const e = error as { code?: string; cause?: { code?: string } };
    const abandoned = isAbandonedRequestError(error, c.req.raw.signal);
    return c.text(`${String(e.cause?.code ?? e.code ?? error)}${abandoned ? " abandoned" : ""}`, 500);
  });
  return app;
}

const sleepers = async () =>
  (
    await database.pool.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(30)%' and pid <> pg_backend_pid()",
    )
  ).rows[0]!.n;

describe("a request its client abandons", () => {
  it("has its running statement cancelled, in a transaction too", async () => {
    for (const route of [
      (db: Database["db"]) => db.execute(sql.raw("select pg_sleep(30)")),
      (db: Database["db"]) => db.transaction((tx) => tx.execute(sql.raw("select pg_sleep(30)"))),
    ]) {
      const app = appWith(route);
      const client = new AbortController();
      const answer = app.request("/work", { signal: client.signal });
      while ((await sleepers()) === 0) await new Promise((r) => setTimeout(r, 50));
      client.abort();
      const res = await answer;
      expect(await res.text()).toBe("57014 abandoned"); // query_canceled, logged as the client going
      expect(await sleepers()).toBe(0);
    }
  });

  it("never cancels the next request's statement on a connection the abandoned one gave back", async () => {
    // One connection, so the next request would take the very one the abandoned request held.
    const pool = new pg.Pool({ ...database.pool.options, max: 1 });
    trackRequestClients(pool);
    try {
      const client = new AbortController();
      let abandoned = 0;
      await cancelIfAbandoned(pool, client.signal, async () => {
        const connection = await pool.connect();
        abandoned = (await connection.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
        client.abort(); // the cancel is on its way while the statement has already finished
        connection.release();
      });
      const next = await pool.query<{ pid: number }>("select pg_backend_pid() as pid, pg_sleep(0.5)");
      expect(next.rows[0]!.pid).not.toBe(abandoned);
    } finally {
      await pool.end();
    }
  });

  it("leaves a request that finishes alone", async () => {
    const app = appWith((db) => db.execute(sql.raw("select 1 as one")));
    const res = await app.request("/work", { signal: new AbortController().signal });
    expect(res.status).toBe(200);
  });
});

describe("telling an abandoned request's cancel from a real failure", () => {
  it("is only the cancel (57014) of a request whose client has gone", () => {
    const gone = new AbortController();
    gone.abort();
    const waiting = new AbortController().signal;
    const cancelled = Object.assign(new Error("canceling statement"), { code: "57014" });
    expect(isAbandonedRequestError(cancelled, gone.signal)).toBe(true);
    expect(isAbandonedRequestError(new Error("wrapped", { cause: cancelled }), gone.signal)).toBe(true);
    // A statement timeout with the client still waiting is an error worth reporting.
    expect(isAbandonedRequestError(cancelled, waiting)).toBe(false);
    expect(isAbandonedRequestError(Object.assign(new Error("x"), { code: "23505" }), gone.signal)).toBe(
      false,
    );
    expect(isAbandonedRequestError(null, gone.signal)).toBe(false);
  });
});
