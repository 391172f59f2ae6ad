// A member of staff declares a social media relationship (4.2.1, 8.3–8.5). The contact comes from
// the school's roster (pupil, ex-pupil, parent) or by name (staff, governor, someone else); the
// verdict is judged there and then, stored with its clause, and a prohibited one is sent at once to
// the school's principal (and DSL when a child is involved) by a link that names no one.
import { and, eq, notInArray } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import { parents, pupils } from "../core/people/schema";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import type { Mailer } from "../platform/mail/send-mail";
import { calendarDateAt } from "../core/calendar/calendar-date";
import { declarationContact } from "./declaration-contact";
import { findParentLeavingDate } from "./find-parent-leaving-date";
import { contactKindLabels, verdictLabels, withArticle } from "./declaration-labels";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import type { StaffSchool } from "../core/people/find-staff-school";
import {
  type ContactKind,
  type DeclarationJudgement,
  type OtherRelationship,
  judgeDeclaration,
  otherRelationships as knownRelationships,
} from "./judge-declaration";
import { loadDeclarationClauses } from "./resolve-declaration-clauses";
import { declarations } from "./schema";
import { pupilDisplayName } from "./search-roster";

export type ContactChoice =
  | { kind: "pupil"; pupilId: string }
  | { kind: "parent"; parentId: string }
  | { kind: "staff" | "governor" | "other"; name: string };

export type DeclarationField = "contact" | "contactName" | "platforms" | "otherRelationships" | "note";

export interface DeclarationProblem {
  field: DeclarationField;
  message: string;
}

export interface RecordDeclarationOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  declarer: { id: string; name: string; email: string };
  school: StaffSchool;
  contact: ContactChoice;
  platforms: readonly string[];
  otherRelationships: readonly string[];
  note?: string;
  /** A correction: the declarer's own open declaration this one replaces (kept, marked superseded). */
  supersedesId?: string;
  asOf?: Date;
}

export type RecordDeclarationResult =
  | { ok: true; declarationId: string; judgement: DeclarationJudgement; notified: string[] }
  | { ok: false; error: DeclarationProblem };

export const MAX_NOTE_LENGTH = 2000;
const MAX_PLATFORMS = 12;
const MAX_PLATFORM_LENGTH = 60;
const MAX_NAME_LENGTH = 200;

