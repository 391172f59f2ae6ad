// The trust this Conduct serves. One database holds one trust (set up on the first run); every
// capability asks here rather than reading the table.
import type { DbOrTx } from "../../platform/db";
import { trusts } from "./schema";

export type Trust = typeof trusts.$inferSelect;

export async function loadTrust(db: DbOrTx): Promise<Trust | null> {
  const [trust] = await db.select().from(trusts).limit(1);
  return trust ?? null;
}
