// The acknowledgement part of the home page: your own acknowledgement of the current version
// (3.2.1), a leader's overdue acknowledgements at their schools (3.1.1), and the changes a trust
// administrator must mark material. One statement, whatever the trust's size.
import { sql } from "drizzle-orm";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { HomeItem } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { acknowledgementAssignments as a } from "./schema";

type Row = {
  id: string;
  number: string;
  mine_scope: "whole" | "material" | null;
  mine_due: string | null;
  overdue: number;
  overdue_due: string | null;
  slug: string | null;
  materiality: "pending" | "decided" | null;
};

export async function acknowledgementHomeItems(
  db: Db,
  user: SignedInUser,
  today: string,
): Promise<HomeItem[]> {
  const own = can(user, "acknowledgement.own");
  const manage = can(user, "acknowledgement.manage");
  const settings = can(user, "acknowledgement.settings");
  if (!own && !manage && !settings) return [];
  const where = manage ? schoolsWhere(user, "acknowledgement.manage") : [];
  const scope = manage ? (inSchoolScope(a.schoolId, where) ?? sql`true`) : sql`false`;
  const mine = user.staffId
    ? sql`${a.staffId} = ${user.staffId}`
    : sql`${a.staffId} is null and ${a.userId} = ${user.id}`;
  // The current version's id only (the policy's table is not read beyond it).
  const result = await db.execute<Row>(sql`
    with v as (select id, number from policy_versions where status = 'current' limit 1)
    select v.id, v.number,
           m.scope as mine_scope, m.due_on::text as mine_due,
           coalesce(o.n, 0)::int as overdue, o.due::text as overdue_due,
           ${where !== "all" && where.length === 1 ? sql`(select slug from schools where id = ${where[0]})` : sql`null`} as slug,
           r.materiality
      from v
      left join lateral (select ${a.scope} as scope, ${a.dueOn} as due_on from ${a}
                          where ${a.versionId} = v.id and ${a.status} = 'open' and ${a.scope} <> 'pending'
                            and ${own ? mine : sql`false`} limit 1) m on true
      left join lateral (select count(*) as n, min(${a.dueOn}) as due from ${a}
                          where ${a.versionId} = v.id and ${a.status} = 'open' and ${a.dueOn} < ${today}
                            and ${scope}) o on true
      left join acknowledgement_rounds r on r.version_id = v.id`);
  const row = result.rows[0];
  if (!row) return [];
  const items: HomeItem[] = [];
  if (row.mine_scope)
    items.push({
      urgency: row.mine_due && row.mine_due < today ? "now" : "soon",
      text:
        row.mine_scope === "whole"
          ? "Read and acknowledge the social media policy"
          : "Read the material changes to the social media policy",
      href: "/acknowledgement",
      dueOn: row.mine_due ?? undefined,
    });
  if (row.overdue)
    items.push({
      urgency: "now",
      for: "school",
      text: "Staff whose acknowledgement of the policy is overdue",
      href: row.slug ? `/acknowledgement/completion/${row.slug}` : "/acknowledgement/completion",
      count: row.overdue,
      dueOn: row.overdue_due ?? undefined,
    });
  if (settings && row.materiality === "pending")
    items.push({
      urgency: "now",
      for: "school",
      text: `Mark which changes in version ${row.number} are material`,
      href: `/acknowledgement/versions/${row.id}/material`,
    });
  return items;
}
