// Answers kept while the data under them has not changed: each pool counts the changes sent through
// it (a write statement sent, and again when the client that sent it goes back to the pool, after
// its commit), and a kept answer is used only while that count is what it was when the answer was
// first asked for, and for at most `keepMs` (which bounds what another instance or a direct
// database edit changes unseen). Writes that change nothing a kept answer shows (the audit trail's
// rows, a session's last-seen touch) do not count, or every audited view would forget them all.
import type pg from "pg";

type Counter = { n: number };
const counters = new WeakMap<pg.Pool, Counter>();
const dirty = new WeakSet<pg.PoolClient>();

const READ =
  /^\s*(select|show|begin|start|savepoint|release|rollback|set|listen|unlisten|commit|end|fetch|close|declare|explain)\b/i;
const UNCOUNTED =
  /^\s*(insert\s+into\s+"?audit_events"?|update\s+"?sessions"?\s+set\s+"?last_seen_at"?\s*=\s*\$1\s+where)/i;
const WRITE_IN_WITH = /\b(insert|update|delete|merge)\b/i;

function isChange(text: string): boolean {
  if (/^\s*with\b/i.test(text))
    return WRITE_IN_WITH.test(text) && !/^\s*with\b[\s\S]*\bfor\s+update\b/i.test(text);
  if (/^\s*select\b[\s\S]*\bfor\s+(no\s+key\s+)?update\b/i.test(text)) return false;
  return !READ.test(text) && !UNCOUNTED.test(text);
}

function statementText(query: unknown): string {
  if (typeof query === "string") return query;
  if (query && typeof query === "object" && "text" in query) return String((query as { text: unknown }).text);
  return "";
}

/** Counts the changes sent through this pool's clients (db.ts calls it for every pool). */
export function countChanges(pool: pg.Pool): void {
  if (counters.has(pool)) return;
  const counter: Counter = { n: 0 };
  counters.set(pool, counter);
  pool.on("connect", (client: pg.PoolClient) => {
    // The prototype's query, looked up at each call (so a test that counts statements sees these).
    const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
    (client as { query: unknown }).query = (...args: unknown[]) => {
      if (isChange(statementText(args[0]))) {
        counter.n++;
        dirty.add(client);
      }
      return proto.query.apply(client, args);
    };
  });
  pool.on("release", (_err: Error | undefined, client: pg.PoolClient) => {
    if (dirty.delete(client)) counter.n++;
  });
}

/** The number of changes sent through the pool so far. */
export function changesThrough(pool: pg.Pool): number {
  return counters.get(pool)?.n ?? 0;
}

type Held<T> = { at: number; changes: number; value: Promise<T> };

/** A store of answers by key for one kind of answer; `keepMs` 0 keeps nothing. */
export function keptWhileUnchanged<T>(options: { keepMs: number; maxEntries?: number }) {
  const stores = new WeakMap<pg.Pool, Map<string, Held<T>>>();
  const max = options.maxEntries ?? 5_000;
  return {
    get(pool: pg.Pool, key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
      const changes = changesThrough(pool);
      let store = stores.get(pool);
      if (!store) {
        store = new Map();
        stores.set(pool, store);
      }
      const held = store.get(key);
      if (held && held.changes === changes && now - held.at < options.keepMs) return held.value;
      if (held) store.delete(key);
      const value = compute();
      if (options.keepMs > 0) {
        store.set(key, { at: now, changes, value });
        value.catch(() => store.get(key)?.value === value && store.delete(key));
        // Oldest first: a Map iterates in insertion order.
        while (store.size > max) store.delete(store.keys().next().value as string);
      }
      return value;
    },
    forget(pool: pg.Pool, key?: string): void {
      if (key === undefined) stores.delete(pool);
      else stores.get(pool)?.delete(key);
    },
  };
}
