// When a parent stops being a parent at the school (8.4 is in the present tense): the last day on
// roll of their last child there. Unknown (null) while any child linked to them has no leaving date,
// or when no child is linked, so the judge keeps treating them as a parent.
import { eq } from "drizzle-orm";
import { parentPupils, pupils } from "../core/people/schema";
import type { DbOrTx } from "../platform/db";

export async function findParentLeavingDate(db: DbOrTx, parentId: string): Promise<string | null> {
  const children = await db
    .select({ leftOn: pupils.leftOn })
    .from(parentPupils)
    .innerJoin(pupils, eq(pupils.id, parentPupils.pupilId))
    .where(eq(parentPupils.parentId, parentId));
  if (children.length === 0 || children.some((child) => child.leftOn === null)) return null;
  return (
    children
      .map((child) => child.leftOn as string)
      .sort()
      .at(-1) ?? null
  );
}
