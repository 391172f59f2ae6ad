// Records a draft's approval (the approving body and date) and makes it the current version.
// The previous current version is superseded; control mappings follow the clauses by content.
import { and, eq } from "drizzle-orm";
import { addMonths, endOfMonth, formatISO } from "date-fns";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import { capabilities } from "../platform/capability";
import type { Db } from "../platform/db";
import { relocateControlMappings } from "./map-controls";
import { policyVersions } from "./schema";

export const DEFAULT_REVIEW_MONTHS = 24;

export type ApprovalInput = {
  versionId: string;
  approvingBody: string;
  approvalDate: string;
  nextReviewDue?: string | null;
};
export type ApprovalResult =
  | { ok: true }
  | { ok: false; field: "versionId" | "approvingBody" | "approvalDate" | "nextReviewDue"; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MONTH = /^\d{4}-\d{2}$/;

/** The next review: the document's own date when it is still ahead, otherwise approval + the interval. */
export function proposeNextReview(options: {
  documentDue: string | null;
  approvalDate: string;
  intervalMonths?: number;
}): string {
  // A document that says "Next review due by: March 2023" means by the end of that month.
  const due =
    options.documentDue && ISO_DATE.test(options.documentDue)
      ? options.documentDue
      : options.documentDue && ISO_MONTH.test(options.documentDue)
        ? formatISO(endOfMonth(new Date(`${options.documentDue}-15T12:00:00Z`)), { representation: "date" })
        : null;
  if (due && due > options.approvalDate) return due;
  return formatISO(
    addMonths(new Date(`${options.approvalDate}T12:00:00Z`), options.intervalMonths ?? DEFAULT_REVIEW_MONTHS),
    { representation: "date" },
  );
}

export async function approvePolicyVersion(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  today = new Date(),
): Promise<ApprovalResult> {
  if (!input.approvingBody.trim())
    return {
      ok: false,
      field: "approvingBody",
      message: "Enter the body that approved this version (e.g. the People & Resources committee).",
    };
  if (!ISO_DATE.test(input.approvalDate) || Number.isNaN(Date.parse(input.approvalDate)))
    return { ok: false, field: "approvalDate", message: "Enter the approval date as YYYY-MM-DD." };
  if (input.approvalDate > formatISO(today, { representation: "date" }))
    return { ok: false, field: "approvalDate", message: "The approval date cannot be in the future." };
  if (
    input.nextReviewDue &&
    (!ISO_DATE.test(input.nextReviewDue) || input.nextReviewDue <= input.approvalDate)
  ) {
    return {
      ok: false,
      field: "nextReviewDue",
      message: "The next review date must be a YYYY-MM-DD date after the approval date.",
    };
  }
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select()
      .from(policyVersions)
      .where(eq(policyVersions.id, input.versionId))
      .for("update");
    if (!version)
      return { ok: false as const, field: "versionId" as const, message: "There is no such policy version." };
    if (version.status !== "draft")
      return {
        ok: false as const,
        field: "versionId" as const,
        message: `Version ${version.number} is ${version.status}, not a draft: only drafts can be approved.`,
      };
    const nextReviewDue =
      input.nextReviewDue ||
      proposeNextReview({
        documentDue: version.parsed.metadata.nextReviewDue?.iso ?? null,
        approvalDate: input.approvalDate,
      });
    const [previous] = await tx
      .select({ id: policyVersions.id })
      .from(policyVersions)
      .where(and(eq(policyVersions.trustId, version.trustId), eq(policyVersions.status, "current")));
    await tx
      .update(policyVersions)
      .set({ status: "superseded" })
      .where(and(eq(policyVersions.trustId, version.trustId), eq(policyVersions.status, "current")));
    await tx
      .update(policyVersions)
      .set({
        status: "current",
        approvingBody: input.approvingBody.trim(),
        approvalDate: input.approvalDate,
        approvedAt: new Date(),
        approvedByUserId: actor.id,
        nextReviewDue,
      })
      .where(eq(policyVersions.id, version.id));
    await relocateControlMappings(tx, version.trustId, version.parsed, actor);
    // Capabilities that act on a new current version (acknowledgement) commit with the approval.
    for (const capability of capabilities())
      await capability.onPolicyVersionCurrent?.(tx, {
        versionId: version.id,
        previousVersionId: previous?.id ?? null,
        trustId: version.trustId,
        asOf: today,
      });
    await recordAuditEvent(tx, {
      actor,
      action: "policy.approved",
      subjectType: "policy-version",
      subjectId: version.id,
      detail: {
        number: version.number,
        approvingBody: input.approvingBody.trim(),
        approvalDate: input.approvalDate,
        nextReviewDue,
      },
    });
    return { ok: true as const };
  });
}
