// The trust's response deadline for questions, in school days (default 3: "resolved swiftly", 3.1.2).
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { questionSettings } from "./schema";

export const DEFAULT_RESPONSE_SCHOOL_DAYS = 3;

export async function loadResponseSchoolDays(db: DbOrTx, trustId: string): Promise<number> {
  const [row] = await db.select().from(questionSettings).where(eq(questionSettings.trustId, trustId));
  return row?.responseSchoolDays ?? DEFAULT_RESPONSE_SCHOOL_DAYS;
}

export async function saveResponseSchoolDays(db: DbOrTx, trustId: string, days: number): Promise<void> {
  await db
    .insert(questionSettings)
    .values({ trustId, responseSchoolDays: days, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: questionSettings.trustId,
      set: { responseSchoolDays: days, updatedAt: new Date() },
    });
}
