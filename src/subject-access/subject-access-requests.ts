// Subject access requests a leader answers: recording one, who may handle it, redacting a case
// entry, and producing the record (each audited, naming the person so they see it themselves).
import { addMonths, format } from "date-fns";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { staff } from "../core/people/schema";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { schoolsWhere } from "../platform/auth/permissions";
import { users } from "../platform/auth/schema";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { assembleSubjectAccess, type SubjectAccessDocument } from "./assemble-subject-access";
import { subjectAccessRedactions, subjectAccessRequests } from "./schema";

export type SubjectAccessRequest = typeof subjectAccessRequests.$inferSelect;

const actorOf = (user: SignedInUser) => ({ id: user.id, label: user.name });

/** Pure: the day a response is due, one calendar month after receipt (the end of a shorter month). */
export function dueOn(receivedOn: string): string {
  return format(addMonths(new Date(`${receivedOn}T12:00:00Z`), 1), "yyyy-MM-dd");
}

/** Pure: may this leader handle a request for a person of this school (null: no staff record)? */
export function mayHandle(user: SignedInUser, schoolId: string | null): boolean {
  const where = schoolsWhere(user, "subject-access.produce");
  if (where === "all") return true;
  return schoolId !== null && where.includes(schoolId);
}

/** The requests this leader may see, newest first, with the person's name. */
export async function listRequests(db: Db, user: SignedInUser) {
  const where = schoolsWhere(user, "subject-access.produce");
  if (where !== "all" && where.length === 0) return [];
  return db
    .select({ request: subjectAccessRequests, name: users.name, email: users.email })
    .from(subjectAccessRequests)
    .innerJoin(users, eq(users.id, subjectAccessRequests.personUserId))
    .where(where === "all" ? undefined : inArray(subjectAccessRequests.schoolId, where))
    .orderBy(desc(subjectAccessRequests.receivedOn), desc(subjectAccessRequests.createdAt));
}

export type RecordRequestInput = {
  email: string;
  requestedBy: string;
  receivedOn: string;
  disclosureAllowed: boolean;
};

/** Records a request; a message for the leader when the person is unknown or not theirs. */
export async function recordRequest(
  db: Db,
  user: SignedInUser,
  input: RecordRequestInput,
): Promise<{ ok: true; id: string } | { ok: false; field: string; message: string }> {
  const [person] = await db
    .select({ id: users.id, staffId: users.staffId, schoolId: staff.schoolId })
    .from(users)
    .leftJoin(staff, eq(staff.id, users.staffId))
    .where(sql`lower(${users.email}) = lower(${input.email})`)
    .limit(1);
  // The same answer for "no such person" and "not your school": a principal learns nothing of others.
  if (!person || !mayHandle(user, person.schoolId ?? null))
    return { ok: false, field: "email", message: "No one with that email is on your school's staff list" };
  // Disclosing a case about the person is a trust decision, never a school's alone.
  const disclosureAllowed = input.disclosureAllowed && schoolsWhere(user, "subject-access.produce") === "all";
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(subjectAccessRequests)
      .values({
        personUserId: person.id,
        schoolId: person.schoolId ?? null,
        requestedBy: input.requestedBy,
        receivedOn: input.receivedOn,
        dueOn: dueOn(input.receivedOn),
        disclosureAllowed,
        recordedBy: user.id,
      })
      .returning({ id: subjectAccessRequests.id });
    await recordAuditEvent(tx, {
      actor: actorOf(user),
      action: "subject-access.requested",
      subjectType: "subject-access-request",
      subjectId: row!.id,
      personId: person.id,
      schoolId: person.schoolId ?? null,
      detail: { receivedOn: input.receivedOn, disclosureAllowed },
    });
    return { ok: true as const, id: row!.id };
  });
}

/** The request, if it exists and this leader may handle it (else null: not found, or not theirs). */
export async function loadRequest(db: Db, user: SignedInUser, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select({ request: subjectAccessRequests, name: users.name, email: users.email })
    .from(subjectAccessRequests)
    .innerJoin(users, eq(users.id, subjectAccessRequests.personUserId))
    .where(eq(subjectAccessRequests.id, id))
    .limit(1);
  if (!row) return null;
  return { ...row, allowed: mayHandle(user, row.request.schoolId) };
}

export async function listRedactions(db: Db, requestId: string) {
  return db
    .select()
    .from(subjectAccessRedactions)
    .where(eq(subjectAccessRedactions.requestId, requestId))
    .orderBy(asc(subjectAccessRedactions.createdAt));
}

/** The person's record for this request, with its redactions applied; audited as a look or a production. */
export async function produceForRequest(
  db: Db,
  user: SignedInUser,
  request: SubjectAccessRequest,
  purpose: "viewed" | "produced",
): Promise<SubjectAccessDocument | null> {
  const redactions = (await listRedactions(db, request.id)).map((r) => ({
    section: r.section,
    recordId: r.recordId,
    reason: r.reason,
  }));
  const document = await assembleSubjectAccess(db, {
    userId: request.personUserId,
    disclosureAllowed: request.disclosureAllowed,
    redactions,
    request: {
      id: request.id,
      requestedBy: request.requestedBy,
      receivedOn: request.receivedOn,
      dueOn: request.dueOn,
      producedBy: user.name,
    },
  });
  if (!document) return null;
  await db.transaction(async (tx) => {
    if (purpose === "produced")
      await tx
        .update(subjectAccessRequests)
        .set({ lastProducedAt: new Date() })
        .where(eq(subjectAccessRequests.id, request.id));
    await recordAuditEvent(tx, {
      actor: actorOf(user),
      action: purpose === "produced" ? "subject-access.produced" : "subject-access.viewed",
      subjectType: "subject-access-request",
      subjectId: request.id,
      personId: request.personUserId,
      schoolId: request.schoolId,
      detail: { redactions: redactions.length },
    });
  });
  return document;
}

/**
 * Redacts one record of a redactable section (a case entry) for this request, with a reason; a
 * message when the record is not one that can be redacted.
 */
export async function redactRecord(
  db: Db,
  user: SignedInUser,
  request: SubjectAccessRequest,
  input: { section: string; recordId: string; reason: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const document = await assembleSubjectAccess(db, {
    userId: request.personUserId,
    disclosureAllowed: request.disclosureAllowed,
  });
  const section = document?.sections.find((s) => s.key === input.section);
  if (!section?.redactable || !section.records.some((r) => r.id === input.recordId))
    return { ok: false, message: "That entry cannot be redacted: only case entries can" };
  await db.transaction(async (tx) => {
    await tx
      .insert(subjectAccessRedactions)
      .values({ requestId: request.id, ...input, redactedBy: user.id })
      .onConflictDoUpdate({
        target: [
          subjectAccessRedactions.requestId,
          subjectAccessRedactions.section,
          subjectAccessRedactions.recordId,
        ],
        set: { reason: input.reason, redactedBy: user.id, createdAt: new Date() },
      });
    await recordAuditEvent(tx, {
      actor: actorOf(user),
      action: "subject-access.redacted",
      subjectType: "subject-access-request",
      subjectId: request.id,
      personId: request.personUserId,
      schoolId: request.schoolId,
      detail: { section: input.section, recordId: input.recordId },
    });
  });
  return { ok: true };
}
