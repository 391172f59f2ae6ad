// Evidence for the official accounts control (5.1, 5.3, 5.4, 6.1, 8.2.1, 8.6.3): counts from the
// registers and the approval of official posts, never names. Each line is keyed by the school's
// own number for the clause, found by wording.
import { and, gte, isNotNull, isNull, sql } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import type { ControlEvidence, SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { deviceSites, officialAccounts, officialPosts, postingGrants, sanctionedPlatforms } from "./schema";

/** Trust accounts (no school) count only for a reader who sees every school. */
function accountScope(scope: SchoolScope) {
  return scope === "all" ? undefined : inSchoolScope(officialAccounts.schoolId, scope);
}

export async function officialAccountsEvidence(options: {
  db: Db;
  scope: SchoolScope;
  now: Date;
}): Promise<ControlEvidence> {
  const { db, scope, now } = options;
  const today = calendarDateAt(now, defaultTimeZone);
  const [accounts] = await db
    .select({
      total: sql<number>`count(*) filter (where ${officialAccounts.status} <> 'closed')::int`,
      noMfa: sql<number>`count(*) filter (where ${officialAccounts.status} <> 'closed' and not ${officialAccounts.mfaEnabled})::int`,
      handover: sql<number>`count(*) filter (where ${officialAccounts.status} <> 'closed' and ${officialAccounts.handoverFlaggedAt} is not null)::int`,
    })
    .from(officialAccounts)
    .where(accountScope(scope));
  const [grants] = await db
    .select({
      live: sql<number>`count(*)::int`,
      soon: sql<number>`count(*) filter (where ${postingGrants.expiresOn} <= (${today}::date + 14))::int`,
    })
    .from(postingGrants)
    .innerJoin(officialAccounts, sql`${officialAccounts.id} = ${postingGrants.accountId}`)
    .where(and(isNull(postingGrants.endedAt), gte(postingGrants.expiresOn, today), accountScope(scope)));
  // The school's own numbers for these template clauses, found by wording.
  const policy = await loadCurrentPolicy(db);
  const numberOf = (template: string) =>
    (policy ? findTemplateClause(policy.parsed, template)?.number : undefined) ?? template;
  const personal = (template: string) =>
    sql`${officialPosts.check}->'findings' @> ${JSON.stringify([{ clause: numberOf(template) }])}::jsonb`;
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const [posts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      approved: sql<number>`count(*) filter (where ${officialPosts.status} in ('approved', 'published'))::int`,
      withPersonal: sql<number>`count(*) filter (where ${personal("5.4")} or ${personal("8.2.1")})::int`,
      flagged: sql<number>`count(${officialPosts.differsFlaggedAt})::int`,
    })
    .from(officialPosts)
    .innerJoin(officialAccounts, sql`${officialAccounts.id} = ${officialPosts.accountId}`)
    .where(and(gte(officialPosts.createdAt, since), accountScope(scope)));
  const [platforms] = await db
    .select({
      n: sql<number>`count(*)::int`,
      schools: sql<number>`count(distinct ${sanctionedPlatforms.schoolId})::int`,
    })
    .from(sanctionedPlatforms)
    .where(inSchoolScope(sanctionedPlatforms.schoolId, scope));
  const [sites] = await db
    .select({
      n: sql<number>`count(*)::int`,
      schools: sql<number>`count(distinct ${deviceSites.schoolId})::int`,
    })
    .from(deviceSites)
    .where(and(inSchoolScope(deviceSites.schoolId, scope), isNotNull(deviceSites.decidedBy)));

  const a = accounts ?? { total: 0, noMfa: 0, handover: 0 };
  const g = grants ?? { live: 0, soon: 0 };
  const p = posts ?? { total: 0, approved: 0, withPersonal: 0, flagged: 0 };
  const lines: Record<string, string> = {
    "5.1": `${g.live} live permissions to post on official accounts, ${g.soon} expiring within 14 days; ${p.total} drafts in the last 90 days, ${p.approved} approved by a leader`,
    "5.3": `${a.total} official accounts in the register: ${a.noMfa} without multi-factor sign-in, ${a.handover} waiting for a new owner after their owner left`,
    "5.4": `${p.withPersonal} of ${p.total} drafts for official accounts in the last 90 days had a finding about personal matters, shown to the approver`,
    "6.1": `${platforms?.n ?? 0} platforms sanctioned for work with pupils, at ${platforms?.schools ?? 0} schools`,
    "8.2.1": `${p.withPersonal} of ${p.total} drafts for official accounts in the last 90 days had a finding about personal content; ${p.flagged} published posts flagged as differing from what was approved`,
    "8.6.3": `${sites?.n ?? 0} sites recorded as made available on school devices, at ${sites?.schools ?? 0} schools, each with who decided and why`,
  };
  const byClause: Record<string, string> = {};
  for (const [template, line] of Object.entries(lines)) byClause[numberOf(template)] = line;
  const empty = a.total === 0 && (platforms?.n ?? 0) === 0 && (sites?.n ?? 0) === 0;
  return {
    headline: `${a.total} official accounts, ${g.live} live permissions to post, ${platforms?.n ?? 0} sanctioned platforms, ${sites?.n ?? 0} sites on school devices`,
    status: empty ? "no-data" : a.noMfa || a.handover || p.flagged ? "attention" : "working",
    byClause,
  };
}
