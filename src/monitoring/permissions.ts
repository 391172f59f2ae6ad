// The monitoring capability's rows of the permission matrix. School totals and the heatmap carry no
// names; a named person's detail, findings and reviews do, so they are personal (never trustees).
import { ALL_STAFF, type ActionsOf, type PermissionRule } from "../platform/auth/permissions";

export const monitoringPermissions = {
  "monitoring.own": {
    means: "see your own monitoring data, findings and who looked at them, and challenge a finding",
    roles: ALL_STAFF,
    personal: false,
  },
  "monitoring.report": {
    means: "see a school's monitoring totals and heatmap, without names",
    roles: ["trust-admin", "it-director", "principal", "senior-leader"],
    personal: false,
  },
  "monitoring.detail": {
    means: "see a named person's monitoring detail, with a recorded reason, and review their findings",
    roles: ["principal", "senior-leader"],
    personal: true,
  },
  "monitoring.ingest": {
    means: "upload a school's web filter log to be counted into monitoring minutes (counts only)",
    roles: ["trust-admin", "it-director", "principal"],
    personal: false,
  },
  "monitoring.settings": {
    means: "keep a school's bell schedule and staff timetables, which minutes are classed by (8.6.2)",
    roles: ["trust-admin", "it-director", "principal", "senior-leader"],
    personal: false,
  },
  "monitoring.thresholds": {
    means: "set the trust's excessive-use thresholds (9.1)",
    roles: ["trust-admin", "it-director"],
    personal: false,
  },
  "monitoring.dpo": {
    means: "keep the monitoring record a DPO signs: purpose, lawful basis, DPIA, privacy notice, decisions",
    roles: ["trust-admin", "it-director", "principal"],
    personal: false,
  },
} as const satisfies Record<string, PermissionRule>;

declare module "../platform/auth/permissions" {
  interface CapabilityActions extends ActionsOf<typeof monitoringPermissions> {}
}
