// Everything Conduct holds about one person, for a subject access request (UK GDPR Art. 15): the
// account, roles and sign-ins, every capability's records (through the contract's `subjectAccess`),
// and who else looked at any of it, from the audit trail. Redactions (a leader's, for a request)
// remove a record's content and are listed with their reasons.
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { listStaff } from "../core/people/list-staff";
import { schools } from "../core/people/schema";
import { describeAuditEventToPerson } from "../platform/audit/audit-catalogue";
import { auditEvents } from "../platform/audit/schema";
import { ROLE_LABELS } from "../platform/auth/permissions";
import { roleAssignments, sessions, users } from "../platform/auth/schema";
import {
  capabilities,
  type SubjectAccessPerson,
  type SubjectAccessRecord,
  type SubjectAccessSection,
} from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";

/** Looks by others kept in the record: the newest this many (the audit page has the rest). */
export const MAX_LOOKS = 1000;

export type Redaction = { section: string; recordId: string; reason: string };

export type SubjectAccessDocument = {
  producedAt: string;
  person: { userId: string; name: string; email: string; staffId: string | null };
  /** For a request: who asked, when received, when due. Null for the person's own download. */
  request: Readonly<Record<string, string | null>> | null;
  sections: SubjectAccessSection[];
  redactions: readonly Redaction[];
};

/** The record of this person; null when there is no such account. */
export async function assembleSubjectAccess(
  db: Db,
  options: {
    userId: string;
    disclosureAllowed?: boolean;
    redactions?: readonly Redaction[];
    request?: SubjectAccessDocument["request"];
    now?: Date;
  },
): Promise<SubjectAccessDocument | null> {
  const [user] = await db.select().from(users).where(eq(users.id, options.userId)).limit(1);
  if (!user) return null;
  const person: SubjectAccessPerson = {
    userId: user.id,
    staffId: user.staffId,
    disclosureAllowed: options.disclosureAllowed ?? false,
  };
  const [platformSections, capabilitySections] = await Promise.all([
    platformSubjectAccess(db, person, user),
    Promise.all(capabilities().map((c) => c.subjectAccess?.(db, person) ?? [])),
  ]);
  const looks = await looksByOthers(db, person);
  const redactions = options.redactions ?? [];
  const sections = [...platformSections, ...capabilitySections.flat(), looks].map((s) =>
    redactSection(s, redactions),
  );
  return {
    producedAt: (options.now ?? new Date()).toISOString(),
    person: { userId: user.id, name: user.name, email: user.email, staffId: user.staffId },
    request: options.request ?? null,
    sections,
    redactions,
  };
}

/** Pure: a redactable section with the redacted records' content removed; others unchanged. */
export function redactSection(
  section: SubjectAccessSection,
  redactions: readonly Redaction[],
): SubjectAccessSection {
  if (!section.redactable) return section;
  const mine = redactions.filter((r) => r.section === section.key);
  if (mine.length === 0) return section;
  return {
    ...section,
    records: section.records.map((record): SubjectAccessRecord => {
      const r = mine.find((x) => x.recordId === record.id);
      return r ? { id: record.id, redacted: true, reason: r.reason } : record;
    }),
  };
}

async function platformSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
  user: typeof users.$inferSelect,
): Promise<SubjectAccessSection[]> {
  const [staffRows, roles, signIns] = await Promise.all([
    person.staffId ? listStaff(db, { staffIds: [person.staffId] }) : [],
    db
      .select({ role: roleAssignments.role, school: schools.name, since: roleAssignments.createdAt })
      .from(roleAssignments)
      .leftJoin(schools, eq(schools.id, roleAssignments.schoolId))
      .where(eq(roleAssignments.userId, person.userId))
      .orderBy(asc(roleAssignments.createdAt)),
    db
      .select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, via: sessions.via })
      .from(sessions)
      .where(eq(sessions.userId, person.userId))
      .orderBy(asc(sessions.createdAt)),
  ]);
  const member = staffRows[0];
  const [school] = member
    ? await db.select({ name: schools.name }).from(schools).where(eq(schools.id, member.schoolId))
    : [];
  return [
    {
      key: "account",
      title: "Your account",
      records: [
        {
          id: user.id,
          name: user.name,
          email: user.email,
          active: user.active,
          hasPassword: user.passwordHash !== null,
          createdAt: iso(user.createdAt),
        },
      ],
    },
    {
      key: "staff-record",
      title: "Your staff record",
      records: member
        ? [
            {
              id: member.id,
              school: school?.name ?? null,
              firstName: member.firstName,
              lastName: member.lastName,
              email: member.email,
              jobTitle: member.jobTitle,
              employment: member.employment,
              startDate: member.startDate,
              leaveDate: member.leaveDate,
              networkUsername: member.networkUsername,
              hasLineManager: member.lineManagerId !== null,
            },
          ]
        : [],
    },
    {
      key: "roles",
      title: "Your roles",
      records: roles.map((r, i) => ({
        id: String(i + 1),
        role: ROLE_LABELS[r.role],
        school: r.school ?? "the whole trust",
        since: iso(r.since),
      })),
    },
    {
      key: "sign-ins",
      title: "Places you are signed in",
      records: signIns.map((s, i) => ({
        id: String(i + 1),
        via: s.via,
        signedInAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
      })),
    },
  ];
}

/** The ids a list or export names a person by: their account's, and their staff record's. */
function personKeys(person: SubjectAccessPerson) {
  const keys = [person.userId, ...(person.staffId ? [person.staffId] : [])];
  return sql`array[${sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  )}]::text[]`;
}

/** Every view or change of the person's records by someone else, from the audit trail (newest first). */
async function looksByOthers(db: Db, person: SubjectAccessPerson): Promise<SubjectAccessSection> {
  const looks = await db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      // Without the long lists (an export's every person): only what the sentence needs.
      detail: sql<Record<string, unknown>>`${auditEvents.detail} - 'personIds' - 'records'`,
    })
    .from(auditEvents)
    .where(
      and(
        or(
          eq(auditEvents.personId, person.userId),
          person.staffId ? eq(auditEvents.personId, person.staffId) : undefined,
          // A list or an export that held their records (GIN index audit_person_ids).
          sql`${auditEvents.detail}->'personIds' ?| ${personKeys(person)}`,
        ),
        sql`${auditEvents.actorId} is distinct from ${person.userId}`,
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(MAX_LOOKS);
  return {
    key: "looks",
    title: "Who has looked at your records",
    note: looks.length === MAX_LOOKS ? `The newest ${MAX_LOOKS}; ask for the rest.` : undefined,
    records: looks.map((l) => ({
      id: String(l.seq),
      at: iso(l.at),
      who: l.actorLabel,
      what: describeAuditEventToPerson(l),
    })),
  };
}
