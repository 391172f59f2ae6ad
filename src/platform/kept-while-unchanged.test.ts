// What counts as a change, and a kept answer forgotten by a change, by time, and never kept at 0.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent, SYSTEM_ACTOR } from "./audit/record-audit-event";
import type { Database } from "./db";
import { changesThrough, keptWhileUnchanged } from "./kept-while-unchanged";
import { createTestDatabase } from "./testing/test-database";

let database: Database & { drop: () => Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const changed = async (work: () => Promise<unknown>) => {
  const before = changesThrough(database.pool);
  await work();
  return changesThrough(database.pool) - before;
};

describe("counting changes", () => {
  it("counts a write, and a transaction's write again once its client is back in the pool", async () => {
    const { db } = database;
    expect(await changed(() => db.execute(sql`select count(*) from trusts`))).toBe(0);
    expect(await changed(() => db.execute(sql`select 1 from trusts for update`))).toBe(0);
    expect(
      await changed(() => db.execute(sql`insert into trusts (name, slug) values ('T', 't') returning id`)),
    ).toBeGreaterThan(0);
    expect(
      await changed(() =>
        db.execute(sql`with t as (update trusts set name = 'U' returning id) select count(*) from t`),
      ),
    ).toBeGreaterThan(0);
    let inside = 0;
    const whole = await changed(() =>
      db.transaction(async (tx) => {
        const before = changesThrough(database.pool);
        await tx.execute(sql`update trusts set name = 'V'`);
        inside = changesThrough(database.pool) - before;
      }),
    );
    expect(whole).toBeGreaterThan(inside);
  });

  it("does not count the audit trail's own rows (an audited view changes nothing a page keeps)", async () => {
    expect(
      await changed(() =>
        recordAuditEvent(database.db, {
          actor: SYSTEM_ACTOR,
          action: "audit.verified",
          subjectType: "audit",
          detail: { ok: true, rows: 0 },
        }),
      ),
    ).toBe(0);
  });
});

describe("a kept answer", () => {
  it("is used until a change or its time is up, and never kept with keepMs 0", async () => {
    let asked = 0;
    const ask = async () => ++asked;
    const kept = keptWhileUnchanged<number>({ keepMs: 1_000 });
    const now = Date.now();
    expect(await kept.get(database.pool, "k", ask, now)).toBe(1);
    expect(await kept.get(database.pool, "k", ask, now + 999)).toBe(1);
    expect(await kept.get(database.pool, "other", ask, now)).toBe(2);
    expect(await kept.get(database.pool, "k", ask, now + 1_000)).toBe(3);
    await database.db.execute(sql`update trusts set name = name`);
    expect(await kept.get(database.pool, "k", ask, now + 1_000)).toBe(4);
    const never = keptWhileUnchanged<number>({ keepMs: 0 });
    await never.get(database.pool, "k", ask);
    expect(await never.get(database.pool, "k", ask)).toBe(6);
  });

  it("keeps at most maxEntries, forgetting the oldest", async () => {
    let asked = 0;
    const kept = keptWhileUnchanged<number>({ keepMs: 60_000, maxEntries: 2 });
    for (const key of ["a", "b", "c"]) await kept.get(database.pool, key, async () => ++asked);
    expect(await kept.get(database.pool, "c", async () => ++asked)).toBe(3);
    expect(await kept.get(database.pool, "a", async () => ++asked)).toBe(4);
  });
});
