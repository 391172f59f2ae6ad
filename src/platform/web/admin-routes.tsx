/** @jsxImportSource hono/jsx */
// Administration: one page of links, each shown to those who hold its action; the core's own
// (audit trail, outbox, roles, people import) and every capability's.
import { Routes } from "./guard";
import { Layout } from "./layout";
import { adminLinksFor } from "./navigation";

export const adminRoutes = new Routes().get("/admin", { action: "home.view" }, (c) => {
  const user = c.get("user");
  const links = adminLinksFor(user);
  return c.html(
    <Layout title="Administration" user={user} current="/admin">
      {links.length === 0 ? (
        <p>
          There is nothing here for your roles to administer. <a href="/">Go to the home page</a>.
        </p>
      ) : (
        <ul>
          {links.map((link) => (
            <li>
              <a href={link.href}>{link.label}</a>: {link.description}
            </li>
          ))}
        </ul>
      )}
    </Layout>,
  );
});
