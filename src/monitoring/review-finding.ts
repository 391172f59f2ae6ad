// A named leader confirms or dismisses a finding with a reason; nothing is acted on automatically.
// If the member of staff has challenged it, the leader must answer the challenge in the same step.
import "./audit-events";
import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { monitoringChallenges, monitoringFindings } from "./schema";
import { MIN_REASON_LENGTH } from "./view-person-detail";

export type ReviewFindingResult = { ok: true } | { ok: false; status: 400 | 403 | 404; message: string };

export async function reviewFinding(options: {
  db: Db;
  reviewer: SignedInUser;
  findingId: string;
  outcome: "confirmed" | "dismissed";
  reason: string;
  answer?: string;
}): Promise<ReviewFindingResult> {
  const { db, reviewer } = options;
  const [finding] = await db
    .select()
    .from(monitoringFindings)
    .where(eq(monitoringFindings.id, options.findingId));
  if (!finding) return { ok: false, status: 404, message: "There is no such finding." };
  if (!can(reviewer, "monitoring.detail", { schoolId: finding.schoolId })) {
    return { ok: false, status: 403, message: "You may not review findings at this school." };
  }
  const reason = options.reason.trim();
  if (reason.length < MIN_REASON_LENGTH)
    return { ok: false, status: 400, message: `Give a reason (at least ${MIN_REASON_LENGTH} characters).` };
  const open = await db
    .select()
    .from(monitoringChallenges)
    .where(and(eq(monitoringChallenges.findingId, finding.id), isNull(monitoringChallenges.answer)));
  const answer = options.answer?.trim() ?? "";
  if (open.length > 0 && answer.length < MIN_REASON_LENGTH) {
    return {
      ok: false,
      status: 400,
      message: "The member of staff has challenged this finding: answer their challenge too.",
    };
  }
  await db.transaction(async (tx) => {
    await tx
      .update(monitoringFindings)
      .set({ status: options.outcome, reviewedBy: reviewer.id, reviewReason: reason, reviewedAt: new Date() })
      .where(eq(monitoringFindings.id, finding.id));
    if (open.length > 0) {
      await tx
        .update(monitoringChallenges)
        .set({ answer, answeredBy: reviewer.id, answeredAt: new Date() })
        .where(and(eq(monitoringChallenges.findingId, finding.id), isNull(monitoringChallenges.answer)));
    }
    await recordAuditEvent(tx, {
      actor: { id: reviewer.id, label: reviewer.email },
      action: `monitoring.finding-${options.outcome}`,
      subjectType: "monitoring_finding",
      subjectId: finding.id,
      personId: finding.staffId,
      schoolId: finding.schoolId,
      detail: { reason, answeredChallenges: open.length },
    });
  });
  return { ok: true };
}

/** The member of staff's side of one of their own findings. */
export async function challengeFinding(options: {
  db: Db;
  user: SignedInUser;
  findingId: string;
  text: string;
}): Promise<ReviewFindingResult> {
  const { db, user } = options;
  const [finding] = await db
    .select()
    .from(monitoringFindings)
    .where(eq(monitoringFindings.id, options.findingId));
  if (!finding || !user.staffId || finding.staffId !== user.staffId)
    return { ok: false, status: 404, message: "There is no such finding of yours." };
  const text = options.text.trim();
  if (text.length < 3 || text.length > 2000)
    return { ok: false, status: 400, message: "Say what is wrong, in 3 to 2,000 characters." };
  await db.transaction(async (tx) => {
    await tx.insert(monitoringChallenges).values({ findingId: finding.id, byUserId: user.id, text });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "monitoring.finding-challenged",
      subjectType: "monitoring_finding",
      subjectId: finding.id,
      personId: finding.staffId,
      schoolId: finding.schoolId,
    });
  });
  return { ok: true };
}
