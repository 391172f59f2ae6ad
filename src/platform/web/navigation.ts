// What a person can reach: the main navigation and the Administration links, the core's own and
// every capability's, each shown only to those who hold its action (no link leads to "Not allowed").
import { can } from "../../platform/auth/permissions";
import type { SignedInUser } from "../../platform/auth/sessions";
import { type AdminLink, capabilities, type NavLink } from "../capability";

const CORE_ADMIN_LINKS: AdminLink[] = [
  {
    href: "/admin/calendar",
    label: "School calendars",
    description: "term dates and closures, for deadlines in school days",
    action: "calendar.manage",
  },
  {
    href: "/admin/audit",
    label: "Audit trail",
    description: "every change and every view of sensitive records",
    action: "audit.view",
  },
  { href: "/admin/outbox", label: "Outbox", description: "emails sent or waiting", action: "outbox.view" },
  { href: "/admin/roles", label: "Roles", description: "who may do what", action: "roles.manage" },
  {
    href: "/people/import",
    label: "Import people",
    description: "staff, pupils and parents from MIS exports",
    action: "people.import",
  },
];

/** The Administration links this person may open. */
export function adminLinksFor(user: SignedInUser): AdminLink[] {
  return [...CORE_ADMIN_LINKS, ...capabilities().flatMap((c) => c.adminLinks ?? [])].filter((link) =>
    can(user, link.action),
  );
}

/** The main navigation for this person: Home, each capability's pages, then the core's. */
export function navFor(user: SignedInUser): NavLink[] {
  const items: NavLink[] = [
    { href: "/", label: "Home", action: "home.view" },
    ...capabilities().flatMap((c) => c.nav ?? []),
    { href: "/people", label: "People", action: "people.view", leading: true },
  ];
  const visible = items.filter((n) => can(user, n.action));
  if (adminLinksFor(user).length > 0)
    visible.push({ href: "/admin", label: "Administration", action: "home.view", leading: true });
  visible.push({ href: "/notifications", label: "Notifications", action: "home.view" });
  if (can(user, "own-record.view"))
    visible.push({ href: "/me", label: "My record", action: "own-record.view" });
  return visible;
}
