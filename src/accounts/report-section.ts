// Official accounts' part of the committee report (5.1, 5.3, 5.4, 6.1, 8.2.1): the register of
// accounts, permissions to post, and official posts drafted and approved in the period; numbers only.
import { and, gte, lt, sql } from "drizzle-orm";
import type { ReportContext, ReportSection, SchoolScope } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { officialAccounts, officialPosts, postingGrants, sanctionedPlatforms } from "./schema";

/** Trust accounts (no school) count only in a report of the whole trust. */
const accountScope = (scope: SchoolScope) =>
  scope === "all" ? undefined : inSchoolScope(officialAccounts.schoolId, scope);

export async function accountReportSections({
  db,
  scope,
  from,
  to,
  days,
  schools,
}: ReportContext): Promise<ReportSection[]> {
  const accounts = await db
    .select({
      schoolId: officialAccounts.schoolId,
      open: sql<number>`count(*) filter (where ${officialAccounts.status} <> 'closed')::int`,
      noMfa: sql<number>`count(*) filter (where ${officialAccounts.status} <> 'closed' and not ${officialAccounts.mfaEnabled})::int`,
      handover: sql<number>`count(*) filter (where ${officialAccounts.status} <> 'closed' and ${officialAccounts.handoverFlaggedAt} is not null)::int`,
    })
    .from(officialAccounts)
    .where(accountScope(scope))
    .groupBy(officialAccounts.schoolId);
  const [grants] = await db
    .select({
      given: sql<number>`count(*) filter (where ${postingGrants.createdAt} >= ${from} and ${postingGrants.createdAt} < ${to})::int`,
      live: sql<number>`count(*) filter (where ${postingGrants.createdAt} < ${to} and ${postingGrants.expiresOn} >= ${days.last}::date and (${postingGrants.endedAt} is null or ${postingGrants.endedAt} >= ${to}))::int`,
      ended: sql<number>`count(*) filter (where ${postingGrants.endedAt} >= ${from} and ${postingGrants.endedAt} < ${to})::int`,
    })
    .from(postingGrants)
    .innerJoin(officialAccounts, sql`${officialAccounts.id} = ${postingGrants.accountId}`)
    .where(accountScope(scope));
  const posts = await db
    .select({
      status: officialPosts.status,
      n: sql<number>`count(*)::int`,
      differs: sql<number>`count(${officialPosts.differsFlaggedAt})::int`,
    })
    .from(officialPosts)
    .innerJoin(officialAccounts, sql`${officialAccounts.id} = ${officialPosts.accountId}`)
    .where(and(gte(officialPosts.createdAt, from), lt(officialPosts.createdAt, to), accountScope(scope)))
    .groupBy(officialPosts.status);
  const [platforms] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sanctionedPlatforms)
    .where(inSchoolScope(sanctionedPlatforms.schoolId, scope));
  const version = await loadCurrentPolicy(db);
  const clauses = version
    ? ["5.1", "5.3", "5.4", "6.1", "8.2.1"].flatMap(
        (t) => findTemplateClause(version.parsed, t)?.number ?? [],
      )
    : [];
  const name = new Map(schools.map((s) => [s.id, s.name]));
  const open = accounts.reduce((n, a) => n + a.open, 0);
  const noMfa = accounts.reduce((n, a) => n + a.noMfa, 0);
  const drafted = posts.reduce((n, p) => n + p.n, 0);
  const approved = posts
    .filter((p) => p.status === "approved" || p.status === "published")
    .reduce((n, p) => n + p.n, 0);
  const g = grants ?? { given: 0, live: 0, ended: 0 };
  return [
    {
      key: "official-accounts",
      title: "Official accounts and permissions to post",
      clauses,
      headline: `${open} official accounts in the register (${noMfa} without multi-factor sign-in); ${g.live} live permissions to post at the end of the period, ${g.given} given and ${g.ended} ended in it; ${drafted} official posts drafted, ${approved} approved; ${platforms?.n ?? 0} platforms sanctioned for work with pupils.`,
      tables: [
        {
          caption: "Official accounts by school",
          columns: ["School", "Open accounts", "Without multi-factor sign-in", "Owner has left"],
          rows: accounts
            .map(
              (a) =>
                [a.schoolId ? (name.get(a.schoolId) ?? "") : "The trust", a.open, a.noMfa, a.handover] as (
                  | string
                  | number
                )[],
            )
            .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
          chart: "bar",
        },
        {
          caption: "Official posts drafted in the period, by where they stand",
          columns: ["Status", "Posts"],
          rows: posts.map((p) => [p.status, p.n]),
        },
        {
          caption: "Permissions to post",
          columns: ["Kind", "Number"],
          rows: [
            ["Given in the period", g.given],
            ["Ended in the period (revoked or the person left)", g.ended],
            ["Live at the end of the period", g.live],
            [
              "Published posts flagged as differing from the approved text",
              posts.reduce((n, p) => n + p.differs, 0),
            ],
          ],
        },
      ],
    },
  ];
}
