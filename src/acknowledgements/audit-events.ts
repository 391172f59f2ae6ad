// The acknowledgements capability's audit events.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const acknowledgementAuditEvents = declareAuditEvents("acknowledgements", {
  "acknowledgement.recorded": { detail: any, means: "acknowledged the policy" },
  "acknowledgement.recorded-on-behalf": {
    detail: any,
    means: "recorded an acknowledgement of the policy on someone's behalf",
  },
  "acknowledgement.material-changes-marked": {
    detail: any,
    means: "marked which changes in a new version are material",
  },
  "acknowledgement.completion-viewed": { detail: any, means: "looked at who has acknowledged the policy" },
  "acknowledgement.register-exported": { detail: any, means: "downloaded the acknowledgement register" },
  "acknowledgement.settings-saved": { detail: any, means: "changed the acknowledgement settings" },
  "acknowledgement.check-question-written": {
    detail: any,
    means: "wrote a question for the check of understanding",
  },
  "acknowledgement.check-question-retired": {
    detail: any,
    means: "retired a question of the check of understanding",
  },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof acknowledgementAuditEvents> {}
}
