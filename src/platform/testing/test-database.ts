// A fresh, migrated database for one test file (copied from the run's template: fast).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { connect, type Database } from "../db";

export type TestDatabase = Database & { name: string; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template, prefix, kind } = inject("testDatabase");
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const database = connect(u.toString(), kind);
  return {
    ...database,
    name,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [name],
      );
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  };
}
