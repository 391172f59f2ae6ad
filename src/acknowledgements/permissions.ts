// The acknowledgement capability's rows of the permission matrix.
import { ALL_STAFF, type ActionsOf, LEADERS, type PermissionRule } from "../platform/auth/permissions";

export const acknowledgementPermissions = {
  "acknowledgement.own": {
    means: "read the current policy and acknowledge it (3.2.1, 3.3.1)",
    roles: [...ALL_STAFF, "trustee", "local-governor"],
    personal: false,
  },
  "acknowledgement.manage": {
    means:
      "see who has acknowledged the policy, record an acknowledgement for someone, mark material changes and write check questions",
    roles: LEADERS,
    personal: true,
  },
  "acknowledgement.summary": {
    means: "see how many have acknowledged the policy, by school, without names",
    roles: [...LEADERS, "trustee", "local-governor"],
    personal: false,
  },
  "acknowledgement.settings": {
    means: "set the acknowledgement due date, reminders, escalation and pass mark",
    roles: ["trust-admin"],
    personal: false,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof acknowledgementPermissions> {}
}
