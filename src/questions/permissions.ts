// The questions capability's rows of the permission matrix. Who may read one question is decided
// per question (the asker, the person it is routed to, the principal above): see can-read-question.ts.
import { ALL_STAFF, type ActionsOf, LEADERS, ROLES, type PermissionRule } from "../platform/auth/permissions";

export const questionPermissions = {
  "questions.ask": {
    means: "ask a question about the policy, and answer questions routed to you (3.2.2, 4.10)",
    roles: ALL_STAFF,
    personal: true,
  },
  "questions.oversee": {
    means: "see your school's open and overdue questions and publish answered ones as guidance",
    roles: LEADERS,
    personal: true,
  },
  "questions.insights": {
    means: "see how many questions are open, overdue and how quickly they are answered, without names",
    roles: [...LEADERS, "trustee", "local-governor"],
    personal: false,
  },
  "questions.guidance": {
    means: "read guidance published from answered questions, under its clause",
    roles: ROLES,
    personal: false,
  },
  "questions.settings": {
    means: "set the response deadline for questions",
    roles: ["trust-admin"],
    personal: false,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof questionPermissions> {}
}
