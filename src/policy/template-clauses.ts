// The template policy's clauses that Conduct's rules and controls refer to, each with words that
// find it in any variant of the template (the post check cites "7.3", the declarations "8.3", the
// evidence vault covers "8.3.2"). A school whose policy renumbers them gets its own numbers.
import type { ParsedPolicy, PolicyClause } from "./parsed-policy";
import { contentWords } from "./text-similarity";

export const TEMPLATE_CLAUSE_PHRASES: Record<string, string> = {
  "3.1.1": "ensure that all existing and new staff are trained and become familiar with this policy",
  "3.1.2": "ensure that any queries raised are resolved swiftly",
  "3.1.3":
    "ensure that any allegations raised in respect of access to social networking sites are investigated promptly",
  "3.1.4": "ensure there is a system in place for regular monitoring",
  "3.2.1": "ensure that they are familiar with the contents of this policy",
  "3.2.2":
    "raise any queries or areas of concern they have relating to the use of social networking sites and interpretation of this policy",
  "3.3.1": "should ensure that their own behaviour is in line with that expected",
  "4.1": "must not place a child at risk of harm",
  "4.1.2": "must report all situations where any child is at potential risk",
  "4.2.1": "social media relationships must be declared with other personal relationships or interests",
  "4.4":
    "must not contribute or access any social media content which is illegal, discriminatory, sexual, or otherwise offensive",
  "4.5": "must not use social media to criticise or insult their school, its staff, its pupils",
  "4.6": "must not use social media to harass, bully or intimidate any pupil, parent, member of staff",
  "4.7": "must not breach school confidentiality",
  "4.7.1": "must follow their school data protection responsibilities when using social media",
  "4.7.2": "must not reveal any other private or confidential school matters",
  "4.9": "are responsible for the configuration and use of any personal social media accounts they have",
  "4.10": "must raise all doubts, questions and concerns related to social media with school leaders",
  "5.1": "must be given explicit permission to use social media on behalf of their school by a school leader",
  "5.3": "must have separate user accounts for school use of social media",
  "5.4":
    "must not use school social media for any personal discussions or for any individual personal matters",
  "6.1": "ensure that all social media use when working with pupils is sanctioned by the school",
  "7.2":
    "cannot use account names, school branding or anything else that could imply that the content is official",
  "7.3":
    "not reveal any details of staff, pupils, parents or other members of the school community that make it possible to identify",
  "7.4": "must use appropriate behaviour and language at all times",
  "8.2.1": "must not use school social networking accounts for personal content",
  "8.3":
    "must not use personal social media with any child with whom they solely have, or have had, a staff/pupil relationship",
  "8.3.1":
    "can have social media contact with pupils or ex-pupils where other appropriate relationships exist",
  "8.3.2":
    "must retain any communications to pupils or ex-pupils rejecting any approaches made on social media",
  "8.4":
    "must not use personal social media with anyone with whom they solely have a staff/parent relationship",
  "8.4.1": "more complex relationships than just being a member of staff or a parent",
  "8.5":
    "take into account who they have social media relationships with and moderate their social media behaviour",
  "8.6.2": "can only use social media when no pupils are present and during breaks or non-directed time",
  "8.6.3": "there is no obligation on the school to make social media sites available to staff",
  "9.1": "must not spend an excessive amount of time while at the school on personal use of social media",
  "10.1": "reserves the right to monitor all staff internet use",
  "11.1": "all staff are required to adhere to this policy",
  "11.2": "action may be taken in respect of other members of staff who are not employees (volunteers)",
  "12.1":
    "concern about what you are seeing or being told by another user which has safeguarding implications",
  "12.2": "made inappropriate/insulting/threatening comments about them, or other staff members",
};

const clauseWords = new WeakMap<ParsedPolicy, { sets: Set<string>[]; df: Map<string, number> }>();

function wordsOfClauses(policy: ParsedPolicy) {
  let cached = clauseWords.get(policy);
  if (!cached) {
    const sets = policy.clauses.map((c) => new Set(contentWords(c.text)));
    const df = new Map<string, number>();
    for (const set of sets) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
    cached = { sets, df };
    clauseWords.set(policy, cached);
  }
  return cached;
}

/**
 * The clause a catalogue phrase describes: the one holding most of the phrase's words, each
 * weighted by how rare it is in this policy (so "criticise" and "insult" count for far more than
 * "social media" or "staff"), at least 80% of the weight. A clause the variant removed is then not
 * mistaken for a neighbour that shares only the common words. The number breaks ties only.
 */
export function findClauseByPhrase(
  policy: ParsedPolicy,
  phrase: string,
  numberHint: string,
): PolicyClause | null {
  const wanted = [...new Set(contentWords(phrase))];
  if (wanted.length === 0) return null;
  const { sets, df } = wordsOfClauses(policy);
  const n = policy.clauses.length;
  const weight = (w: string) => Math.log((n + 1) / ((df.get(w) ?? 0) + 1)) + 0.1;
  const total = wanted.reduce((sum, w) => sum + weight(w), 0);
  let best: { clause: PolicyClause; score: number } | null = null;
  policy.clauses.forEach((clause, k) => {
    const have = sets[k]!;
    const matched = wanted.reduce((sum, w) => sum + (have.has(w) ? weight(w) : 0), 0);
    const score = matched / total + (clause.number === numberHint ? 0.001 : 0);
    if (!best || score > best.score) best = { clause, score };
  });
  const found = best as { clause: PolicyClause; score: number } | null;
  return found && found.score >= 0.8 ? found.clause : null;
}

/** Where a template clause sits in this policy, by its wording; null when the policy lacks it. */
export function findTemplateClause(policy: ParsedPolicy, number: string): PolicyClause | null {
  const phrase = TEMPLATE_CLAUSE_PHRASES[number];
  if (!phrase) throw new Error(`No wording is recorded for template clause ${number}`);
  return findClauseByPhrase(policy, phrase, number);
}

/** Template number → this policy's number, for the clauses that moved (found by wording). */
export function templateClauseMap(policy: ParsedPolicy): Record<string, string> {
  const map: Record<string, string> = {};
  for (const number of Object.keys(TEMPLATE_CLAUSE_PHRASES)) {
    const found = findTemplateClause(policy, number);
    if (found && found.number !== number) map[number] = found.number;
  }
  return map;
}
