// A leader records a briefing or training on the policy at their school (3.1.1): the day, who led
// it, who attended (picked by name, or an uploaded register of emails), the clauses of the current
// version it covered, and the materials, stored beside it. One transaction, audited.
import { createHash } from "node:crypto";
import { calendarDateAt, parseCalendarDate } from "../core/calendar/calendar-date";
import { inPost, listStaff } from "../core/people/list-staff";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { type RegisterProblem, readAttendanceRegister } from "./read-attendance-register";
import { trainingAttendance, trainingMaterials, trainingSessions } from "./schema";

export const MAX_MATERIAL_BYTES = 10 * 1024 * 1024;
export const MAX_MATERIALS = 5;
/** All materials together: a slide deck and a handout, not a video. */
export const MAX_MATERIALS_TOTAL = 20 * 1024 * 1024;
export const MAX_REGISTER_BYTES = 512 * 1024;
export const MATERIAL_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
};

export type TrainingFile = { fileName: string; mimeType: string; bytes: Buffer };

export type TrainingInput = {
  kind: string;
  title: string;
  heldOn: string;
  /** A member of staff's id, or "" with `ledByName` for someone not on the list. */
  ledByStaffId: string;
  ledByName: string;
  attendeeIds: readonly string[];
  register: string | null;
  clauseIds: readonly string[];
  materials: readonly TrainingFile[];
};

export type TrainingResult =
  | { ok: true; sessionId: string; attendees: number }
  | { ok: false; errors: Record<string, string>; registerProblems: RegisterProblem[] };

export async function recordTrainingSession(options: {
  db: Db;
  leader: SignedInUser;
  school: { id: string; timeZone: string };
  input: TrainingInput;
  asOf?: Date;
}): Promise<TrainingResult> {
  const { db, leader, school, input } = options;
  const at = options.asOf ?? new Date();
  const errors: Record<string, string> = {};
  let registerProblems: RegisterProblem[] = [];
  // A leader of one school records only at their own school (the route checks too).
  if (!can(leader, "training.record", { schoolId: school.id }))
    return { ok: false, errors: { school: "You cannot record training at this school." }, registerProblems };
  const kind = input.kind === "briefing" || input.kind === "training" ? input.kind : null;
  if (!kind) errors.kind = "Choose whether it was a briefing or a training session.";
  const title = input.title.trim();
  if (!title || title.length > 200) errors.title = "Give the session a title (up to 200 characters).";
  const today = calendarDateAt(at, school.timeZone);
  const day = parseCalendarDate(input.heldOn.trim());
  const heldOn = day.ok ? input.heldOn.trim() : null;
  if (!heldOn) errors.heldOn = "Enter the day it was held as a date, for example 2027-01-12.";
  else if (heldOn > today) errors.heldOn = "Record a session after it has been held, not before.";
  const version = await loadCurrentPolicy(db);
  if (!version) errors.clauses = "There is no current policy to train on yet.";
  const known = new Set(version?.parsed.clauses.map((c) => c.id) ?? []);
  const clauseIds = [...new Set(input.clauseIds)].filter((id) => known.has(id));
  if (version && clauseIds.length === 0) errors.clauses = "Choose at least one clause the session covered.";
  if (clauseIds.length !== new Set(input.clauseIds).size && version)
    errors.clauses = "A clause chosen is not in the current policy: choose again.";

  const schoolStaff = await listStaff(db, { schoolIds: [school.id] });
  const byId = new Map(schoolStaff.map((s) => [s.id, s]));
  const onDay = (s: (typeof schoolStaff)[number]) => (heldOn ? inPost(s, heldOn) : true);
  let ledByStaffId: string | null = null;
  let ledByName = input.ledByName.trim();
  if (input.ledByStaffId) {
    const leaderStaff = byId.get(input.ledByStaffId);
    if (!leaderStaff) errors.ledBy = "Choose who led it from the staff list, or type their name.";
    else {
      ledByStaffId = leaderStaff.id;
      ledByName = `${leaderStaff.firstName} ${leaderStaff.lastName}`;
    }
  } else if (!ledByName || ledByName.length > 200)
    errors.ledBy = "Say who led it: choose them from the staff list or type their name.";

  const attendees = new Map<string, "picked" | "register">();
  for (const id of input.attendeeIds) {
    const member = byId.get(id);
    if (!member) {
      errors.attendees = "Someone chosen is not on this school's staff list: choose again.";
      continue;
    }
    if (!onDay(member))
      errors.attendees = `${member.firstName} ${member.lastName} was not in post on the day of the session.`;
    else attendees.set(id, "picked");
  }
  if (input.register !== null) {
    const staffByEmail = new Map(
      schoolStaff.map((s) => [s.email.toLowerCase(), { id: s.id, inPost: onDay(s) }] as const),
    );
    const read = readAttendanceRegister(input.register, staffByEmail);
    registerProblems = read.problems;
    if (read.problems.length)
      errors.register = `${read.problems.length} ${read.problems.length === 1 ? "row" : "rows"} of the register could not be used: see the list below, fix the file and upload it again.`;
    for (const id of read.staffIds) if (!attendees.has(id)) attendees.set(id, "register");
  }
  if (attendees.size === 0 && !errors.attendees && !errors.register)
    errors.attendees = "Choose who attended, or upload the register.";

  if (input.materials.length > MAX_MATERIALS)
    errors.materials = `Attach at most ${MAX_MATERIALS} files; put the rest in one PDF.`;
  if (input.materials.reduce((n, f) => n + f.bytes.length, 0) > MAX_MATERIALS_TOTAL)
    errors.materials = "The materials together must be 20 MB or smaller.";
  for (const file of input.materials) {
    if (file.bytes.length > MAX_MATERIAL_BYTES) errors.materials = `${file.fileName} is larger than 10 MB.`;
    else if (!MATERIAL_TYPES[file.mimeType])
      errors.materials = `${file.fileName} must be a PDF, PNG, JPEG, PowerPoint or Word file.`;
  }
  if (Object.keys(errors).length || !kind || !heldOn || !version)
    return { ok: false, errors, registerProblems };

  const sessionId = await db.transaction(async (tx) => {
    const [session] = await tx
      .insert(trainingSessions)
      .values({
        schoolId: school.id,
        versionId: version.id,
        kind,
        title,
        heldOn,
        ledByStaffId,
        ledByName,
        clauseIds,
        recordedByUserId: leader.id,
        recordedAt: at,
      })
      .returning({ id: trainingSessions.id });
    const id = session!.id;
    await tx
      .insert(trainingAttendance)
      .values([...attendees].map(([staffId, source]) => ({ sessionId: id, staffId, source })));
    for (const file of input.materials)
      await tx.insert(trainingMaterials).values({
        sessionId: id,
        fileName: file.fileName.slice(0, 200),
        mimeType: file.mimeType,
        bytes: file.bytes,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        uploadedByUserId: leader.id,
        uploadedAt: at,
      });
    await recordAuditEvent(tx, {
      actor: { id: leader.id, label: leader.email },
      action: "training.session-recorded",
      subjectType: "training-session",
      subjectId: id,
      schoolId: school.id,
      detail: {
        kind,
        heldOn,
        attendees: attendees.size,
        fromRegister: [...attendees.values()].filter((s) => s === "register").length,
        clauses: clauseIds.length,
        materials: input.materials.length,
      },
    });
    return id;
  });
  return { ok: true, sessionId, attendees: attendees.size };
}