export async function recordDeclaration(options: RecordDeclarationOptions): Promise<RecordDeclarationResult> {
  const { db, school, declarer } = options;
  const asOf = options.asOf ?? new Date();
  const problem = (field: DeclarationField, message: string): RecordDeclarationResult => ({
    ok: false,
    error: { field, message },
  });

  const platforms = [...new Set(options.platforms.map((p) => p.trim()).filter(Boolean))];
  if (platforms.length === 0)
    return problem(
      "platforms",
      "Choose at least one platform where you are in contact, or name it under Other.",
    );
  if (platforms.length > MAX_PLATFORMS)
    return problem("platforms", `Choose at most ${MAX_PLATFORMS} platforms.`);
  const long = platforms.find((p) => p.length > MAX_PLATFORM_LENGTH);
  if (long)
    return problem(
      "platforms",
      `The platform name "${long.slice(0, 20)}…" is longer than ${MAX_PLATFORM_LENGTH} characters.`,
    );

  const relationships = [...new Set(options.otherRelationships)];
  const unknown = relationships.find((r) => !knownRelationships.includes(r as OtherRelationship));
  if (unknown !== undefined)
    return problem("otherRelationships", `"${unknown}" is not one of the relationships listed.`);

  const note = options.note?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH)
    return problem("note", `The note is ${note.length} characters long; keep it to ${MAX_NOTE_LENGTH}.`);

  const today = calendarDateAt(asOf, school.timeZone);
  let contactKind: ContactKind;
  let contactName: string;
  let pupilId: string | null = null;
  let parentId: string | null = null;
  let pupilDates: { dateOfBirth: string; leftOn: string | null } | null = null;
  let parentLeftOn: string | null = null;

  if (options.contact.kind === "pupil") {
    const [pupil] = await db
      .select()
      .from(pupils)
      .where(and(eq(pupils.id, options.contact.pupilId), eq(pupils.schoolId, school.id)))
      .limit(1);
    if (!pupil)
      return problem("contact", `That pupil is not on the roll of ${school.name}. Search for them again.`);
    pupilId = pupil.id;
    contactName = pupilDisplayName(pupil);
    contactKind = pupil.leftOn !== null && pupil.leftOn < today ? "ex-pupil" : "pupil";
    pupilDates = { dateOfBirth: pupil.dateOfBirth, leftOn: pupil.leftOn };
  } else if (options.contact.kind === "parent") {
    const [parent] = await db
      .select()
      .from(parents)
      .where(and(eq(parents.id, options.contact.parentId), eq(parents.schoolId, school.id)))
      .limit(1);
    if (!parent)
      return problem(
        "contact",
        `That parent is not on the records of ${school.name}. Search for them again.`,
      );
    parentId = parent.id;
    contactName = `${parent.firstName} ${parent.lastName}`;
    contactKind = "parent";
    parentLeftOn = await findParentLeavingDate(db, parent.id);
  } else {
    contactName = options.contact.name.trim();
    if (!contactName) return problem("contactName", "Give the name of the person you are in contact with.");
    if (contactName.length > MAX_NAME_LENGTH)
      return problem("contactName", `The name is longer than ${MAX_NAME_LENGTH} characters.`);
    contactKind = options.contact.kind;
  }

  const { clauses } = await loadDeclarationClauses(db);
  const judged = judgeDeclaration({
    contact: declarationContact({
      contactKind,
      otherRelationships: relationships,
      pupil: pupilDates,
      parentLeftOn,
    }),
    asOf,
    timeZone: school.timeZone,
    clauses,
  });
  if (!judged.ok) {
    // The dates come from the school's MIS, not from the member of staff, so say where to fix them.
    return problem(
      "contact",
      `The school's record for ${contactName} cannot be used: ${judged.error.message}. Nothing has been recorded. ` +
        `Ask your school's data manager to correct the record, then declare again.`,
    );
  }
  const { ok: _ok, ...judgement } = judged;

  const actor: Actor = { id: declarer.id, label: declarer.email };
  const notified: string[] = [];
  const declarationId = await db.transaction(async (tx) => {
    if (options.supersedesId) {
      const replaced = await tx
        .update(declarations)
        .set({ status: "superseded", updatedAt: asOf })
        .where(
          and(
            eq(declarations.id, options.supersedesId),
            eq(declarations.userId, declarer.id),
            notInArray(declarations.status, ["concern-opened", "withdrawn", "superseded"]),
          ),
        )
        .returning({ id: declarations.id });
      if (replaced.length === 0)
        throw new Error("The declaration to correct is not open or not the declarer's");
    }
    const [row] = await tx
      .insert(declarations)
      .values({
        userId: declarer.id,
        schoolId: school.id,
        contactKind,
        pupilId,
        parentId,
        contactName,
        platforms,
        otherRelationships: relationships,
        note,
        verdict: judgement.verdict,
        clause: judgement.clause,
        reason: judgement.reason,
        changesAt: judgement.changesAt ?? null,
        supersedesId: options.supersedesId ?? null,
        createdAt: asOf,
        updatedAt: asOf,
      })
      .returning({ id: declarations.id });
    // The trail records the verdict and its clause, never the contact's name.
    await recordAuditEvent(tx, {
      actor,
      action: "declaration.recorded",
      subjectType: "declaration",
      subjectId: row!.id,
      personId: declarer.id,
      schoolId: school.id,
      detail: {
        contactKind,
        verdict: judgement.verdict,
        clause: judgement.clause,
        changesAt: judgement.changesAt?.toISOString() ?? null,
        ...(options.supersedesId ? { corrects: options.supersedesId } : {}),
      },
    });
    // The alert is written with the declaration, so it exists exactly when the declaration does.
    if (judgement.verdict === "prohibited" && judgement.notify.length > 0) {
      const leaders = await findSchoolLeaders({ db: tx, schoolId: school.id, roles: judgement.notify });
      const link = `${options.baseUrl}/declarations/${row!.id}`;
      for (const leader of leaders) {
        if (leader.id === declarer.id) continue;
        await notify(tx, {
          userId: leader.id,
          kind: "declarations.prohibited",
          link: `/declarations/${row!.id}`,
          to: leader.email,
          subject: `A declared social media relationship needs your attention (clause ${judgement.clause})`,
          text:
            `${declarer.name}, a member of staff at ${school.name}, has declared a social media relationship with ` +
            `${withArticle(contactKindLabels[contactKind])} that the policy does not allow (clause ${judgement.clause}: ` +
            `${verdictLabels[judgement.verdict]}). Conduct has told them what to do.\n\n` +
            `Review the declaration here (sign in first): ${link}\n\n` +
            `For the contact's privacy this email does not name them.\n`,
        });
        notified.push(leader.email);
      }
      if (notified.length > 0) {
        await recordAuditEvent(tx, {
          actor,
          action: "declaration.leaders-notified",
          subjectType: "declaration",
          subjectId: row!.id,
          personId: declarer.id,
          schoolId: school.id,
          detail: { roles: judgement.notify, recipients: notified.length },
        });
      }
    }
    return row!.id;
  });
  if (notified.length > 0) options.mailer.deliverSoon();
  return { ok: true, declarationId, judgement, notified };
}
