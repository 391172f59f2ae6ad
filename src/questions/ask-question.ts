// A member of staff asks a question about the policy, optionally against a clause (3.2.2, 4.10).
// It goes to their line manager (or the principal when there is none), or privately to the senior
// leader they choose, with a response deadline in school days. The email names nothing.
import { calendarDateAt } from "../core/calendar/calendar-date";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { addSchoolDays, type SchoolCalendar } from "../core/calendar/school-days";
import { findLineManager } from "../core/people/find-line-manager";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { findStaffSchool } from "../core/people/find-staff-school";
import { loadTrust } from "../core/people/load-trust";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import type { SignedInUser } from "../platform/auth/sessions";
import type { Db } from "../platform/db";
import { notify } from "../platform/mail/queue-mail";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { decideRoute } from "./decide-route";
import { loadResponseSchoolDays } from "./question-settings";
import { questions } from "./schema";

export const MAX_QUESTION_LENGTH = 2000;

/** School days on, or weekdays when the school's recorded terms run out. */
export function responseDue(calendar: SchoolCalendar, from: string, days: number): string {
  try {
    return addSchoolDays(calendar, from, days);
  } catch {
    return addSchoolDays({ ...calendar, terms: [] }, from, days);
  }
}

export type AskResult =
  | { ok: true; questionId: string }
  | { ok: false; field: "body" | "clause" | "seniorLeader" | "school"; message: string };

/** The leaders a member of staff may ask privately: their school's principals and senior leaders. */
export async function privateChoices(db: Db, user: SignedInUser) {
  const school = await findStaffSchool({ db, user });
  if (!school) return [];
  return (await findSchoolLeaders({ db, schoolId: school.id, roles: ["principal", "senior-leader"] })).filter(
    (l) => l.id !== user.id,
  );
}

export async function askQuestion(options: {
  db: Db;
  user: SignedInUser;
  body: string;
  clauseId?: string | null;
  private: boolean;
  seniorLeaderId?: string | null;
  baseUrl: string;
  asOf?: Date;
}): Promise<AskResult> {
  const { db, user } = options;
  const asOf = options.asOf ?? new Date();
  const body = options.body.trim();
  if (!body) return { ok: false, field: "body", message: "Enter your question." };
  if (body.length > MAX_QUESTION_LENGTH)
    return {
      ok: false,
      field: "body",
      message: `Your question must be ${MAX_QUESTION_LENGTH} characters or fewer.`,
    };
  const version = await loadCurrentPolicy(db);
  const clauseId = options.clauseId?.trim() || null;
  if (clauseId && !version?.parsed.clauses.some((c) => c.id === clauseId))
    return { ok: false, field: "clause", message: `The current policy has no clause ${clauseId}.` };
  const school = await findStaffSchool({ db, user });
  const trust = await loadTrust(db);
  if (!school || !trust)
    return {
      ok: false,
      field: "school",
      message: "Conduct does not know your school: ask your trust administrator.",
    };
  const leaders = await findSchoolLeaders({ db, schoolId: school.id, roles: ["principal", "senior-leader"] });
  const manager = user.staffId ? await findLineManager(db, user.staffId) : null;
  const route = decideRoute(
    {
      askerUserId: user.id,
      lineManagerUserId: manager?.userId ?? null,
      principals: leaders.filter((l) => l.roles.includes("principal")),
      seniorLeaders: leaders.filter((l) => !l.roles.includes("principal")),
    },
    { private: options.private, seniorLeaderId: options.seniorLeaderId },
  );
  if (!route.ok)
    return { ok: false, field: options.private ? "seniorLeader" : "school", message: route.message };
  const calendar = await loadSchoolCalendar(db, school.id);
  const today = calendarDateAt(asOf, calendar.timeZone);
  const dueOn = responseDue(calendar, today, await loadResponseSchoolDays(db, trust.id));
  const recipient =
    leaders.find((l) => l.id === route.userId) ??
    (manager ? { id: manager.userId, email: manager.email } : null);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(questions)
      .values({
        askerUserId: user.id,
        schoolId: school.id,
        clauseId,
        versionId: version?.id ?? null,
        body,
        private: options.private,
        routedToUserId: route.userId,
        routedBecause: route.because,
        dueOn,
        askedAt: asOf,
      })
      .returning({ id: questions.id });
    const id = row!.id;
    if (recipient)
      await notify(tx, {
        userId: recipient.id,
        kind: "questions.asked",
        to: recipient.email,
        subject: "A question about the social media policy is waiting for you",
        text: `A member of staff has asked a question about the staff social media policy. Please answer it by the date shown in Conduct.\n\nSign in to read it: ${options.baseUrl}/questions/${id}\n`,
        link: `/questions/${id}`,
      });
    await recordAuditEvent(tx, {
      actor: { id: user.id, label: user.email },
      action: "questions.asked",
      subjectType: "question",
      subjectId: id,
      schoolId: school.id,
      detail: { clauseId, private: options.private, routedBecause: route.because, dueOn },
    });
    return { ok: true as const, questionId: id };
  });
}
