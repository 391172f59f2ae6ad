// The declarations a leader's schools have waiting for review: prohibited first (they may be a
// safeguarding matter), then those that must be declared, then the rest, oldest first in each.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { type RoleAssignment, schoolsWhere } from "../platform/auth/permissions";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import { recordListViews } from "./record-list-views";
import { declarationReplies, declarations } from "./schema";

export const AWAITING_STATUSES = ["awaiting-review", "more-information-requested"] as const;
export const REVIEW_LIST_LIMIT = 200;

export interface ListDeclarationsForReviewOptions {
  db: Db;
  viewer: { id: string; email: string; roles: readonly RoleAssignment[] };
}

export async function listDeclarationsForReview({ db, viewer }: ListDeclarationsForReviewOptions) {
  const scope = schoolsWhere(viewer, "declarations.review");
  if (scope !== "all" && scope.length === 0) return [];
  const rows = await db
    .select({
      id: declarations.id,
      userId: declarations.userId,
      schoolId: declarations.schoolId,
      schoolName: schools.name,
      timeZone: schools.timeZone,
      declarerName: users.name,
      contactKind: declarations.contactKind,
      verdict: declarations.verdict,
      clause: declarations.clause,
      status: declarations.status,
      createdAt: declarations.createdAt,
      // Back in the queue with the member of staff's answer: the reviewer reads it before deciding.
      replied: sql<boolean>`exists (select 1 from ${declarationReplies} where ${declarationReplies.declarationId} = ${declarations.id})`,
    })
    .from(declarations)
    .innerJoin(users, eq(users.id, declarations.userId))
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .where(
      and(
        inArray(declarations.status, [...AWAITING_STATUSES]),
        // A leader's own declarations go to another leader.
        ne(declarations.userId, viewer.id),
        scope === "all" ? undefined : inArray(declarations.schoolId, scope),
      ),
    )
    .orderBy(
      sql`case ${declarations.verdict} when 'prohibited' then 0 when 'permitted-declare' then 1 else 2 end`,
      asc(declarations.createdAt),
    )
    .limit(REVIEW_LIST_LIMIT);
  await recordListViews({
    db,
    viewer,
    action: "declarations.listed",
    subjectType: "declaration",
    list: "review",
    rows: rows.map((r) => ({ id: r.id, ownerId: r.userId, schoolId: r.schoolId })),
  });
  return rows;
}
