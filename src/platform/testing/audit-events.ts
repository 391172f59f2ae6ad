// Audit events only tests write (the chain's own tests need events of no capability).
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const testAuditEvents = declareAuditEvents("tests", {
  test: { detail: any, means: "a test event" },
  "test.event": { detail: any, means: "a test event" },
  "test.concurrent": { detail: any, means: "a test event" },
  "rolled.back": { detail: any, means: "a test event" },
  committed: { detail: any, means: "a test event" },
});

declare module "../audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof testAuditEvents> {}
}
