// The capabilities as composed in src/capabilities.ts: every job is scheduled, every built control
// has evidence computed from data, every permission row is well formed. (Every route is walked as
// every role by src/platform/auth/authorisation.test.ts, which reads the same list.)
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAPABILITIES } from "./capabilities";
import { declarations } from "./declarations/schema";
import { permissionTable, ROLES } from "./platform/auth/permissions";
import { readConfig } from "./platform/config";
import { createLogger } from "./platform/logger";
import { startConduct } from "./platform/server";
import {
  createTestApp,
  seedTrust,
  signInAs,
  type SeededTrust,
  type TestApp,
} from "./platform/testing/test-app";
import { createTestDatabase } from "./platform/testing/test-database";
import { controlCatalogue } from "./policy/control-catalogue";
import { controlEvidence } from "./policy/control-evidence";
import { TEMPLATE_CLAUSE_PHRASES } from "./policy/template-clauses";
import { postChecks } from "./posts/schema";

describe("the capability list", () => {
  it("schedules every capability's jobs, and the platform's own (mail delivery among them)", async () => {
    const database = await createTestDatabase();
    const config = {
      ...readConfig({ LOG_LEVEL: "silent" } as NodeJS.ProcessEnv),
      port: 0,
      host: "127.0.0.1",
    };
    const running = await startConduct({ config, logger: createLogger("silent"), database });
    try {
      const expected = CAPABILITIES.flatMap((c) => c.jobs?.(running.services) ?? [])
        .filter((j) => j.cron)
        .map((j) => j.name);
      expect(expected.length).toBeGreaterThan(0);
      const scheduled = await database.owner.query<{ name: string }>("select name from pgboss.schedule");
      const names = scheduled.rows.map((r) => r.name);
      for (const name of [...expected, "mail.deliver", "sessions.purge"]) expect(names, name).toContain(name);
    } finally {
      await running.close();
      await database.drop();
    }
  });

  it("gives every permission a meaning and known roles, and no two capabilities one key", () => {
    const keys = CAPABILITIES.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [action, rule] of Object.entries(permissionTable())) {
      expect(rule.means.length, action).toBeGreaterThan(5);
      for (const role of rule.roles) expect(ROLES, action).toContain(role);
    }
  });

  it("maps every built control to template clauses Conduct can find in a school's policy", () => {
    const built = controlCatalogue().filter((c) => c.built);
    expect(built.length).toBeGreaterThan(0);
    for (const control of built)
      for (const clause of control.defaults)
        expect(TEMPLATE_CLAUSE_PHRASES, `${control.key} ${clause}`).toHaveProperty(clause);
  });
});

describe("evidence computed from data", () => {
  let t: TestApp;
  let trust: SeededTrust;
  beforeAll(async () => {
    t = await createTestApp();
    trust = await seedTrust(t);
  });
  afterAll(async () => t?.close());

  it("says 'no data' for every built control of an empty trust", async () => {
    const evidence = await controlEvidence(t.database.db, "all");
    for (const control of controlCatalogue().filter((c) => c.built)) {
      expect(evidence[control.key], control.key).toBeDefined();
      expect(evidence[control.key]!.status, control.key).toBe("no-data");
    }
  });

  it("counts post checks and declarations, per clause where it can, and only in the reader's schools", async () => {
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const now = new Date();
    await t.database.db.insert(postChecks).values([
      {
        userId: staff.userId,
        schoolId: trust.schoolA.id,
        context: "personal",
        verdict: "block",
        clauses: ["7.3"],
        rulesVersion: "t",
        checkedAt: now,
      },
      {
        userId: staff.userId,
        schoolId: trust.schoolA.id,
        context: "personal",
        verdict: "review",
        clauses: ["7.3", "4.5"],
        rulesVersion: "t",
        checkedAt: now,
      },
      {
        userId: staff.userId,
        schoolId: trust.schoolA.id,
        context: "personal",
        verdict: "clear",
        clauses: [],
        rulesVersion: "t",
        checkedAt: now,
      },
      // Outside the 30-day window: not counted.
      {
        userId: staff.userId,
        schoolId: trust.schoolA.id,
        context: "personal",
        verdict: "block",
        clauses: ["4.4"],
        rulesVersion: "t",
        checkedAt: new Date(now.getTime() - 40 * 86_400_000),
      },
    ]);
    await t.database.db.insert(declarations).values({
      userId: staff.userId,
      schoolId: trust.schoolA.id,
      contactKind: "parent",
      contactName: "A parent",
      platforms: ["Facebook"],
      otherRelationships: [],
      verdict: "prohibited",
      clause: "8.4",
      reason: "solely a staff/parent relationship",
    });

    const all = await controlEvidence(t.database.db, "all", now);
    expect(all["post-check"]).toMatchObject({ status: "working" });
    expect(all["post-check"]!.headline).toContain("3 posts checked");
    expect(all["post-check"]!.headline).toContain("1 blocked, 1 for review");
    expect(all["post-check"]!.byClause?.["7.3"]).toContain("2 of 3");
    expect(all["post-check"]!.byClause?.["4.5"]).toContain("1 of 3");
    expect(all["post-check"]!.byClause?.["4.4"]).toBeUndefined();
    expect(all.declarations).toMatchObject({ status: "attention" });
    expect(all.declarations!.headline).toContain("1 declarations: 1 prohibited");

    // A principal of school B sees none of school A's.
    const onlyB = await controlEvidence(t.database.db, [trust.schoolB.id], now);
    expect(onlyB["post-check"]!.status).toBe("no-data");
    expect(onlyB.declarations!.status).toBe("no-data");
    const none = await controlEvidence(t.database.db, [], now);
    expect(none["post-check"]!.status).toBe("no-data");
    const [count] = (await t.database.db.execute(sql`select count(*)::int as n from post_checks`)).rows as {
      n: number;
    }[];
    expect(count!.n).toBe(4);
  });
});
