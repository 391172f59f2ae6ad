// The declarations part of the home page: your own declarations a leader asked more about (8.4.1),
// and a leader's declarations to review at their schools, prohibited ones first (they may be a
// safeguarding matter). One grouped count over the declarations table, whatever the trust's size.
import { sql } from "drizzle-orm";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { HomeItem } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { AWAITING_STATUSES } from "./list-declarations-for-review";
import { declarations as d } from "./schema";

type Counts = { asked: number; prohibited: number; awaiting: number };

export async function declarationHomeItems(db: Db, user: SignedInUser): Promise<HomeItem[]> {
  const own = can(user, "declarations.own");
  const review = can(user, "declarations.review");
  if (!own && !review) return [];
  const mine = own ? sql`${d.userId} = ${user.id}` : sql`false`;
  // As the review list: awaiting at the reviewer's schools, their own going to another leader.
  const toReview = review
    ? sql`${d.status} in (${sql.join(
        AWAITING_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )}) and ${d.userId} <> ${user.id} and ${inSchoolScope(d.schoolId, schoolsWhere(user, "declarations.review")) ?? sql`true`}`
    : sql`false`;
  const result = await db.execute<Counts>(sql`
    select count(*) filter (where ${mine} and ${d.status} = 'more-information-requested')::int as asked,
           count(*) filter (where ${toReview} and ${d.verdict} = 'prohibited')::int as prohibited,
           count(*) filter (where ${toReview})::int as awaiting
      from ${d}
     where (${mine}) or (${toReview})`);
  const n = result.rows[0];
  if (!n) return [];
  const items: HomeItem[] = [];
  if (n.asked)
    items.push({
      urgency: "now",
      text: "Your declarations a leader has asked for more information about",
      href: "/declarations",
      count: n.asked,
    });
  if (n.prohibited)
    items.push({
      urgency: "now",
      for: "school",
      text: "Declarations to review that the policy prohibits",
      href: "/declarations/review",
      count: n.prohibited,
    });
  if (n.awaiting - n.prohibited > 0)
    items.push({
      urgency: "soon",
      for: "school",
      text: "Other declarations waiting for your review",
      href: "/declarations/review",
      count: n.awaiting - n.prohibited,
    });
  return items;
}
