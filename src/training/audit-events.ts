// The training capability's audit events.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const trainingAuditEvents = declareAuditEvents("training", {
  "training.session-recorded": { detail: any, means: "recorded a briefing or training on the policy" },
  "training.session-viewed": { detail: any, means: "looked at who attended a briefing or training" },
  "training.material-opened": { detail: any, means: "opened the materials of a briefing or training" },
  "training.discussion-scheduled": {
    detail: any,
    means: "scheduled a school's termly discussion of the policy",
  },
  "training.discussion-recorded": {
    detail: any,
    means: "recorded that a termly discussion of the policy happened",
  },
  "training.privacy-check-up-done": {
    detail: any,
    means: "did the account privacy check-up (the answers are not in the trail)",
  },
  "training.privacy-checklist-saved": {
    detail: any,
    means: "saved a new version of the account privacy check-up's checklist",
  },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof trainingAuditEvents> {}
}
