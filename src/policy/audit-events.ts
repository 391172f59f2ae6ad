// The policy capability's audit events: versions, approval, controls, documents, reminders.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const policyAuditEvents = declareAuditEvents("policy", {
  "policy.imported": { detail: any, means: "imported a version of the policy" },
  "policy.approved": { detail: any, means: "recorded the approval of a policy version" },
  "policy.review-reminded": {
    detail: any,
    means: "reminded those responsible that the policy's review is due",
  },
  "policy.review-overdue-escalated": {
    detail: any,
    means: "told the trustees the policy's review is overdue",
  },
  "controls.mapped": { detail: any, means: "linked a control to a clause" },
  "controls.remapped": { detail: any, means: "moved a control's link to a reworded clause" },
  "controls.unmapped": { detail: any, means: "removed a control's link to a clause" },
  "document.recorded": { detail: any, means: "recorded a trust document" },
  "document.retired": { detail: any, means: "retired a trust document" },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof policyAuditEvents> {}
}
