// Where section 8's rules sit in the school's current policy. Each rule is found by its wording,
// so a variant that renumbers section 8 still gets its own clause numbers in verdicts and links;
// with no current policy (or a rule the policy lacks) the template's number stands.
import type { DbOrTx } from "../platform/db";
import { findTemplateClause } from "../policy/template-clauses";
import type { ParsedPolicy } from "../policy/parsed-policy";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { type DeclarationClauses, templateDeclarationClauses } from "./judge-declaration";

export type ResolvedDeclarationClauses = {
  clauses: DeclarationClauses;
  /** Clause number → the id its page is found under (they differ only for a repeated number). */
  clauseIds: Record<string, string>;
};

export function resolveDeclarationClauses(policy: ParsedPolicy | null): ResolvedDeclarationClauses {
  const clauses = { ...templateDeclarationClauses };
  const clauseIds: Record<string, string> = {};
  if (policy) {
    for (const key of Object.keys(templateDeclarationClauses) as (keyof DeclarationClauses)[]) {
      const found = findTemplateClause(policy, templateDeclarationClauses[key]);
      if (found) {
        clauses[key] = found.number;
        clauseIds[found.number] = found.id;
      }
    }
  }
  return { clauses, clauseIds };
}

export async function loadDeclarationClauses(db: DbOrTx): Promise<ResolvedDeclarationClauses> {
  const current = await loadCurrentPolicy(db);
  return resolveDeclarationClauses(current?.parsed ?? null);
}

/** The policy page of a clause cited in a verdict. */
export function clauseHref(clause: string, clauseIds: Record<string, string> = {}): string {
  return `/policy/clause/${encodeURIComponent(clauseIds[clause] ?? clause)}`;
}
