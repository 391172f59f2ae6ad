// For tests: a declaration as recording one leaves it (a permitted contact with someone else,
// awaiting review), with whatever a test needs to differ.
import type { Db } from "../platform/db";
import { declarations } from "./schema";

export type DeclarationValues = typeof declarations.$inferInsert;

/** The row, for tests that insert many at once. */
export function declarationValues(
  owner: { userId: string; schoolId: string },
  overrides: Partial<DeclarationValues> = {},
): DeclarationValues {
  return {
    userId: owner.userId,
    schoolId: owner.schoolId,
    contactKind: "other",
    contactName: "Someone",
    platforms: ["Instagram"],
    otherRelationships: [],
    verdict: "permitted",
    clause: "8.5",
    reason: "Allowed.",
    ...overrides,
  };
}

/** Inserts one declaration and returns its id. */
export async function insertDeclaration(
  db: Db,
  owner: { userId: string; schoolId: string },
  overrides: Partial<DeclarationValues> = {},
): Promise<string> {
  const [row] = await db
    .insert(declarations)
    .values(declarationValues(owner, overrides))
    .returning({ id: declarations.id });
  return row!.id;
}
