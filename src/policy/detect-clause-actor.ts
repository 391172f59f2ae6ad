// Reads who a clause binds (its actor) and how strongly (its modality) from its wording.
// Choices, so that odd clauses get a sensible answer:
// - "may" is permission ("can") when a person is its subject and an action follows ("Staff may
//   identify the school", "The DSL may review"); otherwise it is possibility ("breaches may lead to
//   disciplinary action", "this may be") and not a modal. "may not" is a prohibition: "must not".
// - "will" with a person as subject is an obligation in UK policies ("The Headteacher will:"), so
//   "must"; "will not" is "must not". "it will be" and "that will be followed" are not modals.
// - "can be" is possibility, not permission ("content … can be shared"), so it is skipped.
// - "are required to" counts as must; "reserves the right to" (10.1) and "are permitted to" as can.
// - "are responsible for" states accountability without a modal verb: modality "none".
// - "you" is the reader of a staff policy, so its actor is "Staff" (12.1); "we" is "The school" (1.1).
// - "they" takes the first actor named earlier in the same sentence (12.2 "a member of staff").
import type { Modality } from "./parsed-policy";

const MODAL_RE = new RegExp(
  [
    "must\\s+(?:not|never|neither)",
    "must",
    "shall\\s+not",
    "shall",
    "may\\s+not",
    "may\\s+only",
    "may",
    "will\\s+(?:not|never)",
    "won't",
    "will",
    "can\\s+only",
    "can\\s*not",
    "can't",
    "can\\s+never",
    "can",
    "should\\s+not",
    "shouldn't",
    "should\\s+never",
    "should",
    "ought\\s+to",
    "(?:is|are)\\s+not\\s+(?:permitted|allowed)\\s+to",
    "(?:is|are)\\s+(?:prohibited|forbidden)\\s+(?:to|from)",
    "(?:is|are)\\s+(?:required|obliged)\\s+to",
    "(?:is|are)\\s+expected\\s+to",
    "(?:is|are)\\s+(?:permitted|allowed|entitled)\\s+to",
    "reserves?\\s+the\\s+right\\s+to",
  ]
    .map((alternative) => `\\b${alternative}\\b`)
    .join("|"),
  "gi",
);

