// Who the policy binds, and how: for each actor, the clauses they must, must not, should… follow.
import { MODALITIES, type Modality, type ParsedPolicy } from "./parsed-policy";

export interface Responsibility {
  actor: string;
  byModality: Record<Modality, string[]>;
}

/**
 * One name per actor: "School staff", "These staff", "A member of staff" and "you" are all the
 * policy's staff (volunteers included: 11.2 calls them "members of staff who are not employees");
 * "we" and "the school" are the school. Other actors keep the policy's wording.
 */
export function normaliseActor(actor: string): string {
  const lower = actor.toLowerCase().replace(/\s+/g, " ").trim();
  const isOther = /trustee|governor|principal|head|leader|manager|director|dsl|safeguarding/.test(lower);
  if (!isOther && /\b(staff|employees?|you)\b/.test(lower)) return "Staff";
  if (/^(the )?(school|schools|academy|we)$/.test(lower)) return "The school";
  if (/^(the )?trust$/.test(lower)) return "The trust";
  if (/^(the )?principals?$/.test(lower)) return "Principals";
  if (/^(the )?head ?teachers?$/.test(lower)) return "Head teachers";
  return actor.charAt(0).toUpperCase() + actor.slice(1);
}

/** Actors in order of first mention; clauses with no actor (1.2, 11.2 in Summit) are left out. */
export function listResponsibilities({ policy }: { policy: ParsedPolicy }): Responsibility[] {
  const byActor = new Map<string, Responsibility>();
  for (const clause of policy.clauses) {
    if (!clause.actor) continue;
    const actor = normaliseActor(clause.actor);
    let responsibility = byActor.get(actor);
    if (!responsibility) {
      const byModality = Object.fromEntries(MODALITIES.map((modality) => [modality, [] as string[]]));
      responsibility = { actor, byModality: byModality as Record<Modality, string[]> };
      byActor.set(actor, responsibility);
    }
    responsibility.byModality[clause.modality].push(clause.id);
  }
  return [...byActor.values()];
}
