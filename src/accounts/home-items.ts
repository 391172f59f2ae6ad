// The official accounts part of the home page: posts waiting for a leader's approval (5.4), the
// permissions to post a leader gave that expire soon (5.1), accounts whose owner has left (5.3),
// and a member of staff's own permissions and drafts. One statement, whatever the trust's size.
import { sql } from "drizzle-orm";
import { can } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { HomeItem } from "../platform/capability";
import type { Db } from "../platform/db";
import { inReach } from "./account-scope";
import { approvableBy } from "./post-routes";
import { officialAccounts, officialPosts, postingGrants } from "./schema";
import { addDays, REMINDER_DAYS } from "./send-grant-reminders";

type Counts = {
  to_approve: number;
  given_expiring: number;
  handover: number;
  my_posts: number;
  my_expiring: number;
  my_expiring_on: string | null;
};

export async function accountHomeItems(db: Db, user: SignedInUser, today: string): Promise<HomeItem[]> {
  const soon = addDays(today, REMINDER_DAYS);
  const p = officialPosts;
  const g = postingGrants;
  const a = officialAccounts;
  const toApprove = can(user, "posts.approve")
    ? sql`(select count(*) from ${p} join ${a} on ${a.id} = ${p.accountId}
            where ${p.status} = 'awaiting-approval' and ${approvableBy(user)} and ${p.authorId} <> ${user.id})`
    : sql`0`;
  const givenExpiring = can(user, "grants.manage")
    ? sql`(select count(*) from ${g} where ${g.grantedById} = ${user.id} and ${g.endedAt} is null
            and ${g.expiresOn} between ${today} and ${soon})`
    : sql`0`;
  const handover = can(user, "accounts.manage")
    ? sql`(select count(*) from ${a} where ${a.handoverFlaggedAt} is not null and ${a.status} <> 'closed'
            and ${inReach(user, "accounts.manage", a.schoolId) ?? sql`true`})`
    : sql`0`;
  const result = await db.execute<Counts>(sql`
    select ${toApprove}::int as to_approve, ${givenExpiring}::int as given_expiring, ${handover}::int as handover,
           (select count(*) from ${p} where ${p.authorId} = ${user.id}
              and ${p.status} in ('changes-requested', 'approved'))::int as my_posts,
           e.n::int as my_expiring, e.first::text as my_expiring_on
      from (select count(*) as n, min(${g.expiresOn}) as first from ${g}
             where ${g.granteeId} = ${user.id} and ${g.endedAt} is null
               and ${g.expiresOn} between ${today} and ${soon}) e`);
  const n = result.rows[0];
  if (!n) return [];
  const items: HomeItem[] = [];
  if (n.to_approve)
    items.push({
      urgency: "now",
      for: "school",
      text: "Posts for official accounts waiting for your approval",
      href: "/official-posts/review",
      count: n.to_approve,
    });
  if (n.handover)
    items.push({
      urgency: "now",
      for: "school",
      text: "Official accounts whose owner has left",
      href: "/accounts",
      count: n.handover,
    });
  if (n.given_expiring)
    items.push({
      urgency: "soon",
      for: "school",
      text: "Permissions to post you gave that expire within two weeks",
      href: "/accounts",
      count: n.given_expiring,
    });
  if (n.my_posts)
    items.push({
      urgency: "soon",
      text: "Your posts for official accounts: changes asked for, or approved to publish",
      href: "/my-posting",
      count: n.my_posts,
    });
  if (n.my_expiring)
    items.push({
      urgency: "later",
      text: "Your permissions to post on an official account that expire within two weeks",
      href: "/my-posting",
      count: n.my_expiring,
      dueOn: n.my_expiring_on ?? undefined,
    });
  return items;
}
