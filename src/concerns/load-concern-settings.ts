// The trust's settings for cases, with KCSIE's defaults when none are saved.
import { loadTrust } from "../core/people/load-trust";
import type { DbOrTx } from "../platform/db";
import { concernSettings } from "./schema";

export type ConcernSettings = Omit<typeof concernSettings.$inferSelect, "trustId" | "updatedAt">;

export const DEFAULT_SETTINGS: ConcernSettings = {
  principalCaseManager: "chair",
  chairName: null,
  chairEmail: null,
  chiefExecutiveName: null,
  chiefExecutiveEmail: null,
  startWithinSchoolDays: 1,
  finishWithinSchoolDays: 20,
  normalRetirementAge: 67,
  lowLevelRecipients: {},
};

export async function loadConcernSettings(db: DbOrTx): Promise<ConcernSettings> {
  const trust = await loadTrust(db);
  if (!trust) return DEFAULT_SETTINGS;
  const [row] = await db.select().from(concernSettings).limit(1);
  if (!row) return DEFAULT_SETTINGS;
  const { trustId: _t, updatedAt: _u, ...settings } = row;
  return settings;
}
