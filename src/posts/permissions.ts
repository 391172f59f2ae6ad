// The post check's rows of the permission matrix.
import { ALL_STAFF, type ActionsOf, type PermissionRule } from "../platform/auth/permissions";

export const postPermissions = {
  "posts.check": { means: "check a post before publishing", roles: ALL_STAFF, personal: false },
  // A trust administrator sees every school's examples; a principal only their own school's.
  "posts.examples": {
    means: "see, download and withdraw the posts staff gave as examples for the post check",
    roles: ["trust-admin", "principal"],
    personal: true,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof postPermissions> {}
}
