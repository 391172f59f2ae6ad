// The picture capability's audit events: registers exported as CSV and the whole trust as a zip.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

export const pictureAuditEvents = declareAuditEvents("picture", {
  "register.exported": {
    detail: z.looseObject({
      table: z.string(),
      rows: z.number().int(),
      school: z.string().nullable(),
      sha256: z.string(),
    }),
    means: "exported a register as CSV",
  },
  "trust.exported": {
    detail: z.looseObject({
      school: z.string().nullable(),
      tables: z.array(z.looseObject({ table: z.string() })),
      sha256: z.string(),
    }),
    means: "exported every register it may read as a zip",
  },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof pictureAuditEvents> {}
}
