// The page shell shows a flash message itself: the "Approved" message after approving a policy
// reached no page before, because the policy page did not pass it to the layout.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../platform/testing/test-app";
import { importPolicyVersion } from "./import-policy-version";

const here = path.dirname(fileURLToPath(import.meta.url));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTrust(t);
});
afterAll(async () => t?.close());

it("shows 'Approved' on the policy page after approval", async () => {
  const admin = await signInAs(t, "trust-admin");
  const imported = await importPolicyVersion({
    db: t.database.db,
    actor: { id: admin.userId, label: admin.email },
    fileName: "summit.txt",
    bytes: readFileSync(path.join(here, "fixtures/summit-social-media-policy.txt")),
    asOf: new Date("2026-11-29"),
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const res = await t.request(`/policy/versions/${imported.versionId}/approve`, {
    cookie: admin.cookie,
    form: { approvingBody: "People & Resources", approvalDate: "2021-03-01", nextReviewDue: "2027-03-01" },
  });
  expect(res.status).toBe(303);
  const flash = /conduct_flash=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  expect(flash).toBeDefined();
  const page = await t.request("/policy", { cookie: `${admin.cookie}; ${flash}` });
  const html = await page.text();
  expect(html).toContain('class="flash"');
  expect(html).toContain("Approved: this is now the current policy.");
});
