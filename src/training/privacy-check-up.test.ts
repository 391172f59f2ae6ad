// The account privacy check-up (4.9) on a real database through the real routes: a member of staff
// works through the checklist and sees their own record (and a line in My record); another member of
// staff sees none of it; a principal sees only a count for their school, another school's principal
// nothing of it; only the trust admin edits the checklist, and the next check-up uses the new items.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { users } from "../platform/auth/schema";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { addStaffMember } from "../core/people/test-support";
import { approveTestPolicy } from "../policy/test-support";
import { privacyCheckUpEvidence } from "./control-evidence";
import { myCheckUps, recordCheckUp } from "./privacy-check-ups";
import { DEFAULT_PLATFORMS, parseChecklistText, readCheckUpAnswers } from "./privacy-checklist";

let t: TestApp;
let trust: SeededTrust;
let admin: { cookie: string };
let principalA: { cookie: string };
let principalB: { cookie: string };
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};
const userIds: Record<string, string> = {};

async function addStaff(key: string, schoolId: string) {
  const added = await addStaffMember(t.database.db, key, schoolId);
  ids[key] = added.staffId;
  userIds[key] = added.userId;
  cookies[key] = added.cookie;
}

/** Posts a form whose fields may repeat (the ticked checkboxes). */
function post(pathName: string, cookie: string, fields: [string, string][]) {
  return t.request(pathName, {
    method: "POST",
    cookie,
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}
const page = async (pathName: string, cookie: string) => {
  const res = await t.request(pathName, { cookie });
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
};

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  await addStaff("alice", trust.schoolA.id);
  await addStaff("bob", trust.schoolA.id);
  await addStaff("carol", trust.schoolB.id);
  admin = await signInAs(t, "trust-admin");
  principalA = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
  principalB = await signInAs(t, "principal", { schoolId: trust.schoolB.id });
  await approveTestPolicy(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

describe("the checklist (pure)", () => {
  it("reads the trust's plain-text list, and says what is wrong with a bad one", () => {
    expect(
      parseChecklistText("Mastodon\n- Posts are followers-only\n\nBluesky\n* Hide from logged-out users"),
    ).toEqual({
      ok: true,
      platforms: [
        { name: "Mastodon", items: ["Posts are followers-only"] },
        { name: "Bluesky", items: ["Hide from logged-out users"] },
      ],
    });
    expect(parseChecklistText("- An item\nFacebook")).toMatchObject({
      ok: false,
      error: /before any platform/,
    });
    expect(parseChecklistText("Facebook\n- one\nTikTok")).toMatchObject({
      ok: false,
      error: /TikTok has no items/,
    });
  });
  it("records no item as done on a platform they have no account on", () => {
    const answers = readCheckUpAnswers(DEFAULT_PLATFORMS, { none: ["1"], done: ["0.0", "1.0"] });
    expect(answers[0]!.items[0]!.done).toBe(true);
    expect(answers[1]).toMatchObject({ platform: "Instagram", hasAccount: false });
    expect(answers[1]!.items.every((i) => !i.done)).toBe(true);
  });
});

describe("doing the check-up and who sees what", () => {
  it("starts from the default checklist for Facebook, Instagram, X, TikTok and LinkedIn, in the nav", async () => {
    const html = await (await t.request("/training/privacy", { cookie: cookies.alice! })).text();
    for (const name of ["Facebook", "Instagram", "X (Twitter)", "TikTok", "LinkedIn"])
      expect(html).toContain(name);
    expect(html).toContain('href="/training/privacy" aria-current="page"');
    expect(html).toContain("You have not done the check-up yet.");
  });

  it("keeps the staff member's check-up as their own record, with the day, and a line in My record", async () => {
    // Alice has no TikTok (index 3); on Facebook she did all but the last item.
    const fields: [string, string][] = [
      ["version", "0"],
      ["none", "3"],
    ];
    for (const i of [0, 1, 2, 3]) fields.push(["done", `0.${i}`]);
    for (const p of [1, 2, 4])
      for (const i of DEFAULT_PLATFORMS[p]!.items.keys()) fields.push(["done", `${p}.${i}`]);
    const res = await post("/training/privacy", cookies.alice!, fields);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/training/privacy");
    const [mine] = await myCheckUps(t.database.db, ids.alice!);
    expect(mine).toMatchObject({ checklistVersion: 0 });
    expect(mine!.answers.find((a) => a.platform === "TikTok")!.hasAccount).toBe(false);
    const today = new Date().toLocaleDateString("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "Europe/London",
    });
    const text = await page("/training/privacy", cookies.alice!);
    expect(text).toContain(`${today} Facebook, Instagram, X (Twitter), LinkedIn 1`);
    expect(text).toContain(
      "Still to do from your last check-up Facebook: Old public posts are limited to friends",
    );
    expect(await page("/me", cookies.alice!)).toContain("Account privacy check-ups you did 1");
    // The trail says it was done, not what she answered.
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "training.privacy-check-up-done"));
    expect(event!.detail).toEqual({ checklistVersion: 0 });
  });

  it("shows another member of staff none of it", async () => {
    const text = await page("/training/privacy", cookies.bob!);
    expect(text).toContain("You have not done the check-up yet.");
    expect(text).not.toContain("Still to do from your last check-up");
    expect(await page("/me", cookies.bob!)).toContain("Account privacy check-ups you did none");
  });

  it("shows the school's leader only a count; staff are refused it", async () => {
    // Bob did one over a year ago: it no longer counts.
    const longAgo = new Date(Date.now() - 400 * 86_400_000);
    const [bob] = await t.database.db.select().from(users).where(eq(users.id, userIds.bob!));
    await recordCheckUp(t.database.db, {
      user: { ...bob!, staffId: ids.bob! } as never,
      staffId: ids.bob!,
      checklistVersion: 0,
      answers: readCheckUpAnswers(DEFAULT_PLATFORMS, { none: [], done: [] }),
      at: longAgo,
    });
    const text = await page("/training/privacy/schools", principalA.cookie);
    expect(text).toContain("School A 1 2");
    expect(text).not.toContain("School B");
    for (const secret of ["Alice", "Bob", "TikTok", "Still to do"]) expect(text).not.toContain(secret);
    expect((await t.request("/training/privacy/schools", { cookie: cookies.alice! })).status).toBe(403);
  });

  it("shows another school's principal nothing of school A", async () => {
    const text = await page("/training/privacy/schools", principalB.cookie);
    expect(text).toContain("School B 0 1");
    expect(text).not.toContain("School A");
    expect(await page("/training/privacy", principalB.cookie)).not.toContain("Alice");
  });

  it("gives the policy page a count for clause 4.9 over the reader's schools", async () => {
    const all = await privacyCheckUpEvidence({ db: t.database.db, scope: "all", now: new Date() });
    expect(all.byClause?.["4.9"]).toBe(
      "1 of 3 staff have done the account privacy check-up in the last year",
    );
    expect(all.status).toBe("attention");
    const b = await privacyCheckUpEvidence({ db: t.database.db, scope: [trust.schoolB.id], now: new Date() });
    expect(b.status).toBe("no-data");
  });
});

