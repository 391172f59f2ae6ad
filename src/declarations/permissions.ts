// The declarations capability's rows of the permission matrix.
import { ALL_STAFF, type ActionsOf, LEADERS, type PermissionRule } from "../platform/auth/permissions";

export const declarationPermissions = {
  "declarations.own": {
    means: "declare your own social media relationships and keep evidence of rejected approaches",
    roles: ALL_STAFF,
    personal: true,
  },
  "declarations.review": {
    means: "review the declarations of your school's staff",
    roles: [...LEADERS, "dsl"],
    personal: true,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof declarationPermissions> {}
}
