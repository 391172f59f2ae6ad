// A fresh, migrated database for one test file (copied from the run's template: fast).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { appRoleUrl } from "../app-role";
import { setAuditKey } from "../../platform/audit/audit-key";
import "./audit-events";
import { connect, type Database } from "../db";

/**
 * `db` and `pool` run as conduct_app, like the server; `owner` as the database's owner, for the
 * few tests that must do what the application cannot (switch the audit trigger off, as an
 * attacker with the superuser password would). `url` is the owner's, for the CLI and jobs.
 */
export type TestDatabase = Database & { name: string; owner: pg.Pool; drop: () => Promise<void> };

/** The audit key every test process uses; a CLI run from a test gets it as CONDUCT_AUDIT_KEY. */
export const TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789abcdef";
setAuditKey(TEST_AUDIT_KEY);

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template, prefix, kind } = inject("testDatabase");
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const database = connect(appRoleUrl(u.toString()), kind);
  const owner = new pg.Pool({ connectionString: u.toString(), max: 2 });
  owner.on("error", () => {});
  return {
    ...database,
    url: u.toString(),
    name,
    owner,
    drop: async () => {
      await database.close();
      await owner.end();
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
