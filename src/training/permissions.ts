// The training capability's rows of the permission matrix.
import { ALL_STAFF, type ActionsOf, LEADERS, type PermissionRule } from "../platform/auth/permissions";

export const trainingPermissions = {
  "training.record": {
    means:
      "record a briefing or training on the policy at a school, with who attended, and read those records (3.1.1)",
    roles: LEADERS,
    personal: true,
  },
  "training.own": {
    means: "see the briefings and training on the policy you attended",
    roles: ALL_STAFF,
    personal: false,
  },
  "training.discussions.view": {
    means: "see when each school held its termly discussion of the policy (3.1.2)",
    roles: LEADERS,
    personal: false,
  },
  "training.discussions.schedule": {
    means: "schedule the termly discussion of the policy at each school",
    roles: ["trust-admin"],
    personal: false,
  },
  "training.discussions.record": {
    means: "record that a school's termly discussion of the policy happened",
    roles: LEADERS,
    personal: false,
  },
  "training.privacy.own": {
    means: "work through the account privacy check-up and see your own check-ups (4.9)",
    roles: ALL_STAFF,
    personal: false,
  },
  "training.privacy.count": {
    means:
      "see how many of a school's staff did the account privacy check-up in the last year (a count, never whose answers)",
    roles: LEADERS,
    personal: false,
  },
  "training.privacy.checklist": {
    means: "edit the account privacy check-up's list of platforms and things to check",
    roles: ["trust-admin"],
    personal: false,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof trainingPermissions> {}
}
