// The questions part of the home page (3.1.2: leaders answer queries swiftly; 4.10: staff ask):
// what waits for your answer, your own questions, and a leader's open and overdue questions at
// their schools. One grouped count over the questions table, whatever the trust's size.
import { sql } from "drizzle-orm";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { HomeItem } from "../platform/capability";
import type { Db } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { questions as q } from "./schema";

type Counts = {
  waiting: number;
  waiting_overdue: number;
  waiting_due: string | null;
  asked_open: number;
  asked_answered: number;
  school_open: number;
  school_overdue: number;
};

export async function questionHomeItems(db: Db, user: SignedInUser, today: string): Promise<HomeItem[]> {
  if (!can(user, "questions.ask")) return [];
  const oversee = can(user, "questions.oversee");
  const atSchool = oversee
    ? (inSchoolScope(q.schoolId, schoolsWhere(user, "questions.oversee")) ?? sql`true`)
    : sql`false`;
  const toMe = sql`(${q.routedToUserId} = ${user.id} or ${q.escalatedToUserId} = ${user.id})`;
  const open = sql`${q.status} = 'open'`;
  const result = await db.execute<Counts>(sql`
    select count(*) filter (where ${open} and ${toMe})::int as waiting,
           count(*) filter (where ${open} and ${toMe} and ${q.dueOn} < ${today})::int as waiting_overdue,
           min(${q.dueOn}) filter (where ${open} and ${toMe})::text as waiting_due,
           count(*) filter (where ${open} and ${q.askerUserId} = ${user.id})::int as asked_open,
           count(*) filter (where ${q.status} = 'answered' and ${q.askerUserId} = ${user.id}
                              and ${q.firstAnsweredAt} > now() - interval '14 days')::int as asked_answered,
           count(*) filter (where ${open} and ${atSchool})::int as school_open,
           count(*) filter (where ${open} and ${atSchool} and ${q.dueOn} < ${today})::int as school_overdue
      from ${q}
     where ${toMe} or ${q.askerUserId} = ${user.id} or (${open} and ${atSchool})`);
  const n = result.rows[0];
  if (!n) return [];
  const items: HomeItem[] = [];
  if (n.waiting)
    items.push({
      urgency: n.waiting_overdue ? "now" : "soon",
      text: n.waiting_overdue
        ? "Questions about the policy waiting for your answer, some past their deadline"
        : "Questions about the policy waiting for your answer",
      href: "/questions",
      count: n.waiting,
      dueOn: n.waiting_due ?? undefined,
    });
  if (n.asked_answered)
    items.push({
      urgency: "soon",
      text: "Your questions about the policy that have been answered in the last two weeks",
      href: "/questions",
      count: n.asked_answered,
    });
  if (n.asked_open)
    items.push({
      urgency: "later",
      text: "Your questions about the policy still waiting for an answer",
      href: "/questions",
      count: n.asked_open,
    });
  if (n.school_overdue)
    items.push({
      urgency: "now",
      for: "school",
      text: "Questions at your school past their deadline for an answer",
      href: "/questions",
      count: n.school_overdue,
    });
  else if (n.school_open)
    items.push({
      urgency: "later",
      for: "school",
      text: "Open questions at your school",
      href: "/questions",
      count: n.school_open,
    });
  return items;
}
