// The clauses of the template policy that Conduct's rules cite (the post check cites "7.3", the
// declarations "8.3"), each with words that find it in any variant of the template. A school
// whose policy renumbers them gets its own numbers in findings and links.
import { findClauseByPhrase } from "./map-controls";
import type { ParsedPolicy } from "./parsed-policy";

export const TEMPLATE_CLAUSE_PHRASES: Record<string, string> = {
  "4.1": "must not place a child at risk of harm",
  "4.4":
    "must not contribute or access any social media content which is illegal, discriminatory, sexual, or otherwise offensive",
  "4.5": "must not use social media to criticise or insult their school, its staff, its pupils",
  "4.6": "must not use social media to harass, bully or intimidate any pupil, parent, member of staff",
  "4.7": "must not breach school confidentiality",
  "4.7.1": "must follow their school data protection responsibilities when using social media",
  "4.7.2": "must not reveal any other private or confidential school matters",
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
  "8.4":
    "must not use personal social media with anyone with whom they solely have a staff/parent relationship",
};

/** Template number → this policy's number, for the clauses that moved (found by wording). */
export function templateClauseMap(policy: ParsedPolicy): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [number, phrase] of Object.entries(TEMPLATE_CLAUSE_PHRASES)) {
    const found = findClauseByPhrase(policy, phrase, number);
    if (found && found.number !== number) map[number] = found.number;
  }
  return map;
}