function modalityOf(phrase: string): Modality {
  const p = phrase.toLowerCase().replace(/\s+/g, " ");
  if (
    /^must (not|never|neither)|^shall not|^may not|^will (not|never)|^won't|not (permitted|allowed)|prohibited|forbidden/.test(
      p,
    )
  ) {
    return "must not";
  }
  if (/^can only|^may only/.test(p)) return "can only";
  if (/^can ?not|^can't|^can never/.test(p)) return "cannot";
  if (/^should not|^shouldn't|^should never/.test(p)) return "should not";
  if (/^must|^shall|^will|required|obliged/.test(p)) return "must";
  if (/^should|^ought|expected/.test(p)) return "should";
  return "can";
}

export interface ModalMatch {
  modality: Modality;
  index: number;
  length: number;
}

/** Every modal phrase in `text`, in order. */
export function findModals(text: string): ModalMatch[] {
  const found: ModalMatch[] = [];
  const normalised = text.replace(/’/g, "'");
  for (const match of normalised.matchAll(MODAL_RE)) {
    const modality = modalityOf(match[0]);
    const after = normalised.slice(match.index + match[0].length);
    if (modality === "can" && /^\s+(?:also\s+)?be\b/i.test(after)) continue;
    if (
      /^(?:may|will|won't)$|^will\s/i.test(match[0]) &&
      !personActs(normalised.slice(0, match.index), after)
    ) {
      continue;
    }
    found.push({ modality, index: match.index, length: match[0].length });
  }
  return found;
}

// Verbs after "may"/"will" that describe what might happen, not what a person is allowed or bound
// to do ("may lead to", "may result in", "may have a concern", "will be followed").
const POSSIBILITY_VERB_RE =
  /^\s+(?:(?:also|still|then|well|even|sometimes|often|in\s+turn)\s+)*(?:be|have|lead|result|constitute|cause|mean|need|wish|want|feel|find|become|seem|include|involve|affect|apply|happen|occur|arise|vary|differ|depend|take\s+place|end|bring|make\s+it|not\s+be|receive|experience|encounter|come\s+across|see|hear|notice|get|face|suffer|know|fall|worry|like|prefer)\b/i;

/**
 * Whether "may"/"will" here is a person's permission or duty: a person is its subject (just
 * before it, or the clause heading's actor when the clause starts with it) and an action follows.
 */
function personActs(before: string, after: string): boolean {
  const leadIn = /^\s*:/.test(after);
  if (!leadIn && (POSSIBILITY_VERB_RE.test(after) || !/^\s+[a-z]/i.test(after))) return false;
  const subject = before.replace(/\s+(also|still|then|only|always|normally|usually)$/i, "").trimEnd();
  if (subject === "" || /[.!?:]$/.test(subject)) return true;
  const suffix = SUFFIX_RE.exec(subject);
  if (!suffix) return false;
  const start = suffix.index + suffix[0].length - suffix[1]!.length;
  const previousWord = subject.slice(0, start).trim().split(/\s+/).pop()?.toLowerCase() ?? "";
  // "What staff will do" and "How staff may use …" are headings, not duties or permissions.
  return (
    !PREPOSITIONS.has(previousWord) && !/^(what|how|when|where|which|who|why|whether)$/.test(previousWord)
  );
}

// An actor is a person or body the policy can bind: staff, principals, governors, the school…
const HEAD =
  "(?:members?\\s+of\\s+staff|staff\\s+members?|staff|employees?|contractors?|principals?|head\\s?teachers?|heads?\\s+of\\s+school|governors?|governing\\s+(?:body|bodies|board)|trustees?|schools?|trust|academy|academies|leaders?|leadership\\s+team|managers?|volunteers?|users?|directors?|dsls?|designated\\s+safeguarding\\s+leads?|safeguarding\\s+leads?|you|we|they|everyone|anyone)";
const MODIFIERS =
  "(?:(?:school|trust|academy|agency|supply|senior|line|local|named|designated|existing|new|other|teaching|support|it|hr|deputy|assistant|executive)\\s+)*";
const DETERMINER = "(?:(?:the|all|any|these|those|every|each|a|an|our|their|such)\\s+)?";
// A bracketed abbreviation after the name ("Designated Safeguarding Lead (DSL)") is part of it.
const UNIT = `${DETERMINER}${MODIFIERS}${HEAD}(?:\\s*\\([A-Za-z]{2,8}\\))?`;
const ACTOR_PHRASE = `${UNIT}(?:(?:\\s*,\\s*|\\s+(?:and|or|&)\\s+)${UNIT})*(?:\\s+(?:at|in|of)\\s+${UNIT})?`;
const SUFFIX_RE = new RegExp(`(?:^|[\\s(,;:])(${ACTOR_PHRASE})$`, "i");
const START_RE = new RegExp(`^(${ACTOR_PHRASE})(?=$|[\\s,;:.])`, "i");
const WHOLE_RE = new RegExp(`^(${ACTOR_PHRASE})$`, "i");
const ANYWHERE_RE = new RegExp(`(?:^|[\\s(,;:])(${ACTOR_PHRASE})(?=$|[\\s,;:.)])`, "gi");
const PREPOSITIONS = new Set([
  "of",
  "on",
  "to",
  "with",
  "for",
  "by",
  "from",
  "about",
  "at",
  "in",
  "into",
  "than",
  "behalf",
]);

/** The actor as the policy names it: quantifiers dropped, first letter capitalised, pronouns resolved. */
function tidyActor(phrase: string): string | null {
  const words = phrase.trim().replace(/\s+/g, " ");
  const lower = words.toLowerCase();
  if (lower === "you") return "Staff";
  if (lower === "we") return "The school";
  if (lower === "they" || lower === "everyone" || lower === "anyone") return null;
  const stripped = words.replace(/^(all|any|these|those|every|each|such|our|their)\s+/i, "");
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

/** The actor named by a whole heading or title ("Principals", "Trustees and Local Governors"). */
export function actorOfHeading(heading: string): string | null {
  const text = heading.trim().replace(/[:.]$/, "");
  if (WHOLE_RE.test(text)) return tidyActor(text);
  return null;
}

/** The actor a section title implies: itself if it names one, or staff when it speaks of staff. */
export function actorOfSectionTitle(title: string): string | null {
  const whole = actorOfHeading(title);
  if (whole) return whole;
  return /\bstaff(?:['’]s)?\b/i.test(title) ? "Staff" : null;
}

function splitSentences(text: string): string[] {
  return text
    .split("\n")
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?])\s+(?=[A-Z'‘"(])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== "");
}

function firstActorIn(text: string): string | null {
  for (const match of text.matchAll(ANYWHERE_RE)) {
    const actor = tidyActor(match[1]!);
    if (actor) return actor;
  }
  return null;
}

function actorBefore(sentence: string, modalIndex: number): string | null {
  const before = sentence
    .slice(0, modalIndex)
    .replace(/\s+(also|still|then|only|always|not)$/i, "")
    .trimEnd();
  if (before === "") return null;
  const suffix = SUFFIX_RE.exec(before);
  if (suffix) {
    const start = suffix.index + suffix[0].length - suffix[1]!.length;
    const previousWord = before.slice(0, start).trim().split(/\s+/).pop()?.toLowerCase() ?? "";
    if (!PREPOSITIONS.has(previousWord)) {
      const phrase = suffix[1]!;
      if (phrase.toLowerCase() === "they") return firstActorIn(before.slice(0, start));
      return tidyActor(phrase);
    }
  }
  return actorAtStart(before);
}

function actorAtStart(sentence: string): string | null {
  const start = START_RE.exec(sentence);
  if (start) return tidyActor(start[1]!);
  // A short opening phrase ("In this policy, we define …") comes before the subject.
  const opening = /^[^,]{1,60},\s*/.exec(sentence);
  if (opening) {
    const after = START_RE.exec(sentence.slice(opening[0].length));
    if (after) return tidyActor(after[1]!);
  }
  return null;
}

export interface ClauseReading {
  actor: string | null;
  modality: Modality;
  modalities: Modality[];
}

/** The actor named in the clause's own wording and its modalities; actor null when it names none. */
export function readClause(text: string): ClauseReading {
  const sentences = splitSentences(text);
  const modalities: Modality[] = [];
  let actor: string | null = null;
  let modality: Modality = "none";
  for (const sentence of sentences) {
    const modals = findModals(sentence);
    for (const modal of modals) if (!modalities.includes(modal.modality)) modalities.push(modal.modality);
    if (modality === "none" && modals.length > 0) {
      modality = modals[0]!.modality;
      actor = actorBefore(sentence, modals[0]!.index);
    }
  }
  // No modal anywhere: the subject of the first sentence, if it is an actor.
  if (modality === "none" && sentences.length > 0) actor = actorAtStart(sentences[0]!);
  return { actor, modality, modalities };
}
