// The concerns capability's part of a subject access record. What a person reported (their own
// words), cases that name them, and cases they handle, without the case's content. A case about
// the person is disclosed only when a leader answering a request records that disclosure is
// allowed, and only once it is closed (KCSIE: the subject must not learn of an open case); its
// entries can then be redacted one by one. Whoever reported a concern is never named (12.1).
import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import type { SubjectAccessPerson, SubjectAccessRecord, SubjectAccessSection } from "../platform/capability";
import type { Db } from "../platform/db";
import { iso } from "../platform/format-date";
import { concernAccess, concernEntries, concernPeople, concerns } from "./schema";

const REPORTER = "the person who reported the concern";

export async function concernSubjectAccess(
  db: Db,
  person: SubjectAccessPerson,
): Promise<SubjectAccessSection[]> {
  const aboutThem = or(
    person.staffId ? eq(concerns.subjectStaffId, person.staffId) : undefined,
    eq(concerns.subjectUserId, person.userId),
  );
  const reported = await db
    .select()
    .from(concerns)
    .where(eq(concerns.reporterId, person.userId))
    .orderBy(asc(concerns.createdAt));
  const named = await db
    .select({ concern: concerns, description: concernPeople.description })
    .from(concernPeople)
    .innerJoin(concerns, eq(concerns.id, concernPeople.concernId))
    .where(
      or(
        eq(concernPeople.userId, person.userId),
        person.staffId ? eq(concernPeople.staffId, person.staffId) : undefined,
      ),
    )
    .orderBy(asc(concerns.createdAt));
  const handled = await db
    .select({
      concernId: concernAccess.concernId,
      reason: concernAccess.reason,
      addedAt: concernAccess.addedAt,
    })
    .from(concernAccess)
    .where(eq(concernAccess.userId, person.userId))
    .orderBy(asc(concernAccess.addedAt));
  const isAboutThem = (c: typeof concerns.$inferSelect) =>
    (person.staffId !== null && c.subjectStaffId === person.staffId) || c.subjectUserId === person.userId;

  const sections: SubjectAccessSection[] = [
    {
      key: "concerns-reported",
      title: "Concerns you reported",
      redactable: true,
      note: "What you reported, in your words; what the case manager did next is part of the case.",
      records: reported.map((c) => ({
        id: c.id,
        kind: c.kind,
        reportedAt: iso(c.createdAt),
        sentTo: c.routedToRole,
        whatYouReported: c.whatHappened,
        platform: c.platform,
        link: c.link,
        seenOn: c.seenOn,
      })),
    },
    {
      key: "concerns-naming-you",
      title: "Concerns that name you (not about you)",
      redactable: true,
      note: "That a concern names you, and how; the rest of the case is about other people.",
      records: named
        .filter((n) => !isAboutThem(n.concern) && n.concern.reporterId !== person.userId)
        .map((n) => ({
          id: n.concern.id,
          kind: n.concern.kind,
          reportedAt: iso(n.concern.createdAt),
          howYouAreNamed: n.description,
        })),
    },
    {
      key: "cases-you-handle",
      title: "Cases you were given access to",
      note: "That you were given access, and why; the case's content is about other people.",
      records: handled.map((h) => ({
        id: h.concernId,
        because: h.reason,
        givenAccessAt: iso(h.addedAt),
      })),
    },
  ];

  const withheldNote =
    "Records about you in a case are disclosed on request by the case manager, within safeguarding law.";
  if (!person.disclosureAllowed) {
    sections.push({ key: "cases-about-you", title: "Cases about you", note: withheldNote, records: [] });
    return sections;
  }
  const cases = await db
    .select()
    .from(concerns)
    .where(and(aboutThem, eq(concerns.status, "closed"), ne(concerns.category, "safeguarding")))
    .orderBy(asc(concerns.createdAt));
  const entries = cases.length
    ? await db
        .select()
        .from(concernEntries)
        .where(
          inArray(
            concernEntries.concernId,
            cases.map((c) => c.id),
          ),
        )
        .orderBy(asc(concernEntries.seq))
    : [];
  const records: SubjectAccessRecord[] = [];
  for (const c of cases) {
    records.push({
      id: c.id,
      case: c.id,
      entry: "summary",
      kind: c.kind,
      openedAt: iso(c.createdAt),
      closedAt: iso(c.closedAt),
      outcome: c.outcome,
      sanction: c.sanction,
      clausesBreached: c.clausesBreached,
    });
    for (const e of entries.filter((x) => x.concernId === c.id))
      records.push({
        id: e.id,
        case: c.id,
        entry: e.kind,
        at: iso(e.at),
        // Never the reporter's name or id, whoever asks (12.1).
        by:
          c.reporterId && e.authorId === c.reporterId
            ? REPORTER
            : e.kind === "reported"
              ? REPORTER
              : e.authorLabel,
        text: e.text,
        reason: e.reason,
        referralTo: e.referralTo,
        referralDate: e.referralDate,
      });
  }
  sections.push({
    key: "cases-about-you",
    title: "Cases about you",
    note: "Closed cases, disclosed for this request; open cases and safeguarding referrals are not disclosed.",
    redactable: true,
    records,
  });
  return sections;
}
