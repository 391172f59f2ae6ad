// The audit trail on a real database: rows chain, the database refuses changes, and tampering by
// someone who can switch the trigger off is found and named.
import { asc } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../platform/testing/test-database";
import { GENESIS_HASH } from "./hash-audit-event";
import { recordAuditEvent } from "./record-audit-event";
import { auditEvents } from "./schema";
import { verifyAuditChain } from "./verify-audit-chain";

const opened: TestDatabase[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.drop();
});

async function databaseWithEvents(n: number): Promise<TestDatabase> {
  const database = await createTestDatabase();
  opened.push(database);
  for (let i = 0; i < n; i++) {
    await recordAuditEvent(database.db, {
      actor: { id: null, label: "test" },
      action: "test.event",
      subjectType: "test",
      subjectId: String(i),
      detail: { i, nested: { b: 2, a: [1, "x"] } },
    });
  }
  return database;
}

async function rows(database: TestDatabase) {
  return database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
}

/** The trigger is what stops the application's own user; a superuser can switch it off, as an attacker might. */
async function withoutTrigger(database: TestDatabase, work: (owner: TestDatabase["owner"]) => Promise<void>) {
  await database.owner.query("alter table audit_events disable trigger audit_events_no_update");
  try {
    await work(database.owner);
  } finally {
    await database.owner.query("alter table audit_events enable trigger audit_events_no_update");
  }
}

describe("the audit chain", () => {
  it("links each row to the one before, from the genesis hash", async () => {
    const database = await databaseWithEvents(5);
    const all = await rows(database);
    expect(all).toHaveLength(5);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    expect(new Set(all.map((r) => r.hash)).size).toBe(5);
    const report = await verifyAuditChain(database.db);
    expect(report).toEqual({ ok: true, rows: 5, lastHash: all[4]!.hash });
  });

  it("verifies across batches", async () => {
    const database = await databaseWithEvents(7);
    const report = await verifyAuditChain(database.db, { batchSize: 3 });
    expect(report.ok).toBe(true);
    expect(report.rows).toBe(7);
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database", async () => {
    const database = await databaseWithEvents(3);
    const [first] = await rows(database);
    await expect(
      database.pool.query("update audit_events set action = 'changed' where seq = $1", [first!.seq]),
    ).rejects.toThrow();
    await expect(
      database.pool.query("delete from audit_events where seq = $1", [first!.seq]),
    ).rejects.toThrow();
    await expect(database.pool.query("truncate audit_events")).rejects.toThrow();
    const after = await rows(database);
    expect(after).toHaveLength(3);
    expect(after[0]!.action).toBe("test.event");
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("names the row whose contents were changed behind the trigger's back", async () => {
    const database = await databaseWithEvents(5);
    const all = await rows(database);
    const victim = all[2]!;
    await withoutTrigger(database, async (owner) => {
      await owner.query("update audit_events set detail = $1 where seq = $2", [
        JSON.stringify({ i: 99, nested: { a: [1, "x"], b: 2 } }),
        victim.seq,
      ]);
    });
    const report = await verifyAuditChain(database.db);
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.brokenAt).toBe(victim.seq);
    expect(report.rows).toBe(2);
    expect(report.reason).toMatch(/altered/);
  });

  it("does not mistake jsonb's own key reordering for tampering", async () => {
    const database = await databaseWithEvents(2);
    const all = await rows(database);
    // Rewriting the same value with keys in another order is not a change.
    await withoutTrigger(database, async (owner) => {
      await owner.query(
        `update audit_events set detail = '{"nested": {"a": [1, "x"], "b": 2}, "i": 1}'::jsonb where seq = $1`,
        [all[1]!.seq],
      );
    });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("names the row after one that was deleted", async () => {
    const database = await databaseWithEvents(5);
    const all = await rows(database);
    await withoutTrigger(database, async (owner) => {
      await owner.query("delete from audit_events where seq = $1", [all[2]!.seq]);
    });
    const report = await verifyAuditChain(database.db);
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.brokenAt).toBe(all[3]!.seq);
    expect(report.reason).toMatch(/link to the previous row/);
  });

  it("stays one intact chain with 20 writers at once", async () => {
    const database = await databaseWithEvents(1);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordAuditEvent(database.db, {
          actor: { id: null, label: `writer ${i}` },
          action: "test.concurrent",
          subjectType: "test",
          detail: { writer: i },
        }),
      ),
    );
    const all = await rows(database);
    expect(all).toHaveLength(21);
    // No fork: every row's predecessor is distinct, and each is the row just before it.
    expect(new Set(all.map((r) => r.prevHash)).size).toBe(21);
    expect(new Set(all.filter((r) => r.action === "test.concurrent").map((r) => r.detail.writer)).size).toBe(
      20,
    );
    const report = await verifyAuditChain(database.db);
    expect(report).toMatchObject({ ok: true, rows: 21 });
  });

  it("keeps the chain when the event is written inside the caller's transaction", async () => {
    const database = await databaseWithEvents(1);
    await expect(
      database.db.transaction(async (tx) => {
        await recordAuditEvent(tx, {
          actor: { id: null, label: "t" },
          action: "rolled.back",
          subjectType: "test",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    // The audit row went with the rolled-back change.
    expect((await rows(database)).map((r) => r.action)).toEqual(["test.event"]);
    await database.db.transaction(async (tx) => {
      await recordAuditEvent(tx, {
        actor: { id: null, label: "t" },
        action: "committed",
        subjectType: "test",
      });
    });
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, rows: 2 });
  });
});
