// The subject access capability's audit events: each names the person (personId), so their own
// "who has looked at your records" shows every request, look, redaction and production.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const subjectAccessAuditEvents = declareAuditEvents("subject-access", {
  "subject-access.requested": { detail: any, means: "recorded a subject access request for your data" },
  "subject-access.viewed": { detail: any, means: "looked at your data to answer a subject access request" },
  "subject-access.redacted": {
    detail: z.looseObject({ section: z.string(), recordId: z.string() }),
    means: "redacted a case entry from your data for a subject access request, with a reason",
  },
  "subject-access.produced": {
    detail: z.looseObject({ redactions: z.number() }),
    means: "produced a copy of your data for a subject access request",
  },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof subjectAccessAuditEvents> {}
}
