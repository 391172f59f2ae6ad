// The trust's picture: the committee report (HTML and PDF), the trustees' dashboard of every school
// in numbers, and exports of every capability's registers (CSV, and the whole trust as a zip).
// It reads no table of its own or anyone else's: each capability contributes its report sections
// and registers through the contract.
import { formatDay } from "../platform/format-date";
import "./audit-events";
import { can } from "../platform/auth/permissions";
import type { Capability } from "../platform/capability";
import { cachedReport } from "./build-report";
import { registerPictureCommands } from "./cli";
import { defaultPeriod, readPeriod } from "./report-period";
import { picturePermissions } from "./permissions";
import { pictureRoutes } from "./routes";

function readDefaultPeriod() {
  const d = defaultPeriod(new Date());
  const p = readPeriod(d.from, d.to);
  if (!p.ok) throw new Error(p.message);
  return p.period;
}

export const picture: Capability = {
  key: "picture",
  name: "Reports and exports",
  permissions: picturePermissions,
  routes: [pictureRoutes],
  nav: [
    { href: "/trust-picture", label: "Every school", action: "picture.dashboard", leading: true },
    { href: "/report", label: "Committee report", action: "picture.report", leading: true },
  ],
  adminLinks: [
    {
      href: "/exports",
      label: "Exports",
      description: "every register as CSV; the whole trust as a zip with a manifest",
      action: "picture.exports",
    },
  ],
  homeItems: async (_db, user) =>
    can(user, "picture.dashboard")
      ? [
          {
            urgency: "later",
            text: "Every school in numbers and charts, with no names",
            href: "/trust-picture",
          },
        ]
      : [],
  // The trust at a glance for those who hold the dashboard (trustees): each section's headline and
  // the first chart by school, from the kept report, so a home page view costs two small queries.
  homePanels: async (db, user) => {
    if (!can(user, "picture.dashboard")) return [];
    const { report, charts } = await cachedReport({ db, school: null, period: readDefaultPeriod() });
    const bySchool = report.sections
      .flatMap((s) => s.tables)
      .find((t) => t.columns[0] === "School" && charts.has(t));
    return [
      {
        key: "trust",
        title: `The trust in numbers, ${formatDay(report.days.first)} to ${formatDay(report.days.last)}`,
        lines: report.sections.map((s) => `${s.title}: ${s.headline}`),
        table: bySchool,
        chartSvg: bySchool ? charts.get(bySchool) : undefined,
        link: { href: "/trust-picture", label: "Every school in numbers and charts" },
      },
    ];
  },
  // Each register's page links to its CSV here, for those who may take it (register-csv-link.tsx).
  registerExports: {
    href: (table, school) =>
      `/exports/${table}.csv${school ? `?school=${encodeURIComponent(school.slug)}` : ""}`,
    may: (user, register, school) =>
      can(user, "picture.exports") && can(user, register.action, school ? { schoolId: school.id } : {}),
  },
  cli: registerPictureCommands,
};
