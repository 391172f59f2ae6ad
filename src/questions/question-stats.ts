// Numbers for leaders and the live policy page: open and overdue questions, the median time to a
// first answer, and which clauses draw most questions (a sign a clause needs rewording at review).
import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { SchoolScope } from "../platform/capability";
import type { DbOrTx } from "../platform/db";
import { inSchoolScope } from "../platform/school-scope";
import { questions } from "./schema";

export type QuestionStats = {
  asked: number;
  open: number;
  overdue: number;
  medianHoursToAnswer: number | null;
};

export async function questionStats(db: DbOrTx, scope: SchoolScope, today: string): Promise<QuestionStats> {
  const [row] = await db
    .select({
      asked: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${questions.status} = 'open')::int`,
      overdue: sql<number>`count(*) filter (where ${questions.status} = 'open' and ${questions.dueOn} < ${today})::int`,
      median: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from ${questions.firstAnsweredAt} - ${questions.askedAt}) / 3600.0)`,
    })
    .from(questions)
    .where(inSchoolScope(questions.schoolId, scope));
  return {
    asked: row?.asked ?? 0,
    open: row?.open ?? 0,
    overdue: row?.overdue ?? 0,
    medianHoursToAnswer:
      row?.median === null || row?.median === undefined ? null : Math.round(Number(row.median) * 10) / 10,
  };
}

export async function questionsByClause(db: DbOrTx, scope: SchoolScope, limit = 10) {
  return db
    .select({ clauseId: questions.clauseId, versionId: questions.versionId, n: count() })
    .from(questions)
    .where(and(isNotNull(questions.clauseId), inSchoolScope(questions.schoolId, scope)))
    .groupBy(questions.clauseId, questions.versionId)
    .orderBy(desc(count()), questions.clauseId)
    .limit(limit)
    .then((rows) => rows.map((r) => ({ clauseId: r.clauseId!, versionId: r.versionId, count: r.n })));
}

/** Open questions waiting on this person (routed to them, or escalated to them). */
export async function waitingFor(db: DbOrTx, userId: string) {
  return db
    .select({
      id: questions.id,
      dueOn: questions.dueOn,
      askedAt: questions.askedAt,
      clauseId: questions.clauseId,
      escalatedToUserId: questions.escalatedToUserId,
    })
    .from(questions)
    .where(
      and(
        eq(questions.status, "open"),
        sql`(${questions.routedToUserId} = ${userId} or ${questions.escalatedToUserId} = ${userId})`,
      ),
    )
    .orderBy(questions.dueOn);
}
