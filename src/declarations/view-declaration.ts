// Opens one declaration for its declarer or for a leader of the declarer's school. Every opening,
// and every refused attempt, goes into the audit trail under the declarer, who can see it.
import { asc, eq, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { pupils, schools } from "../core/people/schema";
import { can, type RoleAssignment } from "../platform/auth/permissions";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { findParentLeavingDate } from "./find-parent-leaving-date";
import { declarationReplies, declarationReviews, declarations } from "./schema";

export interface ViewDeclarationOptions {
  db: Db;
  viewer: { id: string; email: string; roles: readonly RoleAssignment[] };
  declarationId: string;
}

export type DeclarationView = {
  declaration: typeof declarations.$inferSelect;
  declarer: { name: string; email: string };
  school: { name: string; timeZone: string };
  pupil: { yearGroup: string; dateOfBirth: string; leftOn: string | null } | null;
  /** For a parent: the last day on roll of their last child, once all have a leaving date. */
  parentLeftOn: string | null;
  reviews: { action: string; note: string | null; createdAt: Date; reviewerName: string }[];
  /** The correction that replaced this one, and the declaration this one corrects. */
  replacedBy: { id: string; createdAt: Date } | null;
  corrects: { id: string; createdAt: Date } | null;
  /** The declarer's answers to requests for more information, oldest first. */
  replies: { text: string; createdAt: Date; authorName: string }[];
  /** The viewer is the declarer (they see what to do) rather than, or as well as, a reviewer. */
  asDeclarer: boolean;
  /** The viewer may review it: a leader of the school who is not the declarer. */
  canReview: boolean;
};

export type ViewDeclarationResult = ({ ok: true } & DeclarationView) | { ok: false; status: 403 | 404 };

const reviewers = alias(users, "reviewers");
const authors = alias(users, "authors");

export async function viewDeclaration({
  db,
  viewer,
  declarationId,
}: ViewDeclarationOptions): Promise<ViewDeclarationResult> {
  const [row] = await db
    .select({
      declaration: declarations,
      declarerName: users.name,
      declarerEmail: users.email,
      schoolName: schools.name,
      timeZone: schools.timeZone,
      yearGroup: pupils.yearGroup,
      dateOfBirth: pupils.dateOfBirth,
      leftOn: pupils.leftOn,
    })
    .from(declarations)
    .innerJoin(users, eq(users.id, declarations.userId))
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .leftJoin(pupils, eq(pupils.id, declarations.pupilId))
    .where(eq(declarations.id, declarationId))
    .limit(1);
  if (!row) return { ok: false, status: 404 };
  const d = row.declaration;
  const asDeclarer = d.userId === viewer.id;
  const isReviewer = can(viewer, "declarations.review", { schoolId: d.schoolId });
  const actor = { id: viewer.id, label: viewer.email };
  if (!asDeclarer && !isReviewer) {
    await recordAuditEvent(db, {
      actor,
      action: "declaration.view-refused",
      subjectType: "declaration",
      subjectId: d.id,
      personId: d.userId,
      schoolId: d.schoolId,
      detail: {},
    });
    return { ok: false, status: 403 };
  }
  const reviews = await db
    .select({
      action: declarationReviews.action,
      note: declarationReviews.note,
      createdAt: declarationReviews.createdAt,
      reviewerName: reviewers.name,
    })
    .from(declarationReviews)
    .innerJoin(reviewers, eq(reviewers.id, declarationReviews.reviewerId))
    .where(eq(declarationReviews.declarationId, d.id))
    .orderBy(asc(declarationReviews.createdAt));
  const replies = await db
    .select({
      text: declarationReplies.text,
      createdAt: declarationReplies.createdAt,
      authorName: authors.name,
    })
    .from(declarationReplies)
    .innerJoin(authors, eq(authors.id, declarationReplies.authorId))
    .where(eq(declarationReplies.declarationId, d.id))
    .orderBy(asc(declarationReplies.createdAt));
  // Both ends of a correction: the page links forward to the replacement and back to the original.
  const linked = await db
    .select({
      id: declarations.id,
      createdAt: declarations.createdAt,
      supersedesId: declarations.supersedesId,
    })
    .from(declarations)
    .where(
      d.supersedesId
        ? or(eq(declarations.supersedesId, d.id), eq(declarations.id, d.supersedesId))
        : eq(declarations.supersedesId, d.id),
    )
    .orderBy(asc(declarations.createdAt));
  const replacement = linked.find((l) => l.supersedesId === d.id);
  const original = linked.find((l) => l.id === d.supersedesId);
  await recordAuditEvent(db, {
    actor,
    action: "declaration.viewed",
    subjectType: "declaration",
    subjectId: d.id,
    personId: d.userId,
    schoolId: d.schoolId,
    detail: { view: "detail", as: asDeclarer ? "declarer" : "reviewer" },
  });
  return {
    ok: true,
    declaration: d,
    declarer: { name: row.declarerName, email: row.declarerEmail },
    school: { name: row.schoolName, timeZone: row.timeZone },
    pupil:
      row.yearGroup !== null && row.dateOfBirth !== null
        ? { yearGroup: row.yearGroup, dateOfBirth: row.dateOfBirth, leftOn: row.leftOn }
        : null,
    parentLeftOn:
      d.contactKind === "parent" && d.parentId ? await findParentLeavingDate(db, d.parentId) : null,
    reviews,
    replies,
    replacedBy: replacement ? { id: replacement.id, createdAt: replacement.createdAt } : null,
    corrects: original ? { id: original.id, createdAt: original.createdAt } : null,
    asDeclarer,
    canReview: isReviewer && !asDeclarer,
  };
}
