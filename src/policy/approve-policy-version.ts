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

export type NextReview = { due: string; precision: "day" | "month" };

const endOfMonthIso = (month: string) =>
  formatISO(endOfMonth(new Date(`${month}-15T12:00:00Z`)), { representation: "date" });

/**
 * The next review: the document's own date when it is still ahead, otherwise approval + the interval.
 * A month the document gives ("Next review due by: March 2027") means by the end of that month, and
 * keeps its month precision.
 */
export function proposeReview(options: {
  documentDue: string | null;
  approvalDate: string;
  intervalMonths?: number;
}): NextReview {
  const documentDue = options.documentDue;
  const due =
    documentDue && ISO_DATE.test(documentDue)
      ? { due: documentDue, precision: "day" as const }
      : documentDue && ISO_MONTH.test(documentDue)
        ? { due: endOfMonthIso(documentDue), precision: "month" as const }
        : null;
  if (due && due.due > options.approvalDate) return due;
  return {
    due: formatISO(
      addMonths(
        new Date(`${options.approvalDate}T12:00:00Z`),
        options.intervalMonths ?? DEFAULT_REVIEW_MONTHS,
      ),
      { representation: "date" },
    ),
    precision: "day",
  };
}

/** The proposal's day, as the approval form pre-fills it. */
export function proposeNextReview(options: Parameters<typeof proposeReview>[0]): string {
  return proposeReview(options).due;
}

/**
 * What the approver gave: a day, or a month (YYYY-MM, due by its end). The form's date field sends
 * back the pre-filled last day of the document's month; that day is kept at the document's precision.
 */
export function chooseNextReview(given: string | null | undefined, proposal: NextReview): NextReview {
  if (!given) return proposal;
  if (ISO_MONTH.test(given)) return { due: endOfMonthIso(given), precision: "month" };
  return { due: given, precision: given === proposal.due ? proposal.precision : "day" };
}

/** The approval date as ISO text at its precision ("2021-03" or "2021-03-12"). */
export function approvalIso(version: {
  approvalDate: string | null;
  approvalDatePrecision: "day" | "month";
}): string | null {
  if (!version.approvalDate) return null;
  return version.approvalDatePrecision === "month" ? version.approvalDate.slice(0, 7) : version.approvalDate;
}

/** The next review as ISO text at its precision ("2027-03" or "2027-03-31"), for pages and exports. */
export function nextReviewIso(version: {
  nextReviewDue: string | null;
  nextReviewPrecision: "day" | "month";
}): string | null {
  if (!version.nextReviewDue) return null;
  return version.nextReviewPrecision === "month" ? version.nextReviewDue.slice(0, 7) : version.nextReviewDue;
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
  // A month ("2021-03") is for a source that gives only the month: kept as that month.
  const approvalMonth = ISO_MONTH.test(input.approvalDate);
  const approvalDate = approvalMonth ? `${input.approvalDate}-01` : input.approvalDate;
  if (!ISO_DATE.test(approvalDate) || Number.isNaN(Date.parse(approvalDate)))
    return {
      ok: false,
      field: "approvalDate",
      message: "Enter the approval date as YYYY-MM-DD (or YYYY-MM when only the month is known).",
    };
  if (approvalDate > formatISO(today, { representation: "date" }))
    return { ok: false, field: "approvalDate", message: "The approval date cannot be in the future." };
  if (
    input.nextReviewDue &&
    (!(ISO_DATE.test(input.nextReviewDue) || ISO_MONTH.test(input.nextReviewDue)) ||
      Number.isNaN(Date.parse(input.nextReviewDue)) ||
      (ISO_MONTH.test(input.nextReviewDue) ? endOfMonthIso(input.nextReviewDue) : input.nextReviewDue) <=
        approvalDate)
  ) {
    return {
      ok: false,
      field: "nextReviewDue",
      message: "The next review must be a date (YYYY-MM-DD) or a month (YYYY-MM) after the approval date.",
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
    const next = chooseNextReview(
      input.nextReviewDue,
      proposeReview({
        documentDue: version.parsed.metadata.nextReviewDue?.iso ?? null,
        approvalDate,
      }),
    );
    const nextReviewDue = next.due;
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
        approvalDate,
        approvalDatePrecision: approvalMonth ? "month" : "day",
        approvedAt: new Date(),
        approvedByUserId: actor.id,
        nextReviewDue,
        nextReviewPrecision: next.precision,
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
        approvalDate: approvalIso({ approvalDate, approvalDatePrecision: approvalMonth ? "month" : "day" }),
        nextReviewDue: nextReviewIso({ nextReviewDue, nextReviewPrecision: next.precision }),
      },
    });
    return { ok: true as const };
  });
}
