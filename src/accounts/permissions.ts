// The official accounts capability's rows of the permission matrix. Who may grant or approve for a
// particular account (its own school's leaders; trust admins for trust accounts) is decided in
// grant-state.ts; these rows decide who reaches the pages at all.
import { ALL_STAFF, type ActionsOf, type PermissionRule } from "../platform/auth/permissions";

export const accountPermissions = {
  "accounts.view": {
    means: "see the registers of official accounts, sanctioned platforms and sites on school devices",
    roles: ["trust-admin", "it-director", "principal", "senior-leader"],
    personal: true,
  },
  "accounts.manage": {
    means: "add and change official accounts, sanctioned platforms and sites on school devices",
    roles: ["trust-admin", "it-director", "principal", "senior-leader"],
    personal: true,
  },
  "grants.manage": {
    means: "give and revoke permission to post on your school's official accounts",
    roles: ["trust-admin", "principal", "senior-leader"],
    personal: true,
  },
  "posts.draft": {
    means: "see your permissions to post and draft posts for an official account you hold permission for",
    roles: ALL_STAFF,
    personal: true,
  },
  "posts.approve": {
    means: "approve, send back or reject drafts for your school's official accounts",
    roles: ["trust-admin", "principal", "senior-leader"],
    personal: true,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof accountPermissions> {}
}
