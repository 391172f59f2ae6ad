// Published read function: the platforms a school has sanctioned for work with pupils (6.1). The
// post check reads them here, so a platform the register does not hold is flagged as unsanctioned.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { sanctionedPlatforms } from "./schema";

export async function loadSanctionedPlatforms(db: DbOrTx, schoolId: string): Promise<string[]> {
  const rows = await db
    .select({ platform: sanctionedPlatforms.platform })
    .from(sanctionedPlatforms)
    .where(eq(sanctionedPlatforms.schoolId, schoolId))
    .orderBy(asc(sanctionedPlatforms.platform));
  return rows.map((r) => r.platform);
}
