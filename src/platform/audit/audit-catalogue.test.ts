// The typed audit catalogue: only declared actions compile, details are checked against their
// schema, each event says what it means, and the reads that show personal data are recorded:
// roster searches, the roles list, refusals by the route guard, a list page in one row.
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../declarations/audit-events";
import type { Db } from "../db";
import {
  createTestApp,
  seedTrust,
  type SeededTrust,
  signInAs,
  type TestApp,
} from "../../platform/testing/test-app";
import { declaredAuditActions, describeAuditEvent } from "./audit-catalogue";
import { recordAuditEvent } from "./record-audit-event";
import { auditEvents } from "./schema";

let t: TestApp;
let trust: SeededTrust;
beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
});
afterAll(async () => t?.close());

/** Never run: tsc checks that a free string is not an audit action. */
function undeclaredActionsDoNotCompile(db: Db) {
  // @ts-expect-error "made.up" is declared by no capability
  void recordAuditEvent(db, { actor: { id: null, label: "x" }, action: "made.up", subjectType: "x" });
}
void undeclaredActionsDoNotCompile;

async function latest(action: string) {
  const [row] = await t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row;
}

describe("the catalogue", () => {
  it("refuses a detail that does not match the event's schema", async () => {
    await expect(
      recordAuditEvent(t.database.db, {
        actor: { id: null, label: "x" },
        action: "roster.searched",
        subjectType: "school",
        // @ts-expect-error matches must be a number
        detail: { school: "A", query: "ann", matches: "many" },
      }),
    ).rejects.toThrow(/roster.searched.*does not match its declaration/);
  });

  it("says in words what an event means, for My record and the audit page", () => {
    expect(describeAuditEvent("declaration.viewed")).toBe("opened a relationship declaration");
    expect(describeAuditEvent("an.old.action")).toBe("an.old.action");
    const actions = declaredAuditActions().map((d) => d.action);
    for (const a of ["sign-in", "declarations.listed", "roster.searched", "access.refused"])
      expect(actions).toContain(a);
  });
});

describe("reads that show personal data", () => {
  it("records a roster search with what was searched and how many were shown", async () => {
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    const res = await t.request("/declarations/new?q=ann", { cookie: staff.cookie });
    expect(res.status).toBe(200);
    const row = await latest("roster.searched");
    expect(row?.actorId).toBe(staff.userId);
    expect(row?.detail).toMatchObject({ query: "ann", matches: 0 });
  });

  it("records a look at the roles list", async () => {
    const admin = await signInAs(t, "trust-admin");
    expect((await t.request("/admin/roles", { cookie: admin.cookie })).status).toBe(200);
    expect((await latest("roles.viewed"))?.actorId).toBe(admin.userId);
  });

  it("records a refusal by the route guard", async () => {
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    expect((await t.request("/admin/audit", { cookie: staff.cookie })).status).toBe(403);
    const row = await latest("access.refused");
    expect(row?.actorId).toBe(staff.userId);
    expect(row?.detail).toMatchObject({ method: "GET", path: "/admin/audit", action: "audit.view" });
  });

  it("finds a look in a list page under each person whose record it showed", async () => {
    const me = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    await recordAuditEvent(t.database.db, {
      actor: { id: null, label: "dsl@school.example.org" },
      action: "declarations.listed",
      subjectType: "declaration",
      detail: {
        list: "review",
        records: [
          { id: "d1", personId: me.userId, schoolId: trust.schoolA.id },
          { id: "d2", personId: "someone-else", schoolId: trust.schoolA.id },
        ],
        personIds: [me.userId, "someone-else"],
      },
    });
    const html = await (await t.request("/me", { cookie: me.cookie })).text();
    expect(html).toContain("saw relationship declarations in a list");
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "declarations.listed"),
          sql`${auditEvents.detail}->'personIds' ? ${me.userId}`,
        ),
      );
    expect(rows).toHaveLength(1);
  });
});
