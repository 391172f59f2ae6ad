// Monitoring of social media use on school equipment: web filter logs into per-minute aggregates,
// classed against the bell schedule (8.6.2), excessive-use findings (9.1), under a DPO record.
import "./audit-events";
import { count, eq, sql } from "drizzle-orm";
import type { Capability } from "../platform/capability";
import { monitoringSubjectAccess } from "./subject-access";
import { registerMonitoringCommands } from "./cli";
import { monitoringEvidence } from "./control-evidence";
import { registerMonitoringDatabaseCommands } from "./database-cli";
import { monitoringHomeItems } from "./home-items";
import { allMinutes, bitCount } from "./minute-masks";
import { monitoringPermissions } from "./permissions";
import { purgeMonitoringMinutes } from "./purge-monitoring-minutes";
import { monitoringRoutes } from "./routes";
import { monitoringSettingsRoutes } from "./settings-routes";
import { LEASES_LIMIT, monitoringIngestRoutes, UPLOAD_LIMIT } from "./ingest-routes";
import { reclassChangedSchools } from "./reclass-minutes";
import {
  monitoringBellSchedules,
  monitoringDetailViews,
  monitoringFindings,
  monitoringMinutes,
} from "./schema";
import { monitoringReportSections } from "./report-section";
import { monitoringRegisters } from "./registers";

export const monitoring: Capability = {
  key: "monitoring",
  name: "Monitoring of school equipment",
  reportSections: monitoringReportSections,
  registers: monitoringRegisters,
  permissions: monitoringPermissions,
  routes: [monitoringRoutes, monitoringSettingsRoutes, monitoringIngestRoutes],
  // A log upload is read as it arrives, straight into the scanner (ingest-uploaded-log.ts).
  bodyLimits: [UPLOAD_LIMIT, LEASES_LIMIT],
  adminLinks: [
    {
      href: "/monitoring/thresholds",
      label: "Excessive-use thresholds",
      description:
        "The minutes a day and a week of social media use on school equipment that are excessive (9.1)",
      action: "monitoring.thresholds",
    },
  ],
  nav: [{ href: "/monitoring", label: "My monitoring", action: "monitoring.own" }],
  controls: [
    {
      key: "monitoring",
      name: "Monitoring of school equipment",
      does: "Social media minutes from web filter logs against the bell schedule, aggregates first",
      defaults: ["3.1.4", "8.6.2", "9.1", "10.1"],
      evidence: monitoringEvidence,
    },
  ],
  jobs: (services) => [
    {
      name: "monitoring.purge",
      cron: "20 3 * * *",
      handler: async () => {
        await purgeMonitoringMinutes({ db: services.database.db });
      },
    },
    {
      // The rules (bells, timetables, calendar, thresholds) may change in monitoring or in core's
      // calendar; every minute, a school whose kept rules differ from its minutes' is re-classed.
      name: "monitoring.reclass",
      cron: "* * * * *",
      handler: async () => {
        const { db } = services.database;
        const rows = await db
          .select({ schoolId: monitoringBellSchedules.schoolId })
          .from(monitoringBellSchedules);
        await reclassChangedSchools({ db, schoolIds: rows.map((r) => r.schoolId) });
      },
    },
  ],
  subjectAccess: monitoringSubjectAccess,
  personalData: async (db, person) => {
    if (!person.staffId) return [];
    const staffId = person.staffId;
    const [minutes] = await db
      .select({ n: sql<number>`coalesce(sum(${bitCount(allMinutes())}), 0)::int` })
      .from(monitoringMinutes)
      .where(eq(monitoringMinutes.staffId, staffId));
    const [findings] = await db
      .select({ n: count() })
      .from(monitoringFindings)
      .where(eq(monitoringFindings.staffId, staffId));
    const [views] = await db
      .select({ n: count() })
      .from(monitoringDetailViews)
      .where(eq(monitoringDetailViews.staffId, staffId));
    return [
      {
        label: "Minutes of social media use on school equipment",
        count: minutes?.n ?? 0,
        note: "domains and minutes only",
      },
      { label: "Monitoring findings about you", count: findings?.n ?? 0 },
      {
        label: "Looks at your monitoring data by a leader",
        count: views?.n ?? 0,
        note: "each with its reason",
      },
    ];
  },
  homeItems: monitoringHomeItems,
  cli: (program) => {
    registerMonitoringCommands(program);
    registerMonitoringDatabaseCommands(program);
  },
};
