// The post check's audit events: its rules and each school's settings.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const postAuditEvents = declareAuditEvents("posts", {
  "post-rules.changed": { detail: any, means: "changed the trust's post check rules" },
  "school.settings-changed": { detail: any, means: "changed a school's post check settings" },
  "post-example.submitted": {
    detail: any,
    means: "gave a post, with consent, as a labelled example for the trust's post check",
  },
  "post-examples.viewed": { detail: any, means: "looked at the trust's post check examples" },
  "post-examples.downloaded": { detail: any, means: "downloaded the trust's post check examples" },
  "post-example.withdrawn": { detail: any, means: "withdrew a post check example" },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof postAuditEvents> {}
}
