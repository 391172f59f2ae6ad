// The registers as their readers see them: only the schools (and trust accounts) their role reaches.
import { aliasedTable, and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import type { Action, Principal } from "../platform/auth/permissions";
import { users } from "../platform/auth/schema";
import type { DbOrTx } from "../platform/db";
import { inReach } from "./account-scope";
import { type GrantState, grantState } from "./grant-state";
import { deviceSites, officialAccounts, officialPosts, postingGrants, sanctionedPlatforms } from "./schema";
import { leaversAmong } from "./staff-directory";

const owners = aliasedTable(users, "owner");
const grantees = aliasedTable(users, "grantee");
const granters = aliasedTable(users, "granter");
const authors = aliasedTable(users, "author");

export const REGISTER_LIMIT = 5000;

export async function listAccounts(
  db: DbOrTx,
  user: Principal,
  action: Action = "accounts.view",
  where?: SQL,
) {
  return db
    .select({
      account: officialAccounts,
      schoolName: schools.name,
      ownerName: owners.name,
      ownerEmail: owners.email,
    })
    .from(officialAccounts)
    .leftJoin(schools, eq(schools.id, officialAccounts.schoolId))
    .innerJoin(owners, eq(owners.id, officialAccounts.ownerId))
    .where(and(inReach(user, action, officialAccounts.schoolId), where))
    .orderBy(asc(schools.name), asc(officialAccounts.platform), asc(officialAccounts.handle))
    .limit(REGISTER_LIMIT);
}

export type GrantListRow = Awaited<ReturnType<typeof listGrants>>[number];

export async function listGrants(
  db: DbOrTx,
  filter: { accountIds?: string[]; granteeId?: string; grantedById?: string },
  asOf: Date,
) {
  const today = calendarDateAt(asOf, defaultTimeZone);
  const conditions = [
    filter.accountIds
      ? inArray(
          postingGrants.accountId,
          filter.accountIds.length ? filter.accountIds : ["00000000-0000-0000-0000-000000000000"],
        )
      : undefined,
    filter.granteeId ? eq(postingGrants.granteeId, filter.granteeId) : undefined,
    filter.grantedById ? eq(postingGrants.grantedById, filter.grantedById) : undefined,
  ];
  const rows = await db
    .select({
      grant: postingGrants,
      handle: officialAccounts.handle,
      platform: officialAccounts.platform,
      schoolId: officialAccounts.schoolId,
      granteeName: grantees.name,
      granterName: granters.name,
    })
    .from(postingGrants)
    .innerJoin(officialAccounts, eq(officialAccounts.id, postingGrants.accountId))
    .innerJoin(grantees, eq(grantees.id, postingGrants.granteeId))
    .innerJoin(granters, eq(granters.id, postingGrants.grantedById))
    .where(and(...conditions))
    .orderBy(desc(postingGrants.createdAt))
    .limit(REGISTER_LIMIT);
  const leavers = await leaversAmong(db, [...new Set(rows.map((r) => r.grant.granteeId))], today);
  return rows.map((r) => ({
    ...r,
    state: grantState(
      {
        expiresOn: r.grant.expiresOn,
        endedAt: r.grant.endedAt,
        endReason: r.grant.endReason,
        granteeLeaveDate: leavers.has(r.grant.granteeId) ? today : null,
      },
      today,
    ) as GrantState,
  }));
}

export async function listPlatforms(db: DbOrTx, user: Principal) {
  return db
    .select({ entry: sanctionedPlatforms, schoolName: schools.name, decidedByName: users.name })
    .from(sanctionedPlatforms)
    .innerJoin(schools, eq(schools.id, sanctionedPlatforms.schoolId))
    .leftJoin(users, eq(users.id, sanctionedPlatforms.decidedById))
    .where(inReach(user, "accounts.view", sanctionedPlatforms.schoolId))
    .orderBy(asc(schools.name), asc(sanctionedPlatforms.platform))
    .limit(REGISTER_LIMIT);
}

export async function listSites(db: DbOrTx, user: Principal) {
  return db
    .select({ entry: deviceSites, schoolName: schools.name })
    .from(deviceSites)
    .innerJoin(schools, eq(schools.id, deviceSites.schoolId))
    .where(inReach(user, "accounts.view", deviceSites.schoolId))
    .orderBy(asc(schools.name), asc(deviceSites.site))
    .limit(REGISTER_LIMIT);
}

export type PostListRow = Awaited<ReturnType<typeof listPosts>>[number];

export async function listPosts(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      post: officialPosts,
      handle: officialAccounts.handle,
      platform: officialAccounts.platform,
      schoolId: officialAccounts.schoolId,
      authorName: authors.name,
    })
    .from(officialPosts)
    .innerJoin(officialAccounts, eq(officialAccounts.id, officialPosts.accountId))
    .innerJoin(authors, eq(authors.id, officialPosts.authorId))
    .where(where)
    .orderBy(desc(officialPosts.updatedAt))
    .limit(500);
}
