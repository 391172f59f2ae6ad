// Judges a social media relationship a member of staff declares (or that is found) against the
// rules in section 8 of the policy: may they have it, must it be declared, who must be told, and
// when the answer will change (an ex-pupil is protected until their 18th birthday).
//
// Clause numbers default to the template's numbering; a school whose variant is renumbered passes
// its own `clauses`, so nothing here is tied to one document.
import { eighteenthBirthday } from "./age-of-majority";
import {
  type CalendarDate,
  assertTimeZone,
  calendarDateAt,
  defaultTimeZone,
  describeDay,
  formatCalendarDate,
  nextCalendarDate,
  parseCalendarDate,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";

export const contactKinds = ["pupil", "ex-pupil", "parent", "staff", "governor", "other"] as const;
export type ContactKind = (typeof contactKinds)[number];

/** Relationships the member of staff has with the contact besides the one their kind implies. */
export const otherRelationships = [
  "family",
  "family-friend",
  "friend",
  "colleague",
  "partner",
  /** The member of staff is also a parent of a pupil at the school (8.4.1). */
  "parent-at-school",
  "governor",
] as const;
export type OtherRelationship = (typeof otherRelationships)[number];

export const verdicts = ["prohibited", "permitted-declare", "permitted"] as const;
export type Verdict = (typeof verdicts)[number];
export type NotifyRole = "principal" | "dsl";

export interface DeclarationContact {
  kind: ContactKind;
  /** "YYYY-MM-DD". Used for pupils and ex-pupils only; unknown means an ex-pupil is treated as under 18. */
  dateOfBirth?: string;
  /**
   * "YYYY-MM-DD", the last day on roll (as MIS exports record it): of the pupil or ex-pupil, or for a
   * parent, of their last child at the school. Not used for staff, governors or others.
   */
  leftOn?: string;
  otherRelationships: readonly OtherRelationship[];
}

/** Where each rule sits in the school's policy. */
export interface DeclarationClauses {
  /** Staff/pupil relationships, including ex-pupils under 18 ("8.3"). */
  pupils: string;
  /** Other appropriate relationships with pupils, open and transparent ("8.3.1"). */
  otherRelationshipsWithPupils: string;
  /** Keep communications rejecting approaches ("8.3.2"). */
  rejectedApproaches: string;
  /** Staff/parent relationships ("8.4"). */
  parents: string;
  /** More complex relationships: staff who are parents, friends, partners, governors ("8.4.1"). */
  complexRelationships: string;
  /** Moderate behaviour with whoever you are connected to ("8.5"). */
  moderateBehaviour: string;
  /** Declare social media relationships with other personal relationships ("4.2.1"). */
  declareRelationships: string;
  /** Report any child at potential risk ("4.1.2"). */
  childAtRisk: string;
}

export const templateDeclarationClauses: DeclarationClauses = {
  pupils: "8.3",
  otherRelationshipsWithPupils: "8.3.1",
  rejectedApproaches: "8.3.2",
  parents: "8.4",
  complexRelationships: "8.4.1",
  moderateBehaviour: "8.5",
  declareRelationships: "4.2.1",
  childAtRisk: "4.1.2",
};

export interface JudgeDeclarationOptions {
  contact: DeclarationContact;
  asOf: Date;
  /** The school's zone; birthdays and leaving dates are days there. */
  timeZone?: string;
  clauses?: Partial<DeclarationClauses>;
}

export interface DeclarationJudgement {
  verdict: Verdict;
  clause: string;
  /** Further clauses the judgement leans on (e.g. the safeguarding duty to report). */
  relatedClauses: string[];
  /** Plain English for the member of staff. */
  reason: string;
  /** What the member of staff should do, when there is something to do. */
  action?: string;
  notify: NotifyRole[];
  /** The next instant at which the verdict will change on its own (a birthday, a leaving date). */
  changesAt?: Date;
  /** Dates given that the rules for this kind of contact do not use, so a caller can say so. */
  ignored: ContactDateField[];
}

export type ContactDateField = "dateOfBirth" | "leftOn";

export interface DeclarationInputError {
  field: "contact.dateOfBirth" | "contact.leftOn";
  message: string;
}

export type JudgeDeclarationResult =
  | ({ ok: true } & DeclarationJudgement)
  | { ok: false; error: DeclarationInputError };

interface Facts {
  kind: ContactKind;
  relationships: ReadonlySet<OtherRelationship>;
  leftOn?: CalendarDate;
  /** Computed once per judgement: each costs a time zone conversion. */
  eighteenthBirthday?: Date;
  startOfDayAfterLeaving?: Date;
  timeZone: string;
  clauses: DeclarationClauses;
}

interface Finding extends Omit<DeclarationJudgement, "changesAt" | "ignored"> {
  /** A finding that must not lapse by itself when a date passes (a safeguarding matter). */
  settled?: boolean;
}

export function judgeDeclaration({
  contact,
  asOf,
  timeZone = defaultTimeZone,
  clauses,
}: JudgeDeclarationOptions): JudgeDeclarationResult {
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is not a valid instant");
  assertTimeZone(timeZone);
  if (!contactKinds.includes(contact.kind)) throw new TypeError(`unknown contact kind "${contact.kind}"`);
  for (const relationship of contact.otherRelationships) {
    if (!otherRelationships.includes(relationship))
      throw new TypeError(`unknown relationship "${relationship}"`);
  }

  const checked = checkDates(contact, asOf, timeZone);
  if (!checked.ok) return checked;

  const facts: Facts = {
    kind: contact.kind,
    relationships: new Set(contact.otherRelationships),
    leftOn: checked.leftOn,
    eighteenthBirthday: checked.dateOfBirth
      ? eighteenthBirthday({ dateOfBirth: checked.dateOfBirth, timeZone })
      : undefined,
    startOfDayAfterLeaving: checked.leftOn
      ? startOfCalendarDate(nextCalendarDate(checked.leftOn), timeZone)
      : undefined,
    timeZone,
    clauses: { ...templateDeclarationClauses, ...clauses },
  };
  const { settled, ...finding } = findAt(facts, asOf);
  const changesAt = settled ? undefined : nextChange(facts, asOf, finding.verdict);
  return { ok: true, ...finding, ...(changesAt ? { changesAt } : {}), ignored: ignoredDates(contact) };
}

function ignoredDates(contact: DeclarationContact): ContactDateField[] {
  const pupil = contact.kind === "pupil" || contact.kind === "ex-pupil";
  const ignored: ContactDateField[] = [];
  if (!pupil && contact.dateOfBirth !== undefined) ignored.push("dateOfBirth");
  if (!pupil && contact.kind !== "parent" && contact.leftOn !== undefined) ignored.push("leftOn");
  return ignored;
}

type CheckedDates =
  | { ok: true; dateOfBirth?: string; leftOn?: CalendarDate }
  | { ok: false; error: DeclarationInputError };

// Dates are checked only where they are used: both for pupils and ex-pupils, the leaving date for a
// parent. Anyone else's are ignored (and reported as such), so a parent's record carrying an odd date
// of birth does not block a judgement that never uses it.
function checkDates(contact: DeclarationContact, asOf: Date, timeZone: string): CheckedDates {
  if (contact.kind === "parent" && contact.leftOn !== undefined) {
    const parsed = parseCalendarDate(contact.leftOn);
    if (!parsed.ok) return { ok: false, error: { field: "contact.leftOn", message: parsed.message } };
    return { ok: true, leftOn: parsed.date };
  }
  if (contact.kind !== "pupil" && contact.kind !== "ex-pupil") return { ok: true };
  const today = calendarDateAt(asOf, timeZone);

  let born: CalendarDate | undefined;
  if (contact.dateOfBirth !== undefined) {
    const parsed = parseCalendarDate(contact.dateOfBirth);
    if (!parsed.ok) return { ok: false, error: { field: "contact.dateOfBirth", message: parsed.message } };
    if (contact.dateOfBirth > today) {
      return {
        ok: false,
        error: {
          field: "contact.dateOfBirth",
          message: `date of birth ${contact.dateOfBirth} is in the future (after ${today}, the day being judged at the school); check the record`,
        },
      };
    }
    born = parsed.date;
  }

  let leftOn: CalendarDate | undefined;
  if (contact.leftOn !== undefined) {
    const parsed = parseCalendarDate(contact.leftOn);
    if (!parsed.ok) return { ok: false, error: { field: "contact.leftOn", message: parsed.message } };
    if (born && contact.leftOn <= formatCalendarDate(born)) {
      return {
        ok: false,
        error: {
          field: "contact.leftOn",
          message: `leaving date ${contact.leftOn} is not after the date of birth ${contact.dateOfBirth}; check the record`,
        },
      };
    }
    leftOn = parsed.date;
  }
  return { ok: true, dateOfBirth: contact.dateOfBirth, leftOn };
}

// The verdict can change by itself only at an 18th birthday or the day after leaving; judge again
// at each such instant still to come and report the first that gives a different verdict.
function nextChange(facts: Facts, asOf: Date, verdict: Verdict): Date | undefined {
  const candidates = [facts.eighteenthBirthday, facts.startOfDayAfterLeaving].filter(
    (at) => at !== undefined,
  );
  const future = candidates
    .filter((at) => at.getTime() > asOf.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  return future.find((at) => findAt(facts, at).verdict !== verdict);
}

function findAt(facts: Facts, at: Date): Finding {
  switch (facts.kind) {
    case "pupil":
    case "ex-pupil":
      return findForPupil(facts, at);
    case "parent":
      return findForParent(facts, at);
    case "staff":
    case "governor":
    case "other":
      return findForCommunity(facts);
    default: {
      const unknown: never = facts.kind;
      throw new TypeError(`unknown contact kind "${unknown}"`);
    }
  }
}

// 8.3.1 names family members and family friends as its examples of "other appropriate
// relationships". A friendship or romance with a pupil is exactly what 8.3 guards against, and
// "colleague", "governor" or "parent-at-school" (a staff member whose own child is at the school)
// do not change the staff/pupil footing, so a careful DSL accepts only these two.
const appropriateWithPupils: readonly OtherRelationship[] = ["family", "family-friend"];

function findForPupil(facts: Facts, at: Date): Finding {
  const c = facts.clauses;
  const tz = facts.timeZone;
  // The leaving date, when known, outranks the kind: an "ex-pupil" whose leaving date is still to
  // come is on roll until then, and a "pupil" whose leaving date has passed has left.
  const onRoll = facts.startOfDayAfterLeaving
    ? at.getTime() < facts.startOfDayAfterLeaving.getTime()
    : facts.kind === "pupil";
  const birthday = facts.eighteenthBirthday;
  // An unknown date of birth is treated as under 18: the rule exists to protect children, so a
  // missing record must not open the door.
  const adult = birthday ? at.getTime() >= birthday.getTime() : false;
  const who = describePupil(onRoll, adult, birthday, facts.leftOn, tz);
  const removeAndTell =
    `Remove or block this contact on your personal accounts and do not reply from them. Keep a copy of ` +
    `any approach they made and of your professional reply turning it down (clause ${c.rejectedApproaches}). ` +
    `Tell your principal and designated safeguarding lead.`;

  // A romantic relationship with a pupil, or with an ex-pupil who is still a child, is a safeguarding
  // matter whatever else is true. Even a current pupil who is already 18 stays in the staff/pupil
  // relationship 8.3 describes (and in a position of trust), so they are covered too. Such a finding
  // is "settled": it gets no changesAt, because it must be dealt with by the DSL, not lapse at a birthday.
  if (facts.relationships.has("partner") && (onRoll || !adult)) {
    return {
      verdict: "prohibited",
      clause: c.pupils,
      relatedClauses: [c.childAtRisk],
      reason:
        `${who} A romantic relationship with a pupil, or with an ex-pupil under 18, is never an appropriate ` +
        `relationship under clause ${c.otherRelationshipsWithPupils}; it is a safeguarding matter. ` +
        `Clause ${c.pupils} forbids this contact and clause ${c.childAtRisk} requires it to be reported.`,
      action:
        `End all personal social media contact with this person now and speak to the designated safeguarding ` +
        `lead today. The designated safeguarding lead and your principal must be told.`,
      notify: ["dsl", "principal"],
      settled: true,
    };
  }

  // 8.3.1 speaks of "pupils or ex-pupils" with no age limit (8.3 stops at 18, 8.3.1 does not), so a
  // relative or family friend who is an adult ex-pupil is still to be kept open: the verdict does
  // not flip at their 18th birthday or leaving date, since the family tie was the footing all along.
  const appropriate = appropriateWithPupils.filter((r) => facts.relationships.has(r));
  if (appropriate.length > 0) {
    const child = onRoll || !adult;
    const partner = facts.relationships.has("partner");
    return {
      verdict: "permitted-declare",
      clause: c.otherRelationshipsWithPupils,
      relatedClauses: partner ? [c.pupils, c.declareRelationships] : [c.pupils],
      reason:
        `${who} You also have another appropriate relationship with them (${appropriate.map(describeRelationship).join(", ")}), ` +
        `so clause ${c.otherRelationshipsWithPupils} allows social media contact, as long as it is open and transparent.`,
      action:
        `Declare this relationship so senior leaders can see it, and keep the contact open and transparent.` +
        (child ? " Keep your posts and messages suitable for a pupil to see." : ""),
      notify: ["principal"],
    };
  }

  if (onRoll || !adult) {
    const others = [...facts.relationships].map(describeRelationship);
    const inappropriate =
      others.length > 0
        ? ` Your other relationship with them (${others.join(", ")}) is not one of the other appropriate ` +
          `relationships clause ${c.otherRelationshipsWithPupils} allows, such as family or a family friend.`
        : "";
    return {
      verdict: "prohibited",
      clause: c.pupils,
      relatedClauses: [c.rejectedApproaches],
      reason:
        `${who}${inappropriate} Clause ${c.pupils} says you must not use personal social media with a pupil, ` +
        `or an ex-pupil under 18, with whom your relationship is solely that of staff and pupil.`,
      action: removeAndTell,
      notify: ["principal", "dsl"],
    };
  }

  // An ex-pupil who has reached 18: 8.3 no longer applies. A partner is still a personal
  // relationship worth declaring (4.2.1), since colleagues may have taught them recently.
  if (facts.relationships.has("partner")) {
    return {
      verdict: "permitted-declare",
      clause: c.declareRelationships,
      relatedClauses: [c.pupils],
      reason:
        `${who} Clause ${c.pupils} no longer applies, but a relationship with a former pupil is a personal ` +
        `relationship that clause ${c.declareRelationships} expects you to declare.`,
      action: "Declare this relationship so senior leaders can see it.",
      notify: ["principal"],
    };
  }
  return {
    verdict: "permitted",
    clause: c.pupils,
    relatedClauses: [c.moderateBehaviour, c.complexRelationships],
    reason:
      `${who} Clause ${c.pupils} no longer applies, so social media contact is allowed. Keep clause ` +
      `${c.moderateBehaviour} in mind: moderate what you share with members of the school community. You may ` +
      `still declare the relationship for your own protection (clause ${c.complexRelationships}).`,
    notify: [],
  };
}

function describePupil(
  onRoll: boolean,
  adult: boolean,
  birthday: Date | undefined,
  leftOn: CalendarDate | undefined,
  timeZone: string,
): string {
  const leaving = leftOn ? startOfCalendarDate(leftOn, timeZone) : undefined;
  if (onRoll) {
    const until = leaving ? ` (on roll until ${describeDay(leaving, timeZone)})` : "";
    // A pupil is covered by 8.3 at any age, so an unknown date of birth changes nothing while on roll.
    return `This person is a pupil at the school${until}.`;
  }
  const left = leaving ? `left the school on ${describeDay(leaving, timeZone)}` : "has left the school";
  if (!birthday) {
    return (
      `This person ${left}, but their date of birth is not known, so they are treated as under 18 ` +
      `until the school records it.`
    );
  }
  return adult
    ? `This person ${left} and turned 18 on ${describeDay(birthday, timeZone)}.`
    : `This person ${left} and is under 18 until ${describeDay(birthday, timeZone)}.`;
}

function describeRelationship(relationship: OtherRelationship): string {
  if (relationship === "family-friend") return "family friend";
  if (relationship === "parent-at-school") return "you are also a parent at the school";
  return relationship;
}

function findForParent(facts: Facts, at: Date): Finding {
  const c = facts.clauses;
  const tz = facts.timeZone;
  const leaving = facts.leftOn ? startOfCalendarDate(facts.leftOn, tz) : undefined;
  // 8.4 is in the present tense ("solely have"), where 8.3 says "have, or have had": once a parent's
  // last child has left, they are no longer a parent at the school and 8.4 no longer applies.
  if (leaving && facts.startOfDayAfterLeaving && at.getTime() >= facts.startOfDayAfterLeaving.getTime()) {
    const former = `This person is no longer a parent at the school: their child left on ${describeDay(leaving, tz)}.`;
    if (facts.relationships.has("colleague") || facts.relationships.has("governor")) {
      const community = findForCommunity({ ...facts, kind: "other" });
      return { ...community, reason: `${former} ${community.reason}` };
    }
    return {
      verdict: "permitted",
      clause: c.parents,
      relatedClauses: [c.moderateBehaviour],
      reason:
        `${former} Clause ${c.parents} covers only people with whom you solely have a staff/parent relationship ` +
        `now (unlike clause ${c.pupils}, it does not reach back to relationships you have had), so social media ` +
        `contact is allowed. Keep clause ${c.moderateBehaviour} in mind: moderate what you share with people ` +
        `connected to the school.`,
      notify: [],
    };
  }
  const until = leaving
    ? ` Their child is on roll until ${describeDay(leaving, tz)}; after that clause ${c.parents} no longer applies.`
    : "";
  // 8.4.1 lists staff who are parents themselves, friends, partners and governors as its examples
  // of more complex relationships, so every listed relationship takes the contact beyond "solely
  // staff/parent". It must be declared: a parent contact still sees what a teacher posts.
  if (facts.relationships.size > 0) {
    const relationships = [...facts.relationships].map(describeRelationship).join(", ");
    return {
      verdict: "permitted-declare",
      clause: c.complexRelationships,
      relatedClauses: facts.relationships.has("partner") ? [c.declareRelationships, c.parents] : [c.parents],
      reason:
        `This person is a parent at the school, and you have another relationship with them too (${relationships}). ` +
        `Clause ${c.complexRelationships} recognises relationships like this, so social media contact is allowed.${until}`,
      action:
        `Declare this relationship so senior leaders can see it, and keep school matters out of your personal ` +
        `contact (clause ${c.moderateBehaviour}).`,
      notify: ["principal"],
    };
  }
  return {
    verdict: "prohibited",
    clause: c.parents,
    relatedClauses: [],
    reason:
      `This person is a parent at the school and your only relationship with them is as a member of staff. ` +
      `Clause ${c.parents} says you must not use personal social media with anyone with whom you solely have ` +
      `a staff/parent relationship.${until}`,
    action:
      "Remove this contact from your personal accounts, point them to the school's usual ways of getting in " +
      "touch, and tell your principal.",
    notify: ["principal"],
  };
}

function findForCommunity(facts: Facts): Finding {
  const c = facts.clauses;
  // A contact recorded as "other" but described as a colleague or governor is in the school
  // community all the same, so judge them as such.
  const inSchool =
    facts.kind !== "other" || facts.relationships.has("colleague") || facts.relationships.has("governor");
  const close = (["partner", "family"] as const).filter((r) => facts.relationships.has(r));
  // A partner or relative on the staff or governing body is a personal relationship that bears on
  // line management, appointments and panels, so 4.2.1 calls for it to be declared.
  if (inSchool && close.length > 0) {
    const role =
      facts.kind === "governor" || facts.relationships.has("governor") ? "a governor" : "a member of staff";
    return {
      verdict: "permitted-declare",
      clause: c.declareRelationships,
      relatedClauses: [c.complexRelationships],
      reason:
        `This person is ${role} and your ${close.map(describeRelationship).join(" and ")}. Social media contact ` +
        `is allowed (clause ${c.complexRelationships}), but clause ${c.declareRelationships} expects ` +
        `social media relationships to be declared with other personal relationships.`,
      action:
        "Declare this relationship with your other personal relationships so senior leaders can see it.",
      notify: ["principal"],
    };
  }
  if (inSchool) {
    const role =
      facts.kind === "governor" || facts.relationships.has("governor") ? "a governor" : "a member of staff";
    return {
      verdict: "permitted",
      clause: c.complexRelationships,
      relatedClauses: [c.moderateBehaviour],
      reason:
        `This person is ${role}. Clause ${c.complexRelationships} allows social media relationships with ` +
        `colleagues and governors; you may declare it for your own protection if you wish. Keep clause ` +
        `${c.moderateBehaviour} in mind: moderate what you share with members of the school community.`,
      notify: [],
    };
  }
  return {
    verdict: "permitted",
    clause: c.moderateBehaviour,
    relatedClauses: [c.complexRelationships],
    reason:
      `This person is not a pupil, ex-pupil or parent at the school, so the policy does not restrict the contact. ` +
      `Clause ${c.moderateBehaviour} still asks you to moderate what you share, bearing in mind who can see it.`,
    notify: [],
  };
}
