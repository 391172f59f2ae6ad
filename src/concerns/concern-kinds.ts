// The words of concerns and cases, with the clauses they put into practice. Template clause
// numbers (the Summit wording) are found in a school's policy by wording, never assumed.

export const CONCERN_KINDS = ["child-at-risk", "staff-conduct", "reputation", "abuse-of-staff"] as const;
export type ConcernKind = (typeof CONCERN_KINDS)[number];

export type ConcernCategory = "safeguarding" | "allegation" | "low-level" | "reputation" | "abuse-of-staff";

export const KIND_LABELS: Record<ConcernKind, string> = {
  "child-at-risk": "A child may be at risk",
  "staff-conduct": "A member of staff's conduct (including yourself)",
  reputation: "The school's reputation",
  "abuse-of-staff": "Abusive comments by pupils or parents about staff",
};

export const CATEGORY_LABELS: Record<ConcernCategory, string> = {
  safeguarding: "safeguarding concern",
  allegation: "allegation about a member of staff",
  "low-level": "low-level concern",
  reputation: "concern about the school's reputation",
  "abuse-of-staff": "concern about abuse of staff",
};

/** The template clause each category puts into practice (clause: "4.1.2", "3.1.3", "12.1", "12.2"). */
export const CATEGORY_CLAUSE: Record<ConcernCategory, string> = {
  safeguarding: "4.1.2",
  allegation: "3.1.3",
  "low-level": "3.1.3",
  reputation: "12.1",
  "abuse-of-staff": "12.2",
};

/** KCSIE Part 4's harm threshold: any yes makes a concern about staff an allegation. */
export const HARM_QUESTIONS = [
  {
    key: "harmed",
    text: "Has the person behaved in a way that has harmed a child, or may have harmed a child?",
  },
  {
    key: "offence",
    text: "Has the person possibly committed a criminal offence against or related to a child?",
  },
  {
    key: "risk",
    text: "Has the person behaved towards a child or children in a way that indicates they may pose a risk of harm to children?",
  },
  {
    key: "unsuitable",
    text: "Has the person behaved or may have behaved in a way that indicates they may not be suitable to work with children?",
  },
] as const;
export type HarmKey = (typeof HARM_QUESTIONS)[number]["key"];
export type HarmAnswers = Record<HarmKey, boolean>;

export const OUTCOMES = ["substantiated", "unsubstantiated", "unfounded", "false", "malicious"] as const;
export type AllegationOutcome = (typeof OUTCOMES)[number];

/** Section 11 sanctions (clause: "11.1"); for volunteers, termination of the appointment (clause: "11.2"). */
export const SANCTIONS = [
  "no-case-to-answer",
  "informal-management",
  "disciplinary-warning",
  "gross-misconduct-summary-dismissal",
  "volunteer-appointment-terminated",
] as const;
export type Sanction = (typeof SANCTIONS)[number];

export const SANCTION_LABELS: Record<Sanction, string> = {
  "no-case-to-answer": "No case to answer",
  "informal-management": "Informal management",
  "disciplinary-warning": "A disciplinary warning",
  "gross-misconduct-summary-dismissal": "Gross misconduct, summary dismissal",
  "volunteer-appointment-terminated": "Termination of the volunteer's appointment (11.2)",
};

export const REFERRAL_LABELS = {
  LADO: "Local authority designated officer (LADO)",
  police: "Police",
  "childrens-social-care": "Children's social care",
} as const;
