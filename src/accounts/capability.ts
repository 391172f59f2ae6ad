// Official accounts and permissions: the register of school and trust accounts (5.3), explicit
// permission to post with expiry (5.1), approval of official posts checked by the post check
// (5.4, 8.2.1), platforms sanctioned for work with pupils (6.1) and sites on school devices (8.6.3).
import { and, count, eq, gte, isNotNull, isNull, lte, ne, or } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { can } from "../platform/auth/permissions";
import type { Capability, HomeItem } from "../platform/capability";
import { accountSubjectAccess } from "./subject-access";
import { inReach } from "./account-scope";
import { officialAccountsEvidence } from "./control-evidence";
import "./audit-events";
import { accountJobs } from "./jobs";
import { loadDemoAccounts } from "./load-demo-accounts";
import { accountPermissions } from "./permissions";
import { accountRoutes } from "./account-routes";
import { approvableBy, officialPostRoutes } from "./post-routes";
import { addDays, REMINDER_DAYS } from "./send-grant-reminders";
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
    { href: "/accounts", label: "Official accounts", action: "accounts.view" },
    { href: "/my-posting", label: "Posting for the school", action: "posts.draft" },
    { href: "/official-posts/review", label: "Posts to approve", action: "posts.approve" },
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
  homeItems: async (db, user) => {
    const items: HomeItem[] = [];
    const today = calendarDateAt(new Date(), defaultTimeZone);
    if (can(user, "posts.approve")) {
      const [waiting] = await db
        .select({ n: count() })
        .from(officialPosts)
        .innerJoin(officialAccounts, eq(officialAccounts.id, officialPosts.accountId))
        .where(
          and(
            eq(officialPosts.status, "awaiting-approval"),
            approvableBy(user),
            ne(officialPosts.authorId, user.id),
          ),
        );
      if (waiting?.n)
        items.push({
          urgency: "now",
          text: "Posts for official accounts waiting for your approval",
          href: "/official-posts/review",
          count: waiting.n,
        });
    }
    if (can(user, "grants.manage")) {
      const [expiring] = await db
        .select({ n: count() })
        .from(postingGrants)
        .where(
          and(
            eq(postingGrants.grantedById, user.id),
            isNull(postingGrants.endedAt),
            gte(postingGrants.expiresOn, today),
            lte(postingGrants.expiresOn, addDays(today, REMINDER_DAYS)),
          ),
        );
      if (expiring?.n)
        items.push({
          urgency: "soon",
          text: "Permissions to post you gave that expire within two weeks",
          href: "/accounts",
          count: expiring.n,
        });
    }
    if (can(user, "accounts.manage")) {
      const [handover] = await db
        .select({ n: count() })
        .from(officialAccounts)
        .where(
          and(
            isNotNull(officialAccounts.handoverFlaggedAt),
            ne(officialAccounts.status, "closed"),
            inReach(user, "accounts.manage", officialAccounts.schoolId),
          ),
        );
      if (handover?.n)
        items.push({
          urgency: "now",
          text: "Official accounts whose owner has left",
          href: "/accounts",
          count: handover.n,
        });
    }
    const [changes] = await db
      .select({ n: count() })
      .from(officialPosts)
      .where(
        and(
          eq(officialPosts.authorId, user.id),
          or(eq(officialPosts.status, "changes-requested"), eq(officialPosts.status, "approved")),
        ),
      );
    if (changes?.n)
      items.push({
        urgency: "soon",
        text: "Your posts for official accounts: changes asked for, or approved to publish",
        href: "/my-posting",
        count: changes.n,
      });
    return items;
  },
};
