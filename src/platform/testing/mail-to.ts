// The emails written for one address, oldest first. Ordered explicitly: a table scan's order is not
// the order of writing (a delivered message is updated, and its row moves), so `.at(-1)` on an
// unordered select can be an older message.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db";
import { outbox } from "../mail/schema";

export function mailTo(db: Db, email: string) {
  return db.select().from(outbox).where(eq(outbox.to, email)).orderBy(asc(outbox.createdAt));
}
