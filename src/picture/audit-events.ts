// The picture capability's audit events: registers exported as CSV and the whole trust as a zip.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";
import { formatDay } from "../platform/format-date";

/** Who exported, by role (never their name: the row's actor says who). */
const byRole = (detail: Record<string, unknown>) =>
  typeof detail.role === "string" && detail.role ? detail.role : "someone at the trust";
const onDay = (at: string) => formatDay(new Date(at));

export const pictureAuditEvents = declareAuditEvents("picture", {
  "register.exported": {
    detail: z.looseObject({
      table: z.string(),
      rows: z.number().int(),
      school: z.string().nullable(),
      sha256: z.string(),
      /** The register's name, the exporter's roles, and whose records were in it (account or staff ids). */
      name: z.string().optional(),
      role: z.string().optional(),
      personIds: z.array(z.string()).optional(),
    }),
    means: "exported a register as CSV",
    toPerson: (detail, at) =>
      `your records were included in an export of ${String(detail.name ?? detail.table)} by ${byRole(detail)} on ${onDay(at)}`,
  },
  // Before the zip's first byte: who, and which registers (older rows also carry the zip's digest).
  "trust.exported": {
    detail: z.looseObject({
      school: z.string().nullable(),
      tables: z.array(z.looseObject({ table: z.string() })),
      sha256: z.string().optional(),
      role: z.string().optional(),
    }),
    means: "exported every register it may read as a zip",
  },
  // Once the last row is read, before the zip is finished: each file's digest, and whose records.
  "trust.export-completed": {
    detail: z.looseObject({
      school: z.string().nullable(),
      tables: z.array(z.looseObject({ table: z.string(), rows: z.number().int(), sha256: z.string() })),
      role: z.string().optional(),
      personIds: z.array(z.string()),
    }),
    means: "finished an export of every register it may read as a zip",
    toPerson: (detail, at) =>
      `your records were included in an export of the whole trust (every register) by ${byRole(detail)} on ${onDay(at)}`,
  },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof pictureAuditEvents> {}
}
