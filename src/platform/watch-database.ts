// Notices when the database has gone (the embedded PostgreSQL killed, the server restarted for
// good): a server that cannot reach it serves only errors, so it should exit and let a
// supervisor start it again rather than linger.
import type pg from "pg";

export type DatabaseWatch = { stop: () => void };

export function watchDatabase(
  pool: pg.Pool,
  onLost: (error: Error) => void,
  options: { intervalMs?: number; failuresBeforeLost?: number } = {},
): DatabaseWatch {
  const intervalMs = options.intervalMs ?? 5_000;
  const limit = options.failuresBeforeLost ?? 3;
  let failures = 0;
  let busy = false;
  let lost = false;
  const timer = setInterval(() => {
    if (busy || lost) return;
    busy = true;
    pool
      .query("select 1")
      .then(() => {
        failures = 0;
      })
      .catch((error: Error) => {
        failures++;
        if (failures >= limit) {
          lost = true;
          clearInterval(timer);
          onLost(error);
        }
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
