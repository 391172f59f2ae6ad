// Who may read the committee report, the trustees' dashboard, and export registers. The report
// and the dashboard are numbers only; a register export is governed by each register's own action.
import type { ActionsOf, PermissionRule } from "../platform/auth/permissions";
import { ROLES } from "../platform/auth/permissions";

export const picturePermissions = {
  "picture.report": {
    means: "read the committee report of your school, or of the trust for a trust-wide role (numbers only)",
    roles: ["trust-admin", "it-director", "hr", "trustee", "principal", "senior-leader"],
    personal: false,
  },
  "picture.dashboard": {
    means: "see numbers and charts for every school, without names",
    roles: ["trust-admin", "it-director", "hr", "trustee"],
    personal: false,
  },
  "picture.exports": {
    means: "export as CSV the registers your role may read",
    // Not plain staff nor a local governor: the link sits under Administration, which a member of staff never sees.
    roles: ROLES.filter((r) => r !== "staff" && r !== "local-governor"),
    personal: false,
  },
  "picture.trust-export": {
    means: "download every register of the trust as one zip, for an inspection or leaving Conduct",
    roles: ["trust-admin"],
    personal: true,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof picturePermissions> {}
}
