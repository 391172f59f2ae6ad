// The daily job "declarations.rejudge": a verdict can change by itself (an ex-pupil turns 18, a
// pupil's leaving day passes), so each declaration whose changesAt has come is judged again with
// the roster's current dates. A changed verdict is stored, audited, and told to the member of
// staff and the school's principal(s), by a link that names no one.
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { notify } from "../platform/mail/queue-mail";
import { recordAuditEvent, SYSTEM_ACTOR } from "../platform/audit/record-audit-event";
import { pupils, schools } from "../core/people/schema";
import { users } from "../platform/auth/schema";
import type { Db } from "../platform/db";
import type { Mailer } from "../platform/mail/send-mail";
import { eighteenthBirthday } from "./age-of-majority";
import { declarationContact } from "./declaration-contact";
import { verdictLabels } from "./declaration-labels";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { findParentLeavingDate } from "./find-parent-leaving-date";
import { judgeDeclaration } from "./judge-declaration";
import { loadDeclarationClauses } from "./resolve-declaration-clauses";
import { declarations } from "./schema";

export interface RejudgeDeclarationsOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  asOf?: Date;
}

export type RejudgeDeclarationsSummary = { checked: number; changed: number; failed: number };

export async function rejudgeDeclarations(
  options: RejudgeDeclarationsOptions,
): Promise<RejudgeDeclarationsSummary> {
  const { db } = options;
  const asOf = options.asOf ?? new Date();
  const due = await db
    .select({
      declaration: declarations,
      declarerName: users.name,
      declarerEmail: users.email,
      schoolName: schools.name,
      timeZone: schools.timeZone,
      dateOfBirth: pupils.dateOfBirth,
      leftOn: pupils.leftOn,
    })
    .from(declarations)
    .innerJoin(users, eq(users.id, declarations.userId))
    .innerJoin(schools, eq(schools.id, declarations.schoolId))
    .leftJoin(pupils, eq(pupils.id, declarations.pupilId))
    .where(and(isNotNull(declarations.changesAt), lte(declarations.changesAt, asOf)));
  if (due.length === 0) return { checked: 0, changed: 0, failed: 0 };

  const { clauses } = await loadDeclarationClauses(db);
  const summary: RejudgeDeclarationsSummary = { checked: due.length, changed: 0, failed: 0 };
  for (const row of due) {
    const d = row.declaration;
    const pupil = row.dateOfBirth !== null ? { dateOfBirth: row.dateOfBirth, leftOn: row.leftOn } : null;
    const parentLeftOn =
      d.contactKind === "parent" && d.parentId ? await findParentLeavingDate(db, d.parentId) : null;
    const judged = judgeDeclaration({
      contact: declarationContact({
        contactKind: d.contactKind,
        otherRelationships: d.otherRelationships,
        pupil,
        parentLeftOn,
      }),
      asOf,
      timeZone: row.timeZone,
      clauses,
    });
    const audit = {
      actor: SYSTEM_ACTOR,
      subjectType: "declaration",
      subjectId: d.id,
      personId: d.userId,
      schoolId: d.schoolId,
    };

    if (!judged.ok) {
      // The roster now holds a date the rules cannot use (a correction gone wrong): stop re-judging
      // and leave the last verdict standing, in the trail for someone to look at.
      await db.transaction(async (tx) => {
        const [claimed] = await tx
          .update(declarations)
          .set({ changesAt: null, updatedAt: asOf })
          .where(and(eq(declarations.id, d.id), eq(declarations.changesAt, d.changesAt!)))
          .returning({ id: declarations.id });
        if (claimed)
          await recordAuditEvent(tx, {
            ...audit,
            action: "declaration.rejudge-failed",
            detail: { field: judged.error.field },
          });
      });
      summary.failed += 1;
      continue;
    }

    const changed = judged.verdict !== d.verdict;
    // Conditional on changesAt, so two runs at once (or a rerun) handle each change once.
    const claimed = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(declarations)
        .set({
          verdict: judged.verdict,
          clause: judged.clause,
          reason: judged.reason,
          changesAt: judged.changesAt ?? null,
          updatedAt: asOf,
        })
        .where(and(eq(declarations.id, d.id), eq(declarations.changesAt, d.changesAt!)))
        .returning({ id: declarations.id });
      if (!updated) return false;
      await recordAuditEvent(tx, {
        ...audit,
        action: "declaration.rejudged",
        detail: {
          from: d.verdict,
          to: judged.verdict,
          clause: judged.clause,
          changed,
          changesAt: judged.changesAt?.toISOString() ?? null,
        },
      });
      if (!changed) return true;
      const why = whyItChanged(d.contactKind, pupil, d.changesAt!, row.timeZone);
      const link = `${options.baseUrl}/declarations/${d.id}`;
      const change = `from "${verdictLabels[d.verdict]}" to "${verdictLabels[judged.verdict]}" (clause ${judged.clause})`;
      await notify(tx, {
        userId: d.userId,
        kind: "declarations.verdict-changed",
        link: `/declarations/${d.id}`,
        to: row.declarerEmail,
        subject: "The verdict on one of your declarations has changed",
        text:
          `The verdict on a social media relationship you declared has changed ${change}, because ${why}.\n\n` +
          `Read the new verdict and what it means for you (sign in first): ${link}\n`,
      });
      const principals = await findSchoolLeaders({ db: tx, schoolId: d.schoolId, roles: ["principal"] });
      for (const principal of principals) {
        if (principal.id === d.userId) continue;
        await notify(tx, {
          userId: principal.id,
          kind: "declarations.verdict-changed",
          link: `/declarations/${d.id}`,
          to: principal.email,
          subject: `A declaration's verdict has changed at ${row.schoolName}`,
          text:
            `The verdict on a social media relationship declared by ${row.declarerName} has changed ${change}, ` +
            `because ${why}.\n\nOpen the declaration (sign in first): ${link}\n\n` +
            `For the contact's privacy this email does not name them.\n`,
        });
      }
      return true;
    });
    if (!claimed || !changed) continue;
    summary.changed += 1;
  }
  if (summary.changed > 0) await options.mailer.deliverQueued();
  return summary;
}

function whyItChanged(
  contactKind: string,
  pupil: { dateOfBirth: string; leftOn: string | null } | null,
  changesAt: Date,
  timeZone: string,
): string {
  if (pupil && (contactKind === "pupil" || contactKind === "ex-pupil")) {
    const birthday = eighteenthBirthday({ dateOfBirth: pupil.dateOfBirth, timeZone });
    if (birthday.getTime() === changesAt.getTime()) return `the ${contactKind} has turned 18`;
    return "the pupil has now left the school";
  }
  if (contactKind === "parent") return "the parent's last child at the school has now left";
  return "a date in the school's records has passed";
}
