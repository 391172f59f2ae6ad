// Official accounts and permissions: the register of school and trust accounts (5.3), explicit
// permission to post with expiry (5.1), approval of official posts checked by the post check
// (5.4, 8.2.1), platforms sanctioned for work with pupils (6.1) and sites on school devices (8.6.3).
import { count, eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import type { Capability } from "../platform/capability";
import { accountSubjectAccess } from "./subject-access";
import { officialAccountsEvidence } from "./control-evidence";
import "./audit-events";
import { accountHomeItems } from "./home-items";
import { accountJobs } from "./jobs";
import { loadDemoAccounts } from "./load-demo-accounts";
import { accountPermissions } from "./permissions";
import { accountRoutes } from "./account-routes";
import { officialPostRoutes } from "./post-routes";
import { officialAccounts, officialPosts, postingGrants } from "./schema";
import { accountReportSections } from "./report-section";
import { accountRegisters } from "./registers";

export const accounts: Capability = {
  key: "accounts",
  name: "Official accounts",
  reportSections: accountReportSections,
  registers: accountRegisters,
  permissions: accountPermissions,
  routes: [accountRoutes, officialPostRoutes],
  jobs: accountJobs,
  nav: [
    { href: "/accounts", label: "Official accounts", action: "accounts.view", leading: true },
    { href: "/my-posting", label: "Posting for the school", action: "posts.draft" },
    { href: "/official-posts/review", label: "Posts to approve", action: "posts.approve", leading: true },
  ],
  adminLinks: [
    {
      href: "/admin/school-email-domains",
      label: "School email domains",
      description: "the domains an official account's login may be on (5.3)",
      action: "trust.manage",
    },
  ],
  controls: [
    {
      key: "official-accounts",
      name: "Official accounts and permissions",
      does: "Register of school accounts, explicit permission grants with expiry, leaders' approval of official posts, sanctioned platforms and sites on school devices",
      href: "/accounts",
      defaults: ["5.1", "5.3", "5.4", "6.1", "8.2.1", "8.6.3"],
      evidence: officialAccountsEvidence,
    },
  ],
  subjectAccess: accountSubjectAccess,
  personalData: async (db, person) => {
    const [g] = await db
      .select({ n: count() })
      .from(postingGrants)
      .where(eq(postingGrants.granteeId, person.userId));
    const [p] = await db
      .select({ n: count() })
      .from(officialPosts)
      .where(eq(officialPosts.authorId, person.userId));
    const [o] = await db
      .select({ n: count() })
      .from(officialAccounts)
      .where(eq(officialAccounts.ownerId, person.userId));
    return [
      { label: "Permissions to post on official accounts", count: g?.n ?? 0, href: "/my-posting" },
      { label: "Posts you drafted for official accounts", count: p?.n ?? 0, href: "/my-posting" },
      { label: "Official accounts you own", count: o?.n ?? 0 },
    ];
  },
  demo: loadDemoAccounts,
  homeItems: (db, user) => accountHomeItems(db, user, calendarDateAt(new Date(), defaultTimeZone)),
};
