// Anyone on the staff reports a concern: what was seen or told, where, files, who it involves and
// its kind. Routing (route-concern.ts) decides who receives it; the concern, its people, its first
// chronology entries, its files, the alert emails (no name, no detail: a link) and the audit row
// are written in one transaction, so a failed upload leaves nothing half-saved.
import { and, eq, inArray, sql } from "drizzle-orm";
import { addSchoolDays } from "../core/calendar/school-days";
import { calendarDateAt } from "../core/calendar/calendar-date";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { checkEvidenceFile } from "../declarations/check-evidence-file";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { users } from "../platform/auth/schema";
import type { DbOrTx } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { CATEGORY_LABELS, type ConcernKind, HARM_QUESTIONS, type HarmAnswers } from "./concern-kinds";
import { loadConcernSettings } from "./load-concern-settings";
import { listSchoolPupilsAndParents, listSchoolStaff } from "./roster";
import { type Leader, routeConcern } from "./route-concern";
import { concernAccess, concernDocuments, concernEntries, concernPeople, concerns } from "./schema";

export const MAX_TEXT = 20_000;
export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_NAME = 200;

export type ReportFile = { name: string; type?: string; bytes: Uint8Array };

export interface ReportConcernInput {
  db: DbOrTx;
  baseUrl: string;
  reporter: { id: string; email: string; name: string; staffId: string | null };
  school: { id: string; name: string; timeZone: string };
  kind: ConcernKind;
  harmAnswers?: Partial<Record<string, "yes" | "no">>;
  selfReport?: boolean;
  subjectStaffId?: string | null;
  /** A subject with an account but no staff record at the school (a declaration's declarer). */
  subjectUser?: { id: string; name: string; email: string } | null;
  involvedStaffIds?: readonly string[];
  /** Each a roster label (from the datalist) or a description. */
  involvedOthers?: readonly string[];
  whatHappened: string;
  platform?: string;
  link?: string;
  seenOn?: string;
  supportOffered?: string;
  files?: readonly ReportFile[];
  declarationId?: string | null;
  asOf?: Date;
}

export type ReportConcernResult =
  | { ok: true; concernId: string; routedToRole: string; recipients: number }
  | { ok: false; errors: Record<string, string> };

