// Counts the statements sent to PostgreSQL while `run` runs (every pg client's query), for tests of
// what a page costs and of what is kept between views.
import pg from "pg";

export async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  let n = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return n;
}
