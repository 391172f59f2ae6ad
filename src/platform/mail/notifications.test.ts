// The in-app notifications page: each person's own list, marked read; nobody else's.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../testing/test-app";
import { notify } from "./queue-mail";
import { notifications } from "./schema";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTrust(t);
});
afterAll(async () => t?.close());

describe("notifications", () => {
  it("lists a person's own notifications, marks one and then all read, and never another's", async () => {
    const me = await signInAs(t, "staff");
    const other = await signInAs(t, "staff");
    const { db } = t.database;
    for (const subject of ["First thing waiting", "Second thing waiting"])
      await notify(db, {
        userId: me.userId,
        kind: "test",
        to: me.email,
        subject,
        text: "Sign in to see it.",
        link: "/",
      });
    await notify(db, {
      userId: other.userId,
      kind: "test",
      to: other.email,
      subject: "OTHER-PERSON",
      text: "x",
    });
    const page = await (await t.request("/notifications", { cookie: me.cookie })).text();
    expect(page).toContain("First thing waiting");
    expect(page).toContain("2 unread");
    expect(page).not.toContain("OTHER-PERSON");
    const [mine] = await db.select().from(notifications).where(eq(notifications.userId, me.userId));
    const [theirs] = await db.select().from(notifications).where(eq(notifications.userId, other.userId));
    // Marking another's changes nothing.
    expect(
      (await t.request(`/notifications/${theirs!.id}/read`, { cookie: me.cookie, form: {} })).status,
    ).toBe(303);
    expect(
      (await db.select().from(notifications).where(eq(notifications.id, theirs!.id)))[0]!.readAt,
    ).toBeNull();
    await t.request(`/notifications/${mine!.id}/read`, { cookie: me.cookie, form: {} });
    expect(await (await t.request("/notifications", { cookie: me.cookie })).text()).toContain("1 unread");
    await t.request("/notifications/read", { cookie: me.cookie, form: {} });
    expect(await (await t.request("/notifications", { cookie: me.cookie })).text()).toContain(
      "Nothing unread",
    );
  });

  it("asks a visitor who is not signed in to sign in", async () => {
    const res = await t.request("/notifications");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/sign-in");
  });
});
