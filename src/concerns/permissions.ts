// The concerns capability's rows of the permission matrix. The matrix only opens the door: every
// case route then asks caseAccess (case-access.ts) about the one record, so a role alone never
// shows a case.
import { ALL_STAFF, type ActionsOf, type PermissionRule } from "../platform/auth/permissions";

export const concernPermissions = {
  "concerns.report": {
    means: "report a concern (about a child, a member of staff, the school's reputation, or abuse of staff)",
    roles: ALL_STAFF,
    personal: false,
  },
  "concerns.cases": {
    means: "open the cases routed to you or that you were added to, after stepping up",
    roles: ALL_STAFF,
    personal: true,
  },
  "concerns.patterns": {
    means: "see low-level concern patterns across the trust's schools",
    roles: ["principal", "hr"],
    personal: true,
  },
  "concerns.numbers": {
    means: "see numbers of concerns and cases by school, without names",
    roles: ["trust-admin", "hr", "trustee", "principal", "dsl"],
    personal: false,
  },
  "concerns.settings": {
    means: "set who manages an allegation about a principal, deadlines and retention for cases",
    roles: ["trust-admin", "hr"],
    personal: false,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof concernPermissions> {}
}
