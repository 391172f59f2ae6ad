// The trust's acknowledgement schedule: its saved row, or the defaults until an admin changes them.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { acknowledgementSettings } from "./schema";

export type AcknowledgementSchedule = {
  dueSchoolDays: number;
  remindBefore: number[];
  remindAfter: number[];
  escalateLineManagerAfter: number;
  escalatePrincipalAfter: number;
  checkEnabled: boolean;
  passMark: number;
};

export const DEFAULT_SCHEDULE: AcknowledgementSchedule = {
  dueSchoolDays: 10,
  remindBefore: [3],
  remindAfter: [1],
  escalateLineManagerAfter: 3,
  escalatePrincipalAfter: 6,
  checkEnabled: true,
  passMark: 80,
};

export async function loadAcknowledgementSettings(
  db: DbOrTx,
  trustId: string,
): Promise<AcknowledgementSchedule> {
  const [row] = await db
    .select()
    .from(acknowledgementSettings)
    .where(eq(acknowledgementSettings.trustId, trustId));
  if (!row) return DEFAULT_SCHEDULE;
  return {
    dueSchoolDays: row.dueSchoolDays,
    remindBefore: row.remindBefore,
    remindAfter: row.remindAfter,
    escalateLineManagerAfter: row.escalateLineManagerAfter,
    escalatePrincipalAfter: row.escalatePrincipalAfter,
    checkEnabled: row.checkEnabled,
    passMark: row.passMark,
  };
}

export async function saveAcknowledgementSettings(
  db: DbOrTx,
  trustId: string,
  schedule: AcknowledgementSchedule,
): Promise<void> {
  await db
    .insert(acknowledgementSettings)
    .values({ trustId, ...schedule, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: acknowledgementSettings.trustId,
      set: { ...schedule, updatedAt: new Date() },
    });
}
