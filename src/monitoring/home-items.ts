// The monitoring part of the home page: a member of staff's own summary and the findings about
// them they may answer (9.1, 10.1), and a reviewer's findings and challenges waiting at their
// schools. One statement, whatever the trust's size.
import { sql } from "drizzle-orm";
import { listSchools } from "../core/people/find-schools";
import { can } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { HomeItem } from "../platform/capability";
import type { Db } from "../platform/db";
import { allMinutes, bitCount, hoursTouching, minutesWithin } from "./minute-masks";
import { monitoringPermissions } from "./permissions";

type Counts = {
  mine: number;
  minutes: number;
  with_pupils: number;
  to_review: number;
  challenges: number;
};

const SUMMARY_DAYS = 7;

export async function monitoringHomeItems(db: Db, user: SignedInUser): Promise<HomeItem[]> {
  // Reviewers are named leaders at a school: findings are never reviewed trust-wide.
  const reviewerRoles: readonly string[] = monitoringPermissions["monitoring.detail"].roles;
  const schoolIds = [
    ...new Set(
      user.roles.filter((r) => r.schoolId && reviewerRoles.includes(r.role)).map((r) => r.schoolId!),
    ),
  ];
  const own = Boolean(user.staffId) && can(user, "monitoring.own");
  if (!own && schoolIds.length === 0) return [];
  const inSchools = schoolIds.length
    ? sql`f.school_id in (${sql.join(
        schoolIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`false`;
  const me = own ? sql`staff_id = ${user.staffId}` : sql`false`;
  const myFindings = own ? sql`f.staff_id = ${user.staffId}` : sql`false`;
  const since = sql`now() - ${sql.raw(`interval '${SUMMARY_DAYS} days'`)}`;
  const within = minutesWithin(sql`hour`, since, null);
  const result = await db.execute<Counts>(sql`
    select (select count(*) from monitoring_findings f where ${myFindings} and f.status = 'to review')::int as mine,
           m.minutes::int, m.with_pupils::int,
           (select count(*) from monitoring_findings f where ${inSchools} and f.status = 'to review')::int as to_review,
           (select count(*) from monitoring_challenges c join monitoring_findings f on f.id = c.finding_id
             where c.answer is null and ${inSchools})::int as challenges
      from (select coalesce(sum(${bitCount(sql`${allMinutes()} & ${within}`)}), 0) as minutes,
                   coalesce(sum(${bitCount(sql`pupils_present & ${within}`)}), 0) as with_pupils
              from monitoring_minutes
             where ${me} and ${hoursTouching(sql`hour`, since, null)}) m`);
  const n = result.rows[0];
  if (!n) return [];
  const items: HomeItem[] = [];
  if (n.mine)
    items.push({
      urgency: "soon",
      text: "Monitoring findings about you waiting for a leader's review: you can add your side",
      href: "/monitoring",
      count: n.mine,
    });
  if (own && n.minutes)
    items.push({
      urgency: "later",
      text: `Your social media use on school equipment in the last ${SUMMARY_DAYS} days: ${n.minutes} minutes, ${n.with_pupils} of them with pupils present`,
      href: "/monitoring",
    });
  // The school's slug for the link, through core (one more statement, only when a leader has work).
  const first =
    n.challenges || n.to_review ? (await listSchools(db, { schoolIds: [schoolIds[0]!] }))[0] : null;
  const school = `/monitoring/schools/${first?.slug ?? ""}`;
  if (n.challenges)
    items.push({
      urgency: "now",
      for: "school",
      text: "Sides of the story from staff waiting for your answer on monitoring findings",
      href: school,
      count: n.challenges,
    });
  if (n.to_review)
    items.push({
      urgency: "soon",
      for: "school",
      text: "Monitoring findings to review",
      href: school,
      count: n.to_review,
    });
  return items;
}
