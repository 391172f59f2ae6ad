// Subject access (UK GDPR Art. 15): My data, everything Conduct holds about a person on one page
// and as JSON, from every capability's `subjectAccess`; and requests a leader answers for someone,
// within one calendar month, with case entries redacted for a reason and every production audited.
import "./audit-events";
import type { Capability } from "../platform/capability";
import { subjectAccessPermissions } from "./permissions";
import { subjectAccessRoutes } from "./routes";

export const subjectAccess: Capability = {
  key: "subject-access",
  name: "Subject access",
  permissions: subjectAccessPermissions,
  routes: [subjectAccessRoutes],
  adminLinks: [
    {
      href: "/subject-access",
      label: "Subject access requests",
      description:
        "a person's data for their request, within one month, with case entries redacted for a reason",
      action: "subject-access.produce",
    },
  ],
};
