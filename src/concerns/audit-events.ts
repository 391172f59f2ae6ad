// The concerns capability's audit events: every report, view, entry and decision on a case.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const concernAuditEvents = declareAuditEvents("concerns", {
  "concern.reported": { detail: any, means: "reported a concern" },
  "concern.viewed": { detail: any, means: "opened a case" },
  "concern.view-refused": { detail: any, means: "was refused a case" },
  "concern.entry-added": { detail: any, means: "added an entry to a case's chronology" },
  "concern.access-granted": { detail: any, means: "gave someone access to a case" },
  "concern.document-stored": { detail: any, means: "kept a file with a case" },
  "concern.document-opened": { detail: any, means: "opened a file of a case" },
  "concern.escalated": { detail: any, means: "escalated an overdue case" },
  "concern.patterns-viewed": { detail: any, means: "looked at low-level concerns across the trust" },
  "concern.recorded-externally": {
    detail: any,
    means: "recorded that a concern is kept in another safeguarding system",
  },
  "concern.closed": { detail: any, means: "recorded a case's outcome" },
  "concern.removed": { detail: any, means: "removed a case at the end of its retention" },
  "concern-settings.saved": { detail: any, means: "changed the settings for concerns" },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof concernAuditEvents> {}
}
