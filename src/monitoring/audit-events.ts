// Monitoring's audit events: ingests and purges (counts only), the DPO record, each look at a
// named person's detail (with its reason), and reviews and challenges of findings.
import { z } from "zod";
import { type AuditDetails, declareAuditEvents } from "../platform/audit/audit-catalogue";

const any = z.looseObject({});

export const monitoringAuditEvents = declareAuditEvents("monitoring", {
  "monitoring.ingested": { detail: any, means: "ingested a web filter log into monitoring minutes" },
  "monitoring.purged": { detail: any, means: "deleted monitoring minutes past their retention period" },
  "monitoring.dpo-record-saved": { detail: any, means: "changed a school's monitoring DPO record" },
  "monitoring.detail-viewed": {
    detail: any,
    means: "looked at a named person's monitoring data, with a reason",
  },
  "monitoring.finding-confirmed": { detail: any, means: "confirmed a monitoring finding, with a reason" },
  "monitoring.finding-dismissed": { detail: any, means: "dismissed a monitoring finding, with a reason" },
  "monitoring.bells-saved": { detail: any, means: "changed a school's bell schedule for monitoring" },
  "monitoring.timetable-uploaded": {
    detail: any,
    means: "replaced a school's staff timetables (counts only)",
  },
  "monitoring.thresholds-saved": { detail: any, means: "changed the trust's excessive-use thresholds (9.1)" },
  "monitoring.reclassed": {
    detail: any,
    means: "re-classed a school's stored minutes after its rules changed",
  },
  "monitoring.leases-kept": {
    detail: any,
    means: "loaded an IP-to-staff map (DHCP leases) that later ingests attribute by (counts only)",
  },
  "monitoring.finding-challenged": { detail: any, means: "challenged a monitoring finding about them" },
});

declare module "../platform/audit/audit-catalogue" {
  interface AuditEventCatalogue extends AuditDetails<typeof monitoringAuditEvents> {}
}
