// Each person's choice of an email for each notification or one a day, and the daily digest
// delivered through a real SMTP server: counts and a link, never what the notifications say.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailTo } from "../testing/mail-to";
import { bodyOf, startSmtp } from "../testing/smtp-server";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../testing/test-app";
import { notify } from "./queue-mail";
import { notificationPreferences, notifications } from "./schema";
import { sendDigests } from "./send-digests";

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
  await seedTrust(t);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const tell = (user: { userId: string; email: string }, kind: string, subject: string) =>
  notify(t.database.db, {
    userId: user.userId,
    to: user.email,
    kind,
    subject,
    text: "Sign in to see it.",
    link: "/",
  });

const outboxTo = (email: string) => mailTo(t.database.db, email);

describe("email: instant or a daily digest", () => {
  it("keeps emailing each notification until a person chooses a daily digest on their page", async () => {
    const me = await signInAs(t, "staff");
    await tell(me, "acknowledgement.reminder", "Please read the policy");
    expect(await outboxTo(me.email)).toHaveLength(1);

    const page = await (await t.request("/notifications", { cookie: me.cookie })).text();
    expect(page).toMatch(/value="instant"[^>]*checked/);
    const saved = await t.request("/notifications/email", { cookie: me.cookie, form: { email: "daily" } });
    expect(saved.status).toBe(303);
    const [pref] = await t.database.db
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, me.userId));
    expect(pref?.email).toBe("daily");

    await tell(me, "questions.asked", "A question waits for your answer");
    await tell(me, "acknowledgement.reminder", "Please read the policy");
    expect(await outboxTo(me.email)).toHaveLength(1); // held for the digest
    const mine = await t.database.db.select().from(notifications).where(eq(notifications.userId, me.userId));
    expect(mine.filter((n) => n.digestPending)).toHaveLength(2);
    // The in-app list has them at once.
    expect(await (await t.request("/notifications", { cookie: me.cookie })).text()).toContain(
      "A question waits for your answer",
    );
  });

  it("still emails a safeguarding concern at once to someone who chose the digest", async () => {
    const dsl = await signInAs(t, "staff");
    await t.request("/notifications/email", { cookie: dsl.cookie, form: { email: "daily" } });
    await tell(dsl, "concerns.safeguarding", "A safeguarding concern was reported");
    expect(await outboxTo(dsl.email)).toHaveLength(1);
  });

  it("sends one digest per person, with counts and a link but no titles, and none when nothing waits", async () => {
    const me = await signInAs(t, "staff");
    await t.request("/notifications/email", { cookie: me.cookie, form: { email: "daily" } });
    await tell(me, "declarations.more-information", "SECRET-TITLE-ONE");
    await tell(me, "questions.asked", "SECRET-TITLE-TWO");
    const before = smtp.received.length;
    expect(await sendDigests(t.database.db, "https://conduct.example")).toBeGreaterThanOrEqual(1);
    await t.services.mailer.deliverQueued();
    const digests = smtp.received.slice(before).filter((m) => m.to.includes(me.email));
    expect(digests).toHaveLength(1);
    const body = bodyOf(digests[0]!.raw);
    expect(body).toContain("2 new notifications");
    expect(body).toContain("https://conduct.example/notifications");
    expect(body).not.toContain("SECRET-TITLE");
    expect(digests[0]!.raw).not.toContain("SECRET-TITLE");

    // Run again (a retried job): nothing more for this person.
    await sendDigests(t.database.db, "https://conduct.example");
    await t.services.mailer.deliverQueued();
    expect(smtp.received.slice(before).filter((m) => m.to.includes(me.email))).toHaveLength(1);
  });

  it("refuses a choice that is neither, and changes nothing", async () => {
    const me = await signInAs(t, "staff");
    await t.request("/notifications/email", { cookie: me.cookie, form: { email: "hourly" } });
    const rows = await t.database.db
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, me.userId));
    expect(rows).toHaveLength(0);
  });

  it("is only for someone signed in", async () => {
    const res = await t.request("/notifications/email", { form: { email: "daily" } });
    expect([302, 303, 401, 403]).toContain(res.status);
    expect(res.headers.get("location") ?? "").not.toBe("/notifications");
  });
});
