// The monitoring capability's part of a subject access record: minutes as monthly aggregates (the
// per-minute rows say the same, at length), findings with the person's challenges, and each look.
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { monitoringChallenges, monitoringDetailViews, monitoringFindings, monitoringMinutes } from "./schema";

export async function monitoringSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  if (!person.staffId) return [];
  const staffId = person.staffId;
  const month = sql<string>`to_char(${monitoringMinutes.minute} at time zone 'Europe/London', 'YYYY-MM')`;
  const minutes = await db
    .select({
      month,
      platform: monitoringMinutes.platform,
      minuteClass: monitoringMinutes.minuteClass,
      minutes: count(),
    })
    .from(monitoringMinutes)
    .where(eq(monitoringMinutes.staffId, staffId))
    .groupBy(month, monitoringMinutes.platform, monitoringMinutes.minuteClass)
    .orderBy(month, monitoringMinutes.platform, monitoringMinutes.minuteClass);
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
