// Where section 8's rules sit in the school's current policy. Each rule is found by its wording,
// so a variant that renumbers section 8 still gets its own clause numbers in verdicts and links;
// with no current policy (or a rule the policy lacks) the template's number stands.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { findClauseByPhrase } from "../policy/map-controls";
import type { ParsedPolicy } from "../policy/parsed-policy";
import { policyVersions } from "../policy/schema";
import { type DeclarationClauses, templateDeclarationClauses } from "./judge-declaration";

const phrases: Record<keyof DeclarationClauses, string> = {
  pupils:
    "must not use personal social media with any child with whom they solely have, or have had, a staff/pupil relationship",
  otherRelationshipsWithPupils:
    "can have social media contact with pupils or ex-pupils where other appropriate relationships exist",
  rejectedApproaches:
    "must retain any communications to pupils or ex-pupils rejecting any approaches made on social media",
  parents:
    "must not use personal social media with anyone with whom they solely have a staff/parent relationship",
  complexRelationships: "more complex relationships than just being a member of staff or a parent",
  moderateBehaviour:
    "take into account who they have social media relationships with and moderate their social media behaviour",
  declareRelationships:
    "social media relationships must be declared with other personal relationships or interests",
  childAtRisk: "must report all situations where any child is at potential risk",
};

export type ResolvedDeclarationClauses = {
  clauses: DeclarationClauses;
  /** Clause number → the id its page is found under (they differ only for a repeated number). */
  clauseIds: Record<string, string>;
};

export function resolveDeclarationClauses(policy: ParsedPolicy | null): ResolvedDeclarationClauses {
  const clauses = { ...templateDeclarationClauses };
  const clauseIds: Record<string, string> = {};
  if (policy) {
    for (const key of Object.keys(phrases) as (keyof DeclarationClauses)[]) {
      const found = findClauseByPhrase(policy, phrases[key], templateDeclarationClauses[key]);
      if (found) {
        clauses[key] = found.number;
        clauseIds[found.number] = found.id;
      }
    }
  }
  return { clauses, clauseIds };
}

export async function loadDeclarationClauses(db: DbOrTx): Promise<ResolvedDeclarationClauses> {
  const [current] = await db
    .select({ parsed: policyVersions.parsed })
    .from(policyVersions)
    .where(eq(policyVersions.status, "current"))
    .limit(1);
  return resolveDeclarationClauses(current?.parsed ?? null);
}

/** The policy page of a clause cited in a verdict. */
export function clauseHref(clause: string, clauseIds: Record<string, string> = {}): string {
  return `/policy/clause/${encodeURIComponent(clauseIds[clause] ?? clause)}`;
}
