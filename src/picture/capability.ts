// The trust's picture: the committee report (HTML and PDF), the trustees' dashboard of every school
// in numbers, and exports of every capability's registers (CSV, and the whole trust as a zip).
// It reads no table of its own or anyone else's: each capability contributes its report sections
// and registers through the contract.
import "./audit-events";
import { can } from "../platform/auth/permissions";
import type { Capability } from "../platform/capability";
import { registerPictureCommands } from "./cli";
import { picturePermissions } from "./permissions";
import { pictureRoutes } from "./routes";

export const picture: Capability = {
  key: "picture",
  name: "Reports and exports",
  permissions: picturePermissions,
  routes: [pictureRoutes],
  nav: [
    { href: "/trust-picture", label: "Every school", action: "picture.dashboard" },
    { href: "/report", label: "Committee report", action: "picture.report" },
  ],
  adminLinks: [
    {
      href: "/exports",
      label: "Exports",
      description: "every register as CSV; the whole trust as a zip with a manifest",
      action: "picture.exports",
    },
  ],
  homeItems: async (_db, user) =>
    can(user, "picture.dashboard")
      ? [
          {
            urgency: "later",
            text: "Every school in numbers and charts, with no names",
            href: "/trust-picture",
          },
        ]
      : [],
  cli: registerPictureCommands,
};
