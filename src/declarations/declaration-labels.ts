// The words pages and emails use for verdicts, contacts, relationships and statuses.
import type { ContactKind, OtherRelationship, Verdict } from "./judge-declaration";

export const verdictLabels: Record<Verdict, string> = {
  prohibited: "Not allowed",
  "permitted-declare": "Allowed, and must be declared",
  permitted: "Allowed",
};

export const contactKindLabels: Record<ContactKind, string> = {
  pupil: "pupil",
  "ex-pupil": "ex-pupil",
  parent: "parent or carer",
  staff: "member of staff",
  governor: "governor",
  other: "someone else",
};

export const relationshipLabels: Record<OtherRelationship, string> = {
  family: "Family member",
  "family-friend": "Family friend",
  friend: "Friend",
  colleague: "Colleague",
  partner: "Partner (a romantic relationship)",
  "parent-at-school": "I am also a parent of a pupil at the school",
  governor: "Governor",
};

export const declarationStatusLabels: Record<string, string> = {
  "awaiting-review": "Awaiting a leader's review",
  noted: "Noted by a leader",
  "more-information-requested": "A leader has asked for more information",
  "concern-opened": "A concern has been opened",
  withdrawn: "Withdrawn",
  superseded: "Replaced by a correction",
};

/** "a pupil", "an ex-pupil": the article a label takes in a sentence. */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}
