/** @jsxImportSource hono/jsx */
// In-app notifications: each person's own list (titles and links only, as notify() wrote them),
// newest first, marked read one by one or all at once. No one sees another person's notifications.
import { and, desc, eq, isNull } from "drizzle-orm";
import { setFlash } from "../web/flash";
import { Routes } from "../web/guard";
import { Layout } from "../web/layout";
import { EMAIL_DELIVERIES, notificationPreferences, notifications } from "./schema";
import { formatInstant } from "../format-date";

const OWN = { action: "home.view" } as const;
/** The newest this many; older ones stay in the database (and in My data). */
const SHOWN = 200;

export const notificationRoutes = new Routes()
  .get("/notifications", OWN, async (c) => {
    const user = c.get("user");
    const rows = await c
      .get("services")
      .database.db.select()
      .from(notifications)
      .where(eq(notifications.userId, user.id))
      .orderBy(desc(notifications.createdAt))
      .limit(SHOWN);
    const unread = rows.filter((r) => !r.readAt).length;
    const [preference] = await c
      .get("services")
      .database.db.select({ email: notificationPreferences.email })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, user.id));
    const delivery = preference?.email ?? "instant";
    return c.html(
      <Layout title="Notifications" user={user} current="/notifications" flash={c.get("flash")}>
        <p>
          {unread === 0 ? "Nothing unread." : `${unread} unread.`} Emails say only that something is waiting:
          the detail is here, once you have signed in.
        </p>
        {unread > 0 ? (
          <form method="post" action="/notifications/read">
            <button type="submit" class="secondary">
              Mark all as read
            </button>
          </form>
        ) : null}
        {rows.length === 0 ? (
          <p>You have no notifications.</p>
        ) : (
          <ul>
            {rows.map((r) => (
              <li>
                {r.readAt ? null : <span class="tag info">new</span>}{" "}
                {r.link ? <a href={r.link}>{r.title}</a> : r.title}{" "}
                <span class="muted">{formatInstant(r.createdAt)}</span>
                {r.readAt ? null : (
                  <form method="post" action={`/notifications/${r.id}/read`} class="inline">
                    {" "}
                    <button type="submit" class="secondary">
                      Mark as read<span class="visually-hidden">: {r.title}</span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/notifications/email" class="stack">
          <fieldset>
            <legend>Email me</legend>
            <label>
              <input type="radio" name="email" value="instant" checked={delivery === "instant"} /> for each
              notification, as it happens
            </label>
            <label>
              <input type="radio" name="email" value="daily" checked={delivery === "daily"} /> once a day, at
              7:30, with how many are waiting (safeguarding concerns still come at once)
            </label>
          </fieldset>
          <button type="submit">Save</button>
        </form>
      </Layout>,
    );
  })
  .post("/notifications/email", OWN, async (c) => {
    const user = c.get("user");
    const form = await c.req.parseBody();
    const email = EMAIL_DELIVERIES.find((d) => d === form.email);
    if (!email) {
      setFlash(c, "Choose an email for each notification or one a day.");
      return c.redirect("/notifications", 303);
    }
    await c
      .get("services")
      .database.db.insert(notificationPreferences)
      .values({ userId: user.id, email })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email, updatedAt: new Date() } });
    setFlash(
      c,
      email === "daily" ? "You will get one email a day." : "You will get an email for each notification.",
    );
    return c.redirect("/notifications", 303);
  })
  .post("/notifications/read", OWN, async (c) => {
    const user = c.get("user");
    await c
      .get("services")
      .database.db.update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)));
    setFlash(c, "All notifications marked as read.");
    return c.redirect("/notifications", 303);
  })
  .post("/notifications/:id/read", OWN, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (/^[0-9a-f-]{36}$/i.test(id))
      // The user's own only: another person's id changes nothing.
      await c
        .get("services")
        .database.db.update(notifications)
        .set({ readAt: new Date() })
        .where(
          and(eq(notifications.id, id), eq(notifications.userId, user.id), isNull(notifications.readAt)),
        );
    return c.redirect("/notifications", 303);
  });
