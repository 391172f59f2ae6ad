// The words a school's export or a script may use for a kind of contact or a relationship, read
// into the judge's own terms. Case, spaces, hyphens and underscores do not matter ("Family friend",
// "family_friend", "FAMILY-FRIEND"); a word not listed here is refused with the list, never guessed.
import {
  type ContactKind,
  type OtherRelationship,
  contactKinds,
  otherRelationships,
} from "./judge-declaration";

/** Other words for each kind of contact (the kind's own name is always accepted). */
export const contactKindWords: Record<ContactKind, readonly string[]> = {
  pupil: ["pupils", "student", "students", "current pupil", "current student", "learner", "sixth former"],
  "ex-pupil": [
    "ex-pupils",
    "former pupil",
    "past pupil",
    "old pupil",
    "ex student",
    "former student",
    "past student",
    "leaver",
    "leavers",
    "alumnus",
    "alumna",
    "alumni",
    "old boy",
    "old girl",
  ],
  parent: [
    "parents",
    "carer",
    "parent or carer",
    "parent/carer",
    "parent carer",
    "guardian",
    "legal guardian",
    "step parent",
    "foster parent",
    "foster carer",
    "parent of a pupil",
  ],
  staff: [
    "member of staff",
    "staff member",
    "colleague",
    "co worker",
    "teacher",
    "teaching assistant",
    "support staff",
    "employee",
    "volunteer",
  ],
  // A trustee governs the trust as a governor does a school: 8.4.1's "governors" covers both.
  governor: ["governors", "school governor", "local governor", "trustee"],
  other: ["someone else", "none of these", "outside the school", "member of the public", "external"],
};

/**
 * Other words for each relationship. Any relative is "family" (8.3.1's "family member"); a spouse or
 * boyfriend is a "partner" (a romantic relationship), never "family", so 8.3's safeguarding rule for
 * partners cannot be stepped round by calling a partner a spouse.
 */
export const relationshipWords: Record<OtherRelationship, readonly string[]> = {
  family: [
    "family member",
    "relative",
    "relation",
    "related",
    "son",
    "daughter",
    "child",
    "stepson",
    "stepdaughter",
    "stepchild",
    "grandson",
    "granddaughter",
    "grandchild",
    "brother",
    "sister",
    "sibling",
    "half brother",
    "half sister",
    "stepbrother",
    "stepsister",
    "niece",
    "nephew",
    "cousin",
    "aunt",
    "uncle",
    "mother",
    "father",
    "mum",
    "dad",
    "grandparent",
    "grandmother",
    "grandfather",
    "brother in law",
    "sister in law",
    "mother in law",
    "father in law",
    "son in law",
    "daughter in law",
  ],
  "family-friend": ["friend of the family", "friend of family", "family friends", "close family friend"],
  friend: ["friends", "friendship", "personal friend", "close friend"],
  colleague: ["colleagues", "co worker", "coworker", "work colleague", "member of staff", "staff"],
  partner: [
    "romantic partner",
    "romantic",
    "boyfriend",
    "girlfriend",
    "spouse",
    "husband",
    "wife",
    "civil partner",
    "fiance",
    "fiancee",
  ],
  "parent-at-school": [
    "parent at school",
    "parent at the school",
    "also a parent",
    "also a parent at the school",
    "fellow parent",
  ],
  governor: ["governors", "school governor", "fellow governor", "co governor", "also a governor", "trustee"],
};

/** Lower case, accents dropped, runs of spaces, dashes, underscores and slashes made one hyphen. */
export function normaliseWord(word: string): string {
  return word
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim()
    .replace(/[\s_\-/\u2010-\u2015]+/g, "-")
    .replace(/^-|-$/g, "");
}

// Words are looked up with the separators taken out too, so "exPupil" and "FamilyFriend" (as a
// script might write them) read like "ex-pupil" and "family friend".
const lookupKey = (word: string) => normaliseWord(word).replaceAll("-", "");

function index<T extends string>(
  canonical: readonly T[],
  words: Record<T, readonly string[]>,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const name of canonical) {
    for (const word of [name, ...words[name]]) {
      const key = lookupKey(word);
      const taken = map.get(key);
      // Two meanings for one word would make the reading depend on table order: a bug.
      if (taken !== undefined && taken !== name) throw new Error(`"${word}" means both ${taken} and ${name}`);
      map.set(key, name);
    }
  }
  return map;
}

const kindIndex = index(contactKinds, contactKindWords);
const relationshipIndex = index(otherRelationships, relationshipWords);

export function readContactKind(word: string): ContactKind | undefined {
  return kindIndex.get(lookupKey(word));
}

export function readRelationship(word: string): OtherRelationship | undefined {
  return relationshipIndex.get(lookupKey(word));
}
