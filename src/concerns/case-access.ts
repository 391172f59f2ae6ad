// Need-to-know access to one case, decided for the record, not the role: only those it was routed
// to and those they added by name; never the person it is about, nor anyone who line-manages them
// (KCSIE: the subject must not learn of it through a colleague). Trustees see numbers only (they
// never hold concerns.cases). Every case use case calls caseAccess first.
import { and, eq } from "drizzle-orm";
import { directReports } from "../core/people/find-line-manager";
import type { SignedInUser } from "../platform/auth/sessions";
import type { DbOrTx } from "../platform/db";
import { concernAccess, concerns } from "./schema";

export type CaseViewer = {
  userId: string;
  staffId: string | null;
  /** Staff ids of those the viewer line-manages directly. */
  directReportIds: readonly string[];
};

export type CaseFacts = {
  subjectStaffId: string | null;
  subjectUserId?: string | null;
  reporterId: string | null;
  /** Users the case was routed to or who were added by name. */
  accessUserIds: readonly string[];
};

export type CaseAccess =
  | { level: "full" }
  /** The reporter: that it was received, when and by which role; nothing of what happened next. */
  | { level: "receipt" }
  | { level: "none"; reason: "subject" | "line-manager" | "not-routed" };

/** Pure: what this viewer may see of this case. */
export function caseAccess(viewer: CaseViewer, kase: CaseFacts): CaseAccess {
  const reporter = kase.reporterId === viewer.userId;
  // A self-report, or a report by the subject's line manager: the receipt tells them nothing new.
  if (
    (kase.subjectStaffId && viewer.staffId === kase.subjectStaffId) ||
    (kase.subjectUserId && viewer.userId === kase.subjectUserId)
  )
    return reporter ? { level: "receipt" } : { level: "none", reason: "subject" };
  if (kase.subjectStaffId && viewer.directReportIds.includes(kase.subjectStaffId))
    return reporter ? { level: "receipt" } : { level: "none", reason: "line-manager" };
  if (kase.accessUserIds.includes(viewer.userId)) return { level: "full" };
  if (reporter) return { level: "receipt" };
  return { level: "none", reason: "not-routed" };
}

export type Concern = typeof concerns.$inferSelect;

/** Loads the case and the viewer's facts, and decides; null when there is no such case. */
export async function loadCaseAccess(
  db: DbOrTx,
  user: Pick<SignedInUser, "id" | "staffId">,
  concernId: string,
): Promise<{ concern: Concern; access: CaseAccess } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(concernId)) return null;
  const [concern] = await db.select().from(concerns).where(eq(concerns.id, concernId)).limit(1);
  if (!concern) return null;
  const rows = await db
    .select({ userId: concernAccess.userId })
    .from(concernAccess)
    .where(eq(concernAccess.concernId, concernId));
  const viewer = await caseViewer(db, user);
  return {
    concern,
    access: caseAccess(viewer, {
      subjectStaffId: concern.subjectStaffId,
      subjectUserId: concern.subjectUserId,
      reporterId: concern.reporterId,
      accessUserIds: rows.map((r) => r.userId),
    }),
  };
}

export async function caseViewer(
  db: DbOrTx,
  user: Pick<SignedInUser, "id" | "staffId">,
): Promise<CaseViewer> {
  return {
    userId: user.id,
    staffId: user.staffId,
    directReportIds: user.staffId ? await directReports(db, user.staffId) : [],
  };
}

/** May this user be given access to the case (added by name)? The same rule, asked of them. */
export async function mayBeGranted(
  db: DbOrTx,
  candidate: { id: string; staffId: string | null },
  concern: Concern,
) {
  const viewer = await caseViewer(db, candidate);
  const decided = caseAccess(viewer, {
    subjectStaffId: concern.subjectStaffId,
    subjectUserId: concern.subjectUserId,
    reporterId: null,
    accessUserIds: [candidate.id],
  });
  return decided.level === "full";
}

export async function hasAccessRow(db: DbOrTx, concernId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: concernAccess.userId })
    .from(concernAccess)
    .where(and(eq(concernAccess.concernId, concernId), eq(concernAccess.userId, userId)));
  return !!row;
}
