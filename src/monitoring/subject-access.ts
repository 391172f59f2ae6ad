// The monitoring capability's part of a subject access record: minutes as monthly aggregates (the
// per-minute rows say the same, at length), findings with the person's challenges, and each look.
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { bitCount, localParts } from "./minute-masks";
import { monitoringChallenges, monitoringDetailViews, monitoringFindings } from "./schema";

export async function monitoringSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  if (!person.staffId) return [];
  const staffId = person.staffId;
  const rows = await db.execute<{
    month: string;
    platform: string;
    minute_class: string;
    minutes: number;
  }>(sql`
    select to_char(part.local, 'YYYY-MM') as month, m.platform, v.minute_class, sum(${bitCount(sql`v.bits & part.bits`)})::int as minutes
    from monitoring_minutes m
    cross join lateral ${localParts(sql`m.hour`, "Europe/London")} as part(local, bits)
    cross join lateral (values ('pupilsPresent', m.pupils_present), ('directedNoPupils', m.directed_no_pupils), ('allowed', m.allowed)) as v(minute_class, bits)
    where m.staff_id = ${staffId} and v.bits & part.bits <> 0
    group by 1, 2, 3
    order by 1, 2, 3`);
  const minutes = rows.rows.map((r) => ({
    month: r.month,
    platform: r.platform,
    minuteClass: r.minute_class,
    minutes: r.minutes,
  }));
  const findings = await db
    .select()
    .from(monitoringFindings)
    .where(eq(monitoringFindings.staffId, staffId))
    .orderBy(asc(monitoringFindings.day));
  const challenges = findings.length
    ? await db
        .select()
        .from(monitoringChallenges)
        .where(
          inArray(
            monitoringChallenges.findingId,
            findings.map((f) => f.id),
          ),
        )
        .orderBy(asc(monitoringChallenges.createdAt))
    : [];
  const views = await db
    .select()
    .from(monitoringDetailViews)
    .where(eq(monitoringDetailViews.staffId, staffId))
    .orderBy(asc(monitoringDetailViews.viewedAt));
  return [
    {
      key: "monitoring-minutes",
      title: "Social media minutes on school equipment, by month",
      note: "Platforms and minutes only: no pages, posts or messages are kept.",
      records: minutes.map((m) => ({
        id: `${m.month}/${m.platform}/${m.minuteClass}`,
        month: m.month,
        platform: m.platform,
        when: m.minuteClass,
        minutes: m.minutes,
      })),
    },
    {
      key: "monitoring-findings",
      title: "Monitoring findings about you",
      records: findings.map((f) => ({
        id: f.id,
        clause: f.clause,
        kind: f.kind,
        day: f.day,
        minutes: f.minutes,
        threshold: f.threshold,
        reason: f.reason,
        status: f.status,
        reviewReason: f.reviewReason,
        reviewedAt: iso(f.reviewedAt),
        yourChallenges: challenges
          .filter((c) => c.findingId === f.id)
          .map((c) => `${iso(c.createdAt)} ${c.text}${c.answer ? ` (answer: ${c.answer})` : ""}`),
      })),
    },
    {
      key: "monitoring-looks",
      title: "Looks at your monitoring detail by a leader",
      records: views.map((v) => ({
        id: v.id,
        at: iso(v.viewedAt),
        who: v.viewerLabel,
        reason: v.reason,
      })),
    },
  ];
}
