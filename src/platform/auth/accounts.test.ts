// Sessions and accounts as an attacker or a leaver would meet them: a passed leave date ends
// sign-in and sessions at once; one live reset link per account, throttled; the outbox never shows
// a reset link; the forgotten-password reply waits for no lookup; signed-in pages are not cached;
// the evidence download keeps its sandbox CSP.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { outbox } from "../../platform/mail/schema";
import {
  createTestApp,
  seedTrust,
  type SeededTrust,
  signInAs,
  TEST_PASSWORD,
  type TestApp,
} from "../../platform/testing/test-app";
import { mailTo } from "../testing/mail-to";
import { MAX_RESETS_PER_WINDOW, requestPasswordReset } from "./request-password-reset";
import { passwordResets, users } from "./schema";

let t: TestApp;
let trust: SeededTrust;
beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
});
afterAll(async () => t?.close());

async function makeStaff(email: string, leaveDate: string | null) {
  const account = await signInAs(t, "staff", { schoolId: trust.schoolA.id, email });
  const { rows } = await t.database.pool.query<{ id: string }>(
    `insert into staff (school_id, external_id, first_name, last_name, email, job_title, employment, start_date, leave_date)
     values ($1, $2, 'Lee', 'Ver', $3, 'Teacher', 'employee', '2020-01-01', $4) returning id`,
    [trust.schoolA.id, email, email, leaveDate],
  );
  await t.database.db.update(users).set({ staffId: rows[0]!.id }).where(eq(users.id, account.userId));
  return { ...account, staffId: rows[0]!.id };
}

describe("leavers", () => {
  it("lose every session and sign-in as soon as their leave date has passed, not at the nightly job", async () => {
    const leaver = await makeStaff("leaver@trust.example.org", null);
    expect((await t.request("/me", { cookie: leaver.cookie })).status).toBe(200);
    // An import records a leave date in the past; no job has run.
    await t.database.pool.query("update staff set leave_date = current_date - 2 where id = $1", [
      leaver.staffId,
    ]);
    expect((await t.request("/me", { cookie: leaver.cookie })).status).toBe(303);
    const signIn = await t.request("/sign-in", { form: { email: leaver.email, password: TEST_PASSWORD } });
    expect(signIn.status).toBe(401);
    // Still here on their last day (a leave date today has not passed).
    const stayer = await makeStaff("last.day@trust.example.org", null);
    await t.database.pool.query(
      "update staff set leave_date = (now() at time zone 'Europe/London')::date where id = $1",
      [stayer.staffId],
    );
    expect((await t.request("/me", { cookie: stayer.cookie })).status).toBe(200);
  });
});

describe("password reset links", () => {
  it("keeps one live link per account: a newer voids the older, a changed password voids all", async () => {
    const me = await signInAs(t, "staff", { email: "one.link@trust.example.org" });
    const args = { db: t.database.db, mailer: t.services.mailer, baseUrl: "http://x", email: me.email };
    expect(await requestPasswordReset(args)).toBe("sent");
    expect(await requestPasswordReset(args)).toBe("sent");
    const live = await t.database.db
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, me.userId), isNull(passwordResets.usedAt)));
    expect(live).toHaveLength(1);
    const links = (await mailTo(t.database.db, me.email)).map(
      (m) => /\/password\/reset\/(\S+)/.exec(m.text)![1]!,
    );
    expect(links).toHaveLength(2);
    expect((await t.request(`/password/reset/${links[0]}`)).status).toBe(410);
    const set = await t.request(`/password/reset/${links[1]}`, {
      form: { password: "a brand new password", confirm: "a brand new password" },
    });
    expect(set.status).toBe(303);
    expect(
      (
        await t.database.db
          .select()
          .from(passwordResets)
          .where(and(eq(passwordResets.userId, me.userId), isNull(passwordResets.usedAt)))
      ).length,
    ).toBe(0);
  });

  it("throttles requests for one account", async () => {
    const me = await signInAs(t, "staff", { email: "many.links@trust.example.org" });
    const args = { db: t.database.db, mailer: t.services.mailer, baseUrl: "http://x", email: me.email };
    const outcomes = [];
    for (let i = 0; i < MAX_RESETS_PER_WINDOW + 5; i++) outcomes.push(await requestPasswordReset(args));
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(MAX_RESETS_PER_WINDOW);
    expect(outcomes.at(-1)).toBe("throttled");
  });

  it("answers the form before any lookup, then sends for a known address only", async () => {
    const me = await signInAs(t, "staff", { email: "form.user@trust.example.org" });
    const spy = vi.spyOn(t.database.db, "select");
    const known = await t.request("/password/forgot", { form: { email: me.email } });
    const unknown = await t.request("/password/forgot", { form: { email: "nobody.here@trust.example.org" } });
    // The reply did no database work for either: the lookups come after it.
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    await vi.waitFor(async () =>
      expect(await t.database.db.select().from(outbox).where(eq(outbox.to, me.email))).toHaveLength(1),
    );
  });

  it("shows the outbox's reset emails without their link", async () => {
    const admin = await signInAs(t, "trust-admin");
    const html = await (await t.request("/admin/outbox", { cookie: admin.cookie })).text();
    expect(html).toContain("A password reset email is waiting; its link is not");
    expect(html).not.toMatch(/\/password\/reset\/[A-Za-z0-9_-]{20,}/);
  });
});

describe("caching and headers", () => {
  it("sends Cache-Control: no-store on every signed-in page, and not on public assets", async () => {
    const admin = await signInAs(t, "trust-admin");
    for (const page of ["/", "/me", "/admin/audit", "/admin/outbox", "/people", "/declarations"]) {
      const res = await t.request(page, { cookie: admin.cookie });
      expect(res.headers.get("cache-control"), page).toBe("no-store");
    }
    const css = await t.request("/static/app.css", { cookie: admin.cookie });
    expect(css.headers.get("cache-control")).toContain("max-age");
  });
});
