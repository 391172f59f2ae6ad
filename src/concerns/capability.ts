// Concerns, low-level concerns, allegations and cases (3.1.3, 4.1.2, 11.1, 11.2, 12.1, 12.2): the
// right person at once, an append-only chronology, need-to-know access with step-up, every view audited.
import "./audit-events";
import { count, eq } from "drizzle-orm";
import type { Capability } from "../platform/capability";
import { concernSubjectAccess } from "./subject-access";
import { stepUpRoutes } from "../platform/auth/step-up-routes";
import { concernEvidence } from "./control-evidence";
import { concernJobs } from "./jobs";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { concernHomeItems } from "./home-items";
import { concernPermissions } from "./permissions";
import { concernRoutes } from "./routes";
import { concerns } from "./schema";
import { concernReportSections } from "./report-section";
import { concernRegisters } from "./registers";

export const concernsCapability: Capability = {
  key: "concerns",
  name: "Concerns and cases",
  reportSections: concernReportSections,
  registers: concernRegisters,
  permissions: concernPermissions,
  // A report carries its text and up to five files of 10 MB; a case document one file.
  bodyLimits: [
    {
      path: /^\/concerns$/,
      maxBytes: 51 * 1024 * 1024,
      what: "a concern with its files (at most 5 of 10 MB)",
    },
    { path: /^\/concerns\/[^/]+\/documents$/, maxBytes: 10.25 * 1024 * 1024, what: "a file (at most 10 MB)" },
  ],
  // The step-up pages live in platform/auth; they are mounted here until the platform mounts them.
  routes: [concernRoutes, stepUpRoutes],
  jobs: concernJobs,
  nav: [{ href: "/concerns", label: "Concerns", action: "concerns.report" }],
  adminLinks: [
    {
      href: "/concerns/settings",
      label: "Concerns and cases",
      description: "who manages an allegation about a principal, deadlines and retention",
      action: "concerns.settings",
    },
  ],
  controls: [
    {
      key: "concerns",
      name: "Concerns and cases",
      does: "Concerns reach the DSL, head teacher or case manager at once; allegations follow KCSIE Part 4; an append-only chronology",
      href: "/concerns/overview",
      defaults: ["3.1.3", "4.1.2", "11.1", "11.2", "12.1", "12.2"],
      evidence: concernEvidence,
    },
  ],
  subjectAccess: concernSubjectAccess,
  personalData: async (db, person) => {
    const [reported] = await db
      .select({ n: count() })
      .from(concerns)
      .where(eq(concerns.reporterId, person.userId));
    return [
      {
        label: "Concerns you reported",
        count: reported?.n ?? 0,
        href: "/concerns",
        note: "Records about you in a case are disclosed on request by the case manager, within safeguarding law.",
      },
    ];
  },
  homeItems: (db, user) => concernHomeItems(db, user, calendarDateAt(new Date(), defaultTimeZone)),
};