describe("editing the checklist", () => {
  const edited =
    "Mastodon\n- Your posts are visible to followers only\n\nFacebook\n- Your workplace is hidden";

  it("refuses staff and principals the editor", async () => {
    for (const cookie of [cookies.alice!, principalA.cookie]) {
      expect((await t.request("/training/privacy/checklist", { cookie })).status).toBe(403);
      expect((await post("/training/privacy/checklist", cookie, [["checklist", edited]])).status).toBe(403);
    }
    expect(await page("/training/privacy", cookies.alice!)).not.toContain("Edit the checklist");
  });

  it("lets the trust admin save a new version, and the next check-up uses its items", async () => {
    const bad = await post("/training/privacy/checklist", admin.cookie, [["checklist", "- orphan item"]]);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("is an item before any platform");
    const form = await (await t.request("/training/privacy/checklist", { cookie: admin.cookie })).text();
    expect(form).toContain("- Your account is private, so you approve who follows you");
    const res = await post("/training/privacy/checklist", admin.cookie, [["checklist", edited]]);
    expect(res.status).toBe(303);
    const html = await (await t.request("/training/privacy", { cookie: cookies.alice! })).text();
    expect(html).toContain("Mastodon");
    expect(html).toContain("Your posts are visible to followers only");
    expect(html).not.toContain("I do not have an account on LinkedIn");
    // A form opened on the old list is refused rather than recorded against the wrong items.
    const stale = await post("/training/privacy", cookies.alice!, [
      ["version", "0"],
      ["done", "0.0"],
    ]);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain("The checklist has changed since you opened it");
    expect(
      await post("/training/privacy", cookies.alice!, [
        ["version", "1"],
        ["done", "0.0"],
      ]),
    ).toHaveProperty("status", 303);
    const [latest, earlier] = await myCheckUps(t.database.db, ids.alice!);
    expect(latest).toMatchObject({
      checklistVersion: 1,
      answers: [
        {
          platform: "Mastodon",
          hasAccount: true,
          items: [{ text: "Your posts are visible to followers only", done: true }],
        },
        {
          platform: "Facebook",
          hasAccount: true,
          items: [{ text: "Your workplace is hidden", done: false }],
        },
      ],
    });
    // The earlier check-up keeps the wording it was done against.
    expect(earlier!.answers.map((a) => a.platform)).toContain("LinkedIn");
    const saved = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "training.privacy-checklist-saved")));
    expect(saved[0]!.detail).toMatchObject({ version: 1, platforms: ["Mastodon", "Facebook"] });
  });
});
