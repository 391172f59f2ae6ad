// Puts a file into the evidence vault (8.3.2: staff keep their communications rejecting approaches
// from pupils and ex-pupils). The file is judged by its content, stored unaltered with its SHA-256
// so a later download can prove it is the same, and kept until the trust's retention period ends.
import { and, eq } from "drizzle-orm";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { notify } from "../platform/mail/queue-mail";
import { pupils } from "../core/people/schema";
import type { Db } from "../platform/db";
import type { Mailer } from "../platform/mail/send-mail";
import { calendarDateAt, parseCalendarDate } from "../core/calendar/calendar-date";
import { checkEvidenceFile } from "./check-evidence-file";
import { evidenceRetentionDays, MAX_EVIDENCE_BYTES } from "./evidence-settings";
import { EVIDENCE_LEADER_ROLES, findSchoolLeaders } from "../core/people/find-school-leaders";
import type { StaffSchool } from "../core/people/find-staff-school";
import { loadDeclarationClauses } from "./resolve-declaration-clauses";
import { evidencePurgeDate } from "./retention";
import { evidenceItems } from "./schema";
import { pupilDisplayName } from "./search-roster";

export type EvidenceField = "file" | "communicationDate" | "concerning" | "concerningText" | "sharedWith";

export interface EvidenceProblem {
  field: EvidenceField;
  message: string;
}

export type EvidenceConcerning = { pupilId: string } | { text: string };

export interface StoreEvidenceOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  owner: { id: string; name: string; email: string };
  school: StaffSchool;
  file: { name: string; type?: string; bytes: Uint8Array };
  /** "YYYY-MM-DD": the day of the communication, in the school's zone. */
  communicationDate: string;
  concerning: EvidenceConcerning;
  sharedWithId?: string | null;
  asOf?: Date;
  /** Defaults to EVIDENCE_RETENTION_DAYS. */
  retentionDays?: number;
  maxBytes?: number;
}

export type StoreEvidenceResult =
  | { ok: true; evidenceId: string; sha256: string; mediaType: string; purgeAfter: string }
  | { ok: false; error: EvidenceProblem };

const MAX_CONCERNING_LENGTH = 200;
const MAX_FILE_NAME_LENGTH = 200;

export async function storeEvidence(options: StoreEvidenceOptions): Promise<StoreEvidenceResult> {
  const { db, school, owner } = options;
  const asOf = options.asOf ?? new Date();
  const problem = (field: EvidenceField, message: string): StoreEvidenceResult => ({
    ok: false,
    error: { field, message },
  });

  const checked = await checkEvidenceFile({
    bytes: options.file.bytes,
    declaredName: options.file.name,
    declaredType: options.file.type,
    maxBytes: options.maxBytes ?? MAX_EVIDENCE_BYTES,
  });
  if (!checked.ok) return problem("file", checked.error.message);

  const date = options.communicationDate.trim();
  if (!date) return problem("communicationDate", "Give the date of the communication.");
  const parsed = parseCalendarDate(date);
  if (!parsed.ok) return problem("communicationDate", `The date of the communication: ${parsed.message}.`);
  const today = calendarDateAt(asOf, school.timeZone);
  if (date > today) {
    return problem(
      "communicationDate",
      `The date of the communication, ${date}, is in the future; today is ${today}.`,
    );
  }

  let concerning: string;
  let pupilId: string | null = null;
  if ("pupilId" in options.concerning) {
    const [pupil] = await db
      .select()
      .from(pupils)
      .where(and(eq(pupils.id, options.concerning.pupilId), eq(pupils.schoolId, school.id)))
      .limit(1);
    if (!pupil)
      return problem("concerning", `That pupil is not on the roll of ${school.name}. Search for them again.`);
    pupilId = pupil.id;
    concerning = `${pupilDisplayName(pupil)} (${pupil.yearGroup})`;
  } else {
    concerning = options.concerning.text.trim();
    if (!concerning) return problem("concerningText", "Say who the communication concerned.");
    if (concerning.length > MAX_CONCERNING_LENGTH)
      return problem("concerningText", `Keep who it concerned to ${MAX_CONCERNING_LENGTH} characters.`);
  }

  let sharedWith: { id: string; email: string } | null = null;
  if (options.sharedWithId) {
    const leaders = await findSchoolLeaders({ db, schoolId: school.id, roles: EVIDENCE_LEADER_ROLES });
    const leader = leaders.find((l) => l.id === options.sharedWithId && l.id !== owner.id);
    if (!leader)
      return problem("sharedWith", `Choose a leader of ${school.name} from the list, or do not share it.`);
    sharedWith = leader;
  }

  const retentionDays = options.retentionDays ?? evidenceRetentionDays();
  const purgeAfter = calendarDateAt(
    evidencePurgeDate({ storedAt: asOf, retentionDays, timeZone: school.timeZone }),
    school.timeZone,
  );
  const fileName = storedFileName(options.file.name, checked.extension);

  const { clauses } = await loadDeclarationClauses(db);
  const evidenceId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceItems)
      .values({
        ownerId: owner.id,
        schoolId: school.id,
        fileName,
        mediaType: checked.mediaType,
        size: options.file.bytes.length,
        sha256: checked.sha256,
        content: Buffer.from(options.file.bytes),
        communicationDate: date,
        concerning,
        pupilId,
        sharedWithId: sharedWith?.id ?? null,
        storedAt: asOf,
        purgeAfter,
      })
      .returning({ id: evidenceItems.id });
    await recordAuditEvent(tx, {
      actor: { id: owner.id, label: owner.email },
      action: "evidence.stored",
      subjectType: "evidence",
      subjectId: row!.id,
      personId: owner.id,
      schoolId: school.id,
      detail: {
        sha256: checked.sha256,
        size: options.file.bytes.length,
        mediaType: checked.mediaType,
        sharedWith: sharedWith?.id ?? null,
        purgeAfter,
      },
    });
    if (sharedWith) {
      await notify(tx, {
        userId: sharedWith.id,
        kind: "evidence.shared",
        link: "/declarations/review",
        to: sharedWith.email,
        subject: "A member of staff has shared a file from their evidence vault with you",
        text:
          `${owner.name} at ${school.name} has kept a record of rejecting an approach on social media (clause ${clauses.rejectedApproaches}) ` +
          `and has shared it with you for transparency.\n\nOpen your list of shared files (sign in first): ` +
          `${options.baseUrl}/declarations/review\n`,
      });
    }
    return row!.id;
  });

  if (sharedWith) options.mailer.deliverSoon();
  return { ok: true, evidenceId, sha256: checked.sha256, mediaType: checked.mediaType, purgeAfter };
}

// The name shown and offered on download: the uploaded base name, without control characters, and
// carrying the extension of what the file really is.
function storedFileName(declared: string, extension: string): string {
  const parts = declared.split(/[\\/]/);
  let name = (parts[parts.length - 1] ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, MAX_FILE_NAME_LENGTH);
  if (!name) name = "evidence";
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name : `${name}.${extension}`;
}
