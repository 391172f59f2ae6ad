// Review cycle: tells the staff responsible and the trust administrators when the current
// policy's review is due within 30 days, and escalates weekly once it is overdue.
import { and, eq, inArray } from "drizzle-orm";
import { differenceInCalendarDays, formatISO, startOfISOWeek } from "date-fns";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import type { Role } from "../platform/auth/permissions";
import { roleAssignments, users } from "../platform/auth/schema";
import type { Mailer } from "../platform/mail/send-mail";
import { formatDay } from "../platform/format-date";
import { nextReviewIso } from "./approve-policy-version";
import { policyReviewNotices, policyVersions } from "./schema";

export const DUE_SOON_DAYS = 30;

/** "IT Director, Principals" → the roles those people hold in Conduct. */
export function rolesForResponsible(names: string[]): Role[] {
  const roles = new Set<Role>();
  for (const n of names.map((x) => x.toLowerCase())) {
    if (/\bit\b|technolog/.test(n)) roles.add("it-director");
    if (/principal|head ?teacher|headteacher/.test(n)) roles.add("principal");
    if (/\bhr\b|human resources/.test(n)) roles.add("hr");
    if (/trustee/.test(n)) roles.add("trustee");
    if (/safeguarding|dsl/.test(n)) roles.add("dsl");
  }
  return [...roles];
}

/** Which notice (if any) is due today: pure, so the schedule can be tested without a clock. */
export function reviewNoticeFor(
  nextReviewDue: string,
  today: Date,
): { kind: string; overdueDays: number } | null {
  const days = differenceInCalendarDays(new Date(`${nextReviewDue}T12:00:00Z`), today);
  if (days < 0)
    return {
      kind: `overdue-${formatISO(startOfISOWeek(today), { representation: "date" })}`,
      overdueDays: -days,
    };
  if (days <= DUE_SOON_DAYS) return { kind: "due-soon", overdueDays: 0 };
  return null;
}

export async function sendReviewReminders(options: {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  today?: Date;
}): Promise<number> {
  const { db } = options;
  const today = options.today ?? new Date();
  const [version] = await db
    .select()
    .from(policyVersions)
    .where(eq(policyVersions.status, "current"))
    .limit(1);
  if (!version?.nextReviewDue) return 0;
  const notice = reviewNoticeFor(version.nextReviewDue, today);
  if (!notice) return 0;
  const claimed = await db
    .insert(policyReviewNotices)
    .values({ versionId: version.id, kind: notice.kind })
    .onConflictDoNothing()
    .returning();
  if (claimed.length === 0) return 0; // already told (this milestone, or this week)
  const overdue = notice.overdueDays > 0;
  // Overdue reviews escalate to the trustees, who approve the policy and own its review cycle.
  const roles: Role[] = [
    "trust-admin",
    ...rolesForResponsible(version.parsed.metadata.staffResponsible),
    ...(overdue ? (["trustee"] as Role[]) : []),
  ];
  const recipients = await db
    .selectDistinct({ email: users.email })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(and(eq(users.active, true), inArray(roleAssignments.role, roles)));
  for (const r of recipients) {
    await options.mailer.send({
      to: r.email,
      subject: overdue
        ? `Overdue: the review of ${version.title} (${notice.overdueDays} days late)`
        : `Due soon: the review of ${version.title}`,
      text: `${version.title}, version ${version.number}, is due for review by ${formatDay(nextReviewIso(version))}.${overdue ? ` The review is ${notice.overdueDays} days overdue; this reminder repeats weekly until a reviewed version is approved.` : ""}\n\nThe staff responsible named in the policy: ${version.parsed.metadata.staffResponsible.join(", ") || "none named"}.\nOpen the policy's versions: ${options.baseUrl}/policy/versions/${version.id}\n`,
    });
  }
  await recordAuditEvent(db, {
    actor: SYSTEM_ACTOR,
    action: overdue ? "policy.review-overdue-escalated" : "policy.review-reminded",
    subjectType: "policy-version",
    subjectId: version.id,
    detail: { kind: notice.kind, recipients: recipients.length },
  });
  return recipients.length;
}
