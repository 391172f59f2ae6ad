// The concerns part of the home page: the cases a person holds, safeguarding first (4.1.2, 12.1:
// the DSL acts at once). One grouped count over the cases opened to them, whatever the trust's size.
import { sql } from "drizzle-orm";
import { directReports } from "../core/people/find-line-manager";
import type { SignedInUser } from "../platform/auth/sessions";
import type { HomeItem } from "../platform/capability";
import type { Db } from "../platform/db";

type Counts = { safeguarding: number; untouched: number; open: number; overdue: number; due: string | null };

export async function concernHomeItems(db: Db, user: SignedInUser, today: string): Promise<HomeItem[]> {
  // The same rule as caseAccess: a case about you, or about someone you line-manage, is not
  // yours to act on even when routed to you.
  const reports = user.staffId ? await directReports(db, user.staffId) : [];
  const notMine = sql.join(
    [
      sql`(c.subject_user_id is null or c.subject_user_id <> ${user.id})`,
      user.staffId ? sql`(c.subject_staff_id is null or c.subject_staff_id <> ${user.staffId})` : sql`true`,
      reports.length
        ? sql`(c.subject_staff_id is null or c.subject_staff_id not in (${sql.join(
            reports.map((id) => sql`${id}`),
            sql`, `,
          )}))`
        : sql`true`,
    ],
    sql` and `,
  );
  const result = await db.execute<Counts>(sql`
    select count(*) filter (where c.category in ('safeguarding', 'allegation') and c.first_action_at is null)::int as safeguarding,
           count(*) filter (where c.first_action_at is null)::int as untouched,
           count(*)::int as open,
           count(*) filter (where least(c.start_by, c.finish_by) < ${today})::int as overdue,
           min(least(c.lado_consult_by, c.start_by, c.finish_by))::text as due
      from concern_access a
      join concerns c on c.id = a.concern_id
     where a.user_id = ${user.id} and c.status = 'open' and ${notMine}`);
  const n = result.rows[0];
  if (!n || n.open === 0) return [];
  const items: HomeItem[] = [];
  if (n.safeguarding)
    items.push({
      urgency: "now",
      safeguarding: true,
      for: "school",
      text: "Safeguarding concerns and allegations waiting for a first action",
      href: "/concerns",
      count: n.safeguarding,
    });
  if (n.untouched - n.safeguarding > 0)
    items.push({
      urgency: "now",
      for: "school",
      text: "Other concerns waiting for a first action",
      href: "/concerns",
      count: n.untouched - n.safeguarding,
    });
  items.push({
    urgency: n.overdue ? "now" : "soon",
    for: "school",
    text: n.overdue ? "Open cases you hold, some past their deadline" : "Open cases you hold",
    href: "/concerns",
    count: n.open,
    dueOn: n.due ?? undefined,
  });
  return items;
}
