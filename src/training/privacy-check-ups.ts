// The account privacy check-up (4.9) on the database: the trust's current checklist and saving a
// new version of it; a member of staff's own check-ups; and, for leaders and the policy page, how
// many staff in post have done one in the last year (a count, never whose answers).
import { count, desc, eq, sql } from "drizzle-orm";
import { staff } from "../core/people/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { SchoolScope } from "../platform/capability";
import type { DbOrTx } from "../platform/db";
import {
  type CheckUpAnswer,
  type Checklist,
  DEFAULT_CHECKLIST,
  type ChecklistPlatform,
} from "./privacy-checklist";
import { privacyCheckUps, privacyChecklists } from "./schema";

/** A check-up done within this long counts as current: platforms change their settings often. */
export const CHECK_UP_CURRENT_DAYS = 365;
const NO_SCHOOL = "00000000-0000-0000-0000-000000000000";

export async function loadCurrentChecklist(db: DbOrTx): Promise<Checklist> {
  const [row] = await db.select().from(privacyChecklists).orderBy(desc(privacyChecklists.version)).limit(1);
  return row ? { version: row.version, savedAt: row.savedAt, platforms: row.platforms } : DEFAULT_CHECKLIST;
}

export async function saveChecklist(
  db: DbOrTx,
  actor: SignedInUser,
  platforms: ChecklistPlatform[],
): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    // One saver at a time, so two saves cannot take the same version number.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('training.privacy-checklist'))`);
    const current = await loadCurrentChecklist(tx);
    const version = current.version + 1;
    const [row] = await tx
      .insert(privacyChecklists)
      .values({ version, platforms, savedByUserId: actor.id })
      .returning({ id: privacyChecklists.id });
    await recordAuditEvent(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "training.privacy-checklist-saved",
      subjectType: "privacy-checklist",
      subjectId: row!.id,
      schoolId: null,
      detail: { version, platforms: platforms.map((p) => p.name) },
    });
    return { version };
  });
}

export async function recordCheckUp(
  db: DbOrTx,
  options: {
    user: SignedInUser;
    staffId: string;
    checklistVersion: number;
    answers: CheckUpAnswer[];
    at?: Date;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(privacyCheckUps)
      .values({
        staffId: options.staffId,
        checklistVersion: options.checklistVersion,
        answers: options.answers,
        completedAt: options.at ?? new Date(),
      })
      .returning({ id: privacyCheckUps.id });
    // The trail says a check-up was done, not what it found: the answers are theirs.
    await recordAuditEvent(tx, {
      actor: { id: options.user.id, label: options.user.email },
      action: "training.privacy-check-up-done",
      subjectType: "privacy-check-up",
      subjectId: row!.id,
      schoolId: null,
      detail: { checklistVersion: options.checklistVersion },
    });
  });
}

/** This member of staff's own check-ups, newest first. */
export async function myCheckUps(db: DbOrTx, staffId: string) {
  return db
    .select()
    .from(privacyCheckUps)
    .where(eq(privacyCheckUps.staffId, staffId))
    .orderBy(desc(privacyCheckUps.completedAt));
}

export async function countMyCheckUps(db: DbOrTx, staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(privacyCheckUps)
    .where(eq(privacyCheckUps.staffId, staffId));
  return row?.n ?? 0;
}

/** By school in scope: staff in post, and how many of them did a check-up in the last year. */
export async function checkedUpBySchool(
  db: DbOrTx,
  options: { scope: SchoolScope; now?: Date },
): Promise<Map<string, { inPost: number; checkedUp: number }>> {
  const since = new Date((options.now ?? new Date()).getTime() - CHECK_UP_CURRENT_DAYS * 86_400_000);
  const inScope =
    options.scope === "all"
      ? sql``
      : sql`and s.school_id in (${sql.join(
          (options.scope.length ? options.scope : [NO_SCHOOL]).map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`;
  const { rows } = await db.execute<{ schoolId: string; inPost: number; checkedUp: number }>(sql`
    select s.school_id as "schoolId", count(*)::int as "inPost",
           (count(*) filter (where exists (
              select 1 from ${privacyCheckUps} c
               where c.staff_id = s.id and c.completed_at >= ${since.toISOString()}::timestamptz)))::int as "checkedUp"
      from ${staff} s
     where (s.leave_date is null or s.leave_date > current_date) ${inScope}
     group by s.school_id`);
  return new Map(rows.map((r) => [r.schoolId, { inPost: r.inPost, checkedUp: r.checkedUp }]));
}
