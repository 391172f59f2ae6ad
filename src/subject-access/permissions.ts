// The subject access capability's rows of the permission matrix. Everyone sees and downloads their
// own record (own-record.view, in the core); a principal answers requests for their school's staff,
// a trust administrator for anyone (there is no DPO role yet: the trust administrator acts as one).
import type { ActionsOf, PermissionRule } from "../platform/auth/permissions";

export const subjectAccessPermissions = {
  "subject-access.produce": {
    means: "record a subject access request and produce the person's data for it, redacting case entries",
    roles: ["trust-admin", "principal"],
    personal: true,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof subjectAccessPermissions> {}
}
