// The official accounts capability's part of a subject access record: grants and drafts of posts.
import { asc, eq } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { officialAccounts, officialPosts, postingGrants } from "./schema";

export async function accountSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  const grants = await db
    .select({ g: postingGrants, platform: officialAccounts.platform, handle: officialAccounts.handle })
    .from(postingGrants)
    .innerJoin(officialAccounts, eq(officialAccounts.id, postingGrants.accountId))
    .where(eq(postingGrants.granteeId, person.userId))
    .orderBy(asc(postingGrants.createdAt));
  const posts = await db
    .select({ p: officialPosts, platform: officialAccounts.platform, handle: officialAccounts.handle })
    .from(officialPosts)
    .innerJoin(officialAccounts, eq(officialAccounts.id, officialPosts.accountId))
    .where(eq(officialPosts.authorId, person.userId))
    .orderBy(asc(officialPosts.createdAt));
  return [
    {
      key: "posting-grants",
      title: "Permissions to post on school accounts",
      records: grants.map(({ g, platform, handle }) => ({
        id: g.id,
        account: `${handle} on ${platform}`,
        scope: g.scope,
        reason: g.reason,
        expiresOn: g.expiresOn,
        grantedAt: iso(g.createdAt),
        endedAt: iso(g.endedAt),
        endReason: g.endReason,
      })),
    },
    {
      key: "official-posts",
      title: "Drafts and posts on school accounts",
      records: posts.map(({ p, platform, handle }) => ({
        id: p.id,
        account: `${handle} on ${platform}`,
        text: p.text,
        plannedAt: iso(p.plannedAt),
        status: p.status,
        checkVerdict: p.check.verdict,
        reviewComment: p.reviewComment,
        reviewedAt: iso(p.reviewedAt),
        publishedUrl: p.publishedUrl,
        createdAt: iso(p.createdAt),
      })),
    },
  ];
}
