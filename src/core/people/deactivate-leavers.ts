// The nightly job: staff whose leaving date has passed since the last import lose their sign-in.
// The work itself is endLeaverAccess, which an import that sets a past leave date also calls.
import { SYSTEM_ACTOR } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { calendarDateAt, defaultTimeZone } from "../../core/calendar/calendar-date";
import { endLeaverAccess } from "./end-leaver-access";

export async function deactivateLeavers(db: Db, today = new Date()): Promise<number> {
  // Leave dates are school days: "today" is the date in the school's zone, not in UTC.
  const todayIso = calendarDateAt(today, defaultTimeZone);
  return db.transaction((tx) => endLeaverAccess(tx, { today: todayIso, actor: SYSTEM_ACTOR }));
}
