// Where a home page's time goes (BENCH_DATABASE_URL with the demo loaded): the statements one
// request sends (text and milliseconds), then autocannon for a few seconds. Run it under
// `node --cpu-prof --import tsx` to see the server's own time.
import "../../src/capabilities";
import { createRequire } from "node:module";
import { eq } from "drizzle-orm";
import pg from "pg";
import { users } from "../../src/platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../../src/platform/auth/sessions";
import { readConfig } from "../../src/platform/config";
import { openDatabase } from "../../src/platform/db";
import { createLogger } from "../../src/platform/logger";
import { startConduct } from "../../src/platform/server";

const email = process.argv[2] ?? "helen.nowak@summit.example.org";
const path = process.argv[3] ?? "/";
const config = {
  ...readConfig({ PORT: "0", LOG_LEVEL: "silent" }),
  databaseUrl: process.env.BENCH_DATABASE_URL,
};
const logger = createLogger("silent");
const database = await openDatabase({ config, logger });
const [u] = await database.db.select().from(users).where(eq(users.email, email));
const cookie = `${SESSION_COOKIE}=${await startSession(database.db, u!.id, "password")}`;
const conduct = await startConduct({ config, logger, database, jobs: false });

const log: { text: string; ms: number }[] = [];
let logging = false;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const started = performance.now();
  const text = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string })?.text ?? "?");
  const last = args.length - 1;
  if (logging && typeof args[last] === "function") {
    const callback = args[last] as (...a: unknown[]) => unknown;
    args[last] = (...a: unknown[]) => {
      log.push({ text, ms: performance.now() - started });
      return callback(...a);
    };
  }
  const result = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (logging && result instanceof Promise)
    void result.then(
      () => log.push({ text, ms: performance.now() - started }),
      () => undefined,
    );
  return result;
} as typeof original;

for (let i = 0; i < 3; i++) await (await fetch(`${conduct.url}${path}`, { headers: { cookie } })).text();
logging = true;
const t = performance.now();
const res = await fetch(`${conduct.url}${path}`, { headers: { cookie } });
const body = await res.text();
const total = performance.now() - t;
logging = false;
console.log(
  `${email} ${path}: ${res.status}, ${body.length} characters, ${total.toFixed(1)} ms, ${log.length} statements`,
);
for (const s of log)
  console.log(`  ${s.ms.toFixed(1).padStart(6)} ms  ${s.text.replace(/\s+/g, " ").slice(0, 140)}`);

const autocannon = createRequire(import.meta.url)("autocannon") as (o: object) => Promise<{
  requests: { average: number };
  latency: { p50: number; p99: number };
}>;
const seconds = Number(process.env.PROFILE_SECONDS ?? 5);
if (seconds > 0) {
  const r = await autocannon({
    url: `${conduct.url}${path}`,
    connections: 50,
    duration: seconds,
    workers: 1,
    headers: { cookie },
  });
  console.log(
    `autocannon 50 connections: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
  );
}
await conduct.close();
await database.close();