export async function reportConcern(input: ReportConcernInput): Promise<ReportConcernResult> {
  const { db, school, reporter } = input;
  const asOf = input.asOf ?? new Date();
  const errors: Record<string, string> = {};
  const today = calendarDateAt(asOf, school.timeZone);

  const whatHappened = input.whatHappened.trim();
  if (!whatHappened) errors.whatHappened = "Say what you saw or were told.";
  else if (whatHappened.length > MAX_TEXT)
    errors.whatHappened = `What happened must be ${MAX_TEXT} characters or fewer.`;
  if (/\u0000/.test(input.whatHappened))
    errors.whatHappened = "What happened contains a character that is not allowed.";
  const platform = input.platform?.trim().slice(0, 200) || null;
  const link = input.link?.trim() || null;
  if (link && (link.length > 2000 || !/^https?:\/\/\S+$/i.test(link)))
    errors.link = "Give the link as a web address starting https://, or leave it blank.";
  const seenOn = input.seenOn?.trim() || null;
  if (seenOn && (!/^\d{4}-\d{2}-\d{2}$/.test(seenOn) || Number.isNaN(Date.parse(`${seenOn}T00:00:00Z`))))
    errors.seenOn = "Give the date as a real date, like 2026-11-30.";
  else if (seenOn && seenOn > today)
    errors.seenOn = `The date, ${seenOn}, is in the future; today is ${today}.`;

  let harm: HarmAnswers | undefined;
  if (input.kind === "staff-conduct") {
    const answers: Partial<HarmAnswers> = {};
    for (const q of HARM_QUESTIONS) {
      const a = input.harmAnswers?.[q.key];
      if (a !== "yes" && a !== "no") errors[`harm-${q.key}`] = `Answer yes or no: ${q.text}`;
      else answers[q.key] = a === "yes";
    }
    harm = answers as HarmAnswers;
  }

  const roster = await listSchoolStaff(db, school.id, today);
  const selfReport = input.kind === "staff-conduct" && !!input.selfReport;
  let subject = null as (typeof roster)[number] | null;
  if (selfReport) {
    subject = roster.find((s) => s.id === reporter.staffId) ?? null;
    if (!subject)
      errors.selfReport = `You are not on the staff list of ${school.name}, so you cannot self-report here.`;
  } else if (input.subjectStaffId) {
    subject = roster.find((s) => s.id === input.subjectStaffId) ?? null;
    if (!subject && !input.subjectUser)
      errors.subjectStaffId = `Choose a member of staff of ${school.name} from the list.`;
  } else if (input.kind === "staff-conduct" && !input.subjectUser) {
    errors.subjectStaffId = "Choose the member of staff the concern is about, or tick that it is about you.";
  }
  const involvedStaff = (input.involvedStaffIds ?? []).filter((id) => id !== subject?.id);
  const namedStaff = involvedStaff.map((id) => roster.find((s) => s.id === id));
  if (namedStaff.some((s) => !s)) errors.involvedStaffIds = `Choose staff of ${school.name} from the list.`;

  const others = (input.involvedOthers ?? []).map((o) => o.trim()).filter(Boolean);
  if (others.some((o) => o.length > 300))
    errors.involvedOthers = "Describe each person in 300 characters or fewer.";

  // Files are checked before anything is written: one bad file refuses the whole report.
  const files = input.files ?? [];
  if (files.length > MAX_FILES) errors.files = `Attach at most ${MAX_FILES} files.`;
  const checked: { name: string; mediaType: string; sha256: string; bytes: Uint8Array }[] = [];
  for (const f of files) {
    const result = await checkEvidenceFile({
      bytes: f.bytes,
      declaredName: f.name,
      declaredType: f.type,
      maxBytes: MAX_FILE_BYTES,
    });
    if (!result.ok) {
      errors.files = result.error.message;
      break;
    }
    checked.push({
      name: safeFileName(f.name, result.extension),
      mediaType: result.mediaType,
      sha256: result.sha256,
      bytes: f.bytes,
    });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const pupilsAndParents = others.length > 0 ? await listSchoolPupilsAndParents(db, school.id) : [];
  const leaders = await loadLeaders(db, school.id);
  const settings = await loadConcernSettings(db);
  const managerRole = settings.principalCaseManager;
  const managerEmail = managerRole === "chair" ? settings.chairEmail : settings.chiefExecutiveEmail;
  const managerName = managerRole === "chair" ? settings.chairName : settings.chiefExecutiveName;
  const [managerUser] = managerEmail
    ? await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(sql`lower(${users.email})`, managerEmail.toLowerCase()), eq(users.active, true)))
    : [];
  const routed = routeConcern({
    kind: input.kind,
    harmAnswers: harm,
    subject: subject
      ? { staffId: subject.id, userId: subject.userId }
      : input.subjectUser
        ? { staffId: null, userId: input.subjectUser.id }
        : null,
    namedUserIds: namedStaff.flatMap((s) => (s?.userId ? [s.userId] : [])),
    namedStaffIds: involvedStaff,
    leaders,
    lowLevelRecipientId: settings.lowLevelRecipients[school.id] ?? null,
    principalCaseManager: {
      role: managerRole,
      name: managerName,
      email: managerEmail,
      userId: managerUser?.id ?? null,
    },
  });
  if (routed.recipients.length === 0)
    return {
      ok: false,
      errors: {
        kind: `Nobody at ${school.name} can receive this kind of concern yet (${routed.notes.join(" ")}). Tell your trust administrator, or report it in person.`,
      },
    };

  const calendar = await loadSchoolCalendar(db, school.id);
  const staffCase = routed.category === "allegation" || routed.category === "low-level";
  const concernId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(concerns)
      .values({
        schoolId: school.id,
        kind: input.kind,
        category: routed.category,
        harmAnswers: harm ?? null,
        selfReport,
        reporterId: reporter.id,
        subjectStaffId: subject?.id ?? null,
        subjectUserId: subject?.userId ?? input.subjectUser?.id ?? null,
        subjectKey: subject ? subject.email.toLowerCase() : (input.subjectUser?.email.toLowerCase() ?? null),
        subjectEmployment: subject?.employment ?? null,
        whatHappened,
        platform,
        link,
        seenOn,
        ownerId: routed.recipients[0]?.userId ?? null,
        routedToRole: routed.recipients[0]!.role,
        ladoConsultBy: routed.consultLado ? addSchoolDays(calendar, today, 1) : null,
        startBy: addSchoolDays(calendar, today, settings.startWithinSchoolDays),
        finishBy: staffCase ? addSchoolDays(calendar, today, settings.finishWithinSchoolDays) : null,
        retainWhileEmployed: routed.category === "low-level",
        declarationId: input.declarationId ?? null,
        createdAt: asOf,
      })
      .returning({ id: concerns.id });
    const id = row!.id;
    const people = [
      ...(subject
        ? [
            {
              kind: "staff" as const,
              staffId: subject.id,
              userId: subject.userId,
              description: `${subject.name}, ${subject.jobTitle} (the concern is about them)`,
            },
          ]
        : []),
      ...(!subject && input.subjectUser
        ? [
            {
              kind: "staff" as const,
              staffId: null,
              userId: input.subjectUser.id,
              description: `${input.subjectUser.name} (the concern is about them)`,
            },
          ]
        : []),
      ...namedStaff.map((s) => ({
        kind: "staff" as const,
        staffId: s!.id,
        userId: s!.userId,
        description: `${s!.name}, ${s!.jobTitle}`,
      })),
      ...others.map((o) => {
        const match = pupilsAndParents.find((p) => p.label === o);
        return match
          ? { kind: match.kind, staffId: null, userId: null, description: match.label }
          : { kind: "described" as const, staffId: null, userId: null, description: o };
      }),
    ];
    if (people.length > 0)
      await tx.insert(concernPeople).values(people.map((p) => ({ ...p, concernId: id })));
    const recipients = routed.recipients.filter((r) => r.userId);
    if (recipients.length > 0)
      await tx
        .insert(concernAccess)
        .values(recipients.map((r) => ({ concernId: id, userId: r.userId!, reason: "routed" as const })))
        .onConflictDoNothing();
    const actor = { id: reporter.id, label: reporter.email };
    await tx.insert(concernEntries).values({
      concernId: id,
      kind: "reported",
      authorId: reporter.id,
      authorLabel: reporter.name,
      at: asOf,
      text: selfReport ? "Self-reported." : "Reported.",
    });
    await tx.insert(concernEntries).values({
      concernId: id,
      kind: "routed",
      authorId: null,
      authorLabel: "Conduct",
      at: asOf,
      text: `Routed as a ${CATEGORY_LABELS[routed.category]} to ${routed.recipients.map((r) => `${r.name} (${r.role})`).join(", ")}.${routed.consultLado ? " Consult the LADO within one working day." : ""}`,
      reason: routed.notes.join(" ") || null,
    });
    if (input.supportOffered?.trim())
      await tx.insert(concernEntries).values({
        concernId: id,
        kind: "support",
        authorId: reporter.id,
        authorLabel: reporter.name,
        at: asOf,
        text: input.supportOffered.trim().slice(0, MAX_TEXT),
      });
    for (const f of checked) {
      const [doc] = await tx
        .insert(concernDocuments)
        .values({
          concernId: id,
          fileName: f.name,
          mediaType: f.mediaType,
          size: f.bytes.length,
          sha256: f.sha256,
          content: Buffer.from(f.bytes),
          storedBy: reporter.id,
          storedAt: asOf,
        })
        .returning({ id: concernDocuments.id });
      await tx.insert(concernEntries).values({
        concernId: id,
        kind: "document",
        authorId: reporter.id,
        authorLabel: reporter.name,
        at: asOf,
        text: `File ${f.name} (${f.mediaType}, SHA-256 ${f.sha256}).`,
        documentId: doc!.id,
      });
    }
    await recordAuditEvent(tx, {
      actor,
      action: "concern.reported",
      subjectType: "concern",
      subjectId: id,
      personId: subject?.userId ?? input.subjectUser?.id ?? null,
      schoolId: school.id,
      detail: { category: routed.category, recipients: routed.recipients.length, files: checked.length },
    });
    for (const r of routed.recipients) {
      await notify(tx, {
        userId: r.userId,
        kind: `concerns.${routed.category}`,
        link: `/concerns/${id}`,
        to: r.email,
        subject: `A ${CATEGORY_LABELS[routed.category]} has been raised at ${school.name}`,
        text:
          `A ${CATEGORY_LABELS[routed.category]} has been raised at ${school.name} and has been sent to you as ${r.role}.\n\n` +
          (routed.consultLado
            ? "Consult the local authority designated officer (LADO) within one working day.\n\n"
            : "") +
          `Sign in to read it: ${input.baseUrl}/concerns/${id}\n`,
      });
    }
    return id;
  });
  return {
    ok: true,
    concernId,
    routedToRole: routed.recipients[0]!.role,
    recipients: routed.recipients.length,
  };
}

async function loadLeaders(db: DbOrTx, schoolId: string): Promise<Leader[]> {
  const found = await findSchoolLeaders({ db, schoolId, roles: ["principal", "dsl"] });
  if (found.length === 0) return [];
  const staffIds = await db
    .select({ id: users.id, staffId: users.staffId })
    .from(users)
    .where(
      inArray(
        users.id,
        found.map((l) => l.id),
      ),
    );
  return found.map((l) => ({
    userId: l.id,
    name: l.name,
    email: l.email,
    roles: l.roles,
    staffId: staffIds.find((s) => s.id === l.id)?.staffId ?? null,
  }));
}

/** The uploaded base name without control characters or path, bounded, with the real extension. */
export function safeFileName(declared: string, extension: string): string {
  const parts = declared.split(/[\\/]/);
  let name = (parts[parts.length - 1] ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, MAX_FILE_NAME);
  if (!name || name === "." || name === "..") name = "file";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name : `${name}.${extension}`;
}
