// The audit trail page: administrators read it, filter it for an investigation, and each look at
// it is itself recorded.
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../../platform/testing/test-app";
import { recordAuditEvent } from "./record-audit-event";
import { auditEvents } from "./schema";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedTrust(t);
  const db = t.database.db;
  await recordAuditEvent(db, {
    actor: { id: null, label: "dsl@school.example.org" },
    action: "declaration.viewed",
    subjectType: "declaration",
    personId: "11111111-1111-1111-1111-111111111111",
  });
  await recordAuditEvent(db, {
    actor: { id: null, label: "hr@trust.example.org" },
    action: "people.viewed",
    subjectType: "school",
  });
});
afterAll(async () => t?.close());

it("filters by action, by who did it and by whose records, and records the look", async () => {
  const admin = await signInAs(t, "trust-admin");
  const byAction = await (
    await t.request("/admin/audit?action=declaration", { cookie: admin.cookie })
  ).text();
  expect(byAction).toContain("dsl@school.example.org");
  expect(byAction).not.toContain("hr@trust.example.org");
  const byActor = await (await t.request("/admin/audit?actor=hr%40trust", { cookie: admin.cookie })).text();
  expect(byActor).toContain("<code>people.viewed</code>");
  expect(byActor).not.toContain("dsl@school.example.org");
  const byPerson = await (
    await t.request("/admin/audit?person=11111111-1111-1111-1111-111111111111", { cookie: admin.cookie })
  ).text();
  expect(byPerson).toContain("<code>declaration.viewed</code>");
  // A wildcard typed into the filter is a character, not a pattern.
  const literal = await (await t.request("/admin/audit?action=%25", { cookie: admin.cookie })).text();
  expect(literal).not.toContain("<code>people.viewed</code>");
  const looks = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, "audit.viewed"));
  expect(looks.length).toBe(4);
  expect(looks[0]!.detail).toMatchObject({ action: "declaration" });
});

it("filters by a list of declared actions, and says what each means", async () => {
  const admin = await signInAs(t, "trust-admin");
  const html = await (
    await t.request("/admin/audit?actions=people.viewed&actions=made.up", { cookie: admin.cookie })
  ).text();
  expect(html).toContain("<code>people.viewed</code>");
  expect(html).not.toContain("<code>declaration.viewed</code>");
  expect(html).toContain("looked at a list of people");
  // The list offers every declared event, by capability.
  expect(html).toContain('<option value="roster.searched">');
  const [look] = await t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "audit.viewed"))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  expect(look!.detail).toMatchObject({ actions: ["people.viewed"] });
});
