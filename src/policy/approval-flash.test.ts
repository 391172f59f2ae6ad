// The page shell shows a flash message itself: the "Approved" message after approving a policy
// reached no page before, because the policy page did not pass it to the layout.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../platform/testing/test-app";
import { approvePolicyVersion } from "./approve-policy-version";
import { importPolicyVersion } from "./import-policy-version";
import { policyVersions } from "./schema";

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
    form: {
      approvingBody: "People & Resources",
      approvalDate: "2021-03-01",
      nextReviewDue: "2027-03-01",
      approveDespiteErrors: "yes",
    },
  });
  expect(res.status).toBe(303);
  const flash = /conduct_flash=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  expect(flash).toBeDefined();
  const page = await t.request("/policy", { cookie: `${admin.cookie}; ${flash}` });
  const html = await page.text();
  expect(html).toContain('class="flash"');
  expect(html).toContain("Approved: this is now the current policy.");
});

it("warns of error findings before approval and approves only when the approver says they saw them", async () => {
  const admin = await signInAs(t, "trust-admin");
  const imported = await importPolicyVersion({
    db: t.database.db,
    actor: { id: admin.userId, label: admin.email },
    fileName: "summit-again.txt",
    // The same document with one clause reworded, so it is a new draft.
    bytes: Buffer.from(
      readFileSync(path.join(here, "fixtures/summit-social-media-policy.txt"), "utf8").replace(
        "social media",
        "social-media",
      ),
    ),
    asOf: new Date("2026-11-29"),
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const page = await (
    await t.request(`/policy/versions/${imported.versionId}`, { cookie: admin.cookie })
  ).text();
  const errors = Number(/This draft has (\d+) errors?/.exec(page)?.[1] ?? 0);
  expect(errors).toBeGreaterThan(0);
  // The template says "Next review due by: March 2023": a month, never shown as an invented day.
  expect(page).toContain("The document says March 2023");
  expect(page).toContain('name="approveDespiteErrors"');

  const form = {
    approvingBody: "People & Resources",
    approvalDate: "2026-11-30",
    nextReviewDue: "2028-11-30",
  };
  const refused = await t.request(`/policy/versions/${imported.versionId}/approve`, {
    cookie: admin.cookie,
    form,
  });
  expect(refused.headers.get("location")).toContain("field=approveDespiteErrors");
  const still = await (
    await t.request(`/policy/versions/${imported.versionId}`, { cookie: admin.cookie })
  ).text();
  expect(still).toContain("draft");

  const approved = await t.request(`/policy/versions/${imported.versionId}/approve`, {
    cookie: admin.cookie,
    form: { ...form, approveDespiteErrors: "yes" },
  });
  expect(approved.headers.get("location")).toBe("/policy");
});

it("keeps a next review the document gives as a month as that month, on the policy page", async () => {
  const admin = await signInAs(t, "trust-admin");
  const imported = await importPolicyVersion({
    db: t.database.db,
    actor: { id: admin.userId, label: admin.email },
    fileName: "summit-month.txt",
    // Due by a month still ahead of the approval: the form pre-fills its last day.
    bytes: Buffer.from(
      readFileSync(path.join(here, "fixtures/summit-social-media-policy.txt"), "utf8").replace(
        "March 2023",
        "March 2099",
      ),
    ),
    asOf: new Date("2026-11-29"),
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const draft = await (
    await t.request(`/policy/versions/${imported.versionId}`, { cookie: admin.cookie })
  ).text();
  expect(draft).toContain('value="2099-03-31"');
  const approved = await t.request(`/policy/versions/${imported.versionId}/approve`, {
    cookie: admin.cookie,
    form: {
      approvingBody: "People & Resources",
      approvalDate: "2026-11-30",
      nextReviewDue: "2099-03-31",
      approveDespiteErrors: "yes",
    },
  });
  expect(approved.headers.get("location")).toBe("/policy");
  const [stored] = await t.database.db
    .select()
    .from(policyVersions)
    .where(eq(policyVersions.id, imported.versionId));
  expect(stored).toMatchObject({ nextReviewDue: "2099-03-31", nextReviewPrecision: "month" });
  const page = await (await t.request("/policy", { cookie: admin.cookie })).text();
  expect(page).toContain("Next review due March 2099.");
  expect(page).not.toContain("31 March 2099");
});

it("keeps an approval date given as a month (YYYY-MM) as that month", async () => {
  const admin = await signInAs(t, "trust-admin");
  const imported = await importPolicyVersion({
    db: t.database.db,
    actor: { id: admin.userId, label: admin.email },
    fileName: "summit-approved-in-a-month.txt",
    bytes: Buffer.from(
      readFileSync(path.join(here, "fixtures/summit-social-media-policy.txt"), "utf8").replace(
        "March 2023",
        "March 2098",
      ),
    ),
    asOf: new Date("2026-11-29"),
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const result = await approvePolicyVersion(
    t.database.db,
    { id: admin.userId, label: admin.email },
    { versionId: imported.versionId, approvingBody: "People & Resources", approvalDate: "2026-10" },
    new Date("2026-11-29T12:00:00Z"),
  );
  expect(result).toEqual({ ok: true });
  const [stored] = await t.database.db
    .select()
    .from(policyVersions)
    .where(eq(policyVersions.id, imported.versionId));
  expect(stored).toMatchObject({
    approvalDate: "2026-10-01",
    approvalDatePrecision: "month",
    nextReviewDue: "2098-03-31",
    nextReviewPrecision: "month",
  });
  const page = await (await t.request("/policy", { cookie: admin.cookie })).text();
  expect(page).toContain("approved by People &amp; Resources in October 2026.");
  expect(page).toContain("Next review due March 2098.");
  // A month still ahead is refused, as a day ahead is.
  const ahead = await approvePolicyVersion(
    t.database.db,
    { id: admin.userId, label: admin.email },
    { versionId: imported.versionId, approvingBody: "Board", approvalDate: "2026-12" },
    new Date("2026-11-29T12:00:00Z"),
  );
  expect(ahead).toMatchObject({ ok: false, field: "approvalDate" });
});
