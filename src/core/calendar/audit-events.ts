// The school calendar's audit events.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../../platform/audit/audit-catalogue";

export const calendarAuditEvents = declareAuditEvents("calendar", {
  "calendar.saved": {
    detail: z.looseObject({ terms: z.number().int(), closures: z.number().int() }),
    means: "changed a school's term dates and closures",
  },
});

declare module "../../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof calendarAuditEvents> {}
}
