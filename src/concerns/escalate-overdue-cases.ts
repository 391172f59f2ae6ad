// The daily job "concerns.escalate": an open case past its start deadline with no action, or past
// its finish deadline, is escalated once by email to the level above its owner (the principal for a
// DSL's case, the chair or chief executive for a principal's). The email says only that a case at a
// school is overdue, with a link; the escalation is a chronology entry.
import { and, eq, isNull, lt, or, isNotNull } from "drizzle-orm";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { schools } from "../core/people/schema";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { CATEGORY_LABELS } from "./concern-kinds";
import { loadConcernSettings } from "./load-concern-settings";
import { concernAccess, concernEntries, concerns } from "./schema";
import { caseViewer, caseAccess } from "./case-access";
import { users } from "../platform/auth/schema";

export async function escalateOverdueCases({
  db,
  baseUrl,
  asOf = new Date(),
}: {
  db: Db;
  baseUrl: string;
  asOf?: Date;
}): Promise<{ escalated: number }> {
  const today = asOf.toISOString().slice(0, 10);
  const overdue = await db
    .select()
    .from(concerns)
    .where(
      and(
        eq(concerns.status, "open"),
        isNull(concerns.escalatedAt),
        or(
          and(isNotNull(concerns.startBy), lt(concerns.startBy, today), isNull(concerns.firstActionAt)),
          and(isNotNull(concerns.finishBy), lt(concerns.finishBy, today)),
        ),
      ),
    );
  const settings = await loadConcernSettings(db);
  let escalated = 0;
  for (const c of overdue) {
    const [school] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, c.schoolId));
    const access = await db
      .select({ userId: concernAccess.userId })
      .from(concernAccess)
      .where(eq(concernAccess.concernId, c.id));
    const principals = await findSchoolLeaders({ db, schoolId: c.schoolId, roles: ["principal"] });
    // Up one level: principals who do not hold it yet and may see it; else the chair / chief executive.
    const targets: { userId: string | null; email: string }[] = [];
    for (const p of principals) {
      if (access.some((a) => a.userId === p.id)) continue;
      const [u] = await db.select({ staffId: users.staffId }).from(users).where(eq(users.id, p.id));
      const viewer = await caseViewer(db, { id: p.id, staffId: u?.staffId ?? null });
      if (
        caseAccess(viewer, {
          subjectStaffId: c.subjectStaffId,
          subjectUserId: c.subjectUserId,
          reporterId: null,
          accessUserIds: [p.id],
        }).level === "full"
      )
        targets.push({ userId: p.id, email: p.email });
    }
    const above =
      settings.principalCaseManager === "chair" ? settings.chairEmail : settings.chiefExecutiveEmail;
    if (targets.length === 0 && above) targets.push({ userId: null, email: above });
    await db.transaction(async (tx) => {
      for (const t of targets) {
        if (t.userId)
          await tx
            .insert(concernAccess)
            .values({ concernId: c.id, userId: t.userId, reason: "added" })
            .onConflictDoNothing();
        await notify(tx, {
          userId: t.userId,
          kind: "concerns.overdue",
          link: `/concerns/${c.id}`,
          to: t.email,
          subject: `A case at ${school?.name ?? "a school"} is overdue`,
          text: `A ${CATEGORY_LABELS[c.category]} at ${school?.name ?? "a school"} has passed its deadline and is escalated to you.\n\nSign in to read it: ${baseUrl}/concerns/${c.id}\n`,
        });
      }
      await tx.insert(concernEntries).values({
        concernId: c.id,
        kind: "escalated",
        authorLabel: "Conduct",
        at: asOf,
        text:
          targets.length > 0
            ? `Overdue: escalated to ${targets.length} ${targets.length === 1 ? "person" : "people"}.`
            : "Overdue: nobody above the owner could be found to escalate to.",
      });
      await tx.update(concerns).set({ escalatedAt: asOf }).where(eq(concerns.id, c.id));
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "concern.escalated",
        subjectType: "concern",
        subjectId: c.id,
        schoolId: c.schoolId,
        detail: { to: targets.length },
      });
    });
    escalated++;
  }
  return { escalated };
}
