// The policy capability's rows of the permission matrix.
import { type ActionsOf, type PermissionRule, ROLES } from "../platform/auth/permissions";

export const policyPermissions = {
  "policy.view": { means: "read the current policy", roles: ROLES, personal: false },
  "policy.evidence": {
    means: "see each clause's control and its live, aggregate evidence",
    roles: ["trust-admin", "it-director", "hr", "trustee", "principal", "senior-leader", "dsl"],
    personal: false,
  },
  "policy.manage": {
    means: "import, lint and compare policy versions",
    roles: ["trust-admin"],
    personal: false,
  },
  "policy.approve": {
    means: "record a version's approval and make it current",
    roles: ["trust-admin"],
    personal: false,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof policyPermissions> {}
}
