// A person confirms that staff missing from a full import have left: their leave date is set and,
// if it has passed, their sign-in ends in the same transaction. Only staff with no leave date yet,
// at schools the person may import for, and never a date before the person started.
import { and, inArray, isNull, lte, sql } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { endLeaverAccess } from "./end-leaver-access";
import { staff } from "./schema";

export async function confirmLeavers(
  db: Db,
  options: {
    actor: Actor;
    staffIds: string[];
    /** YYYY-MM-DD */
    leaveDate: string;
    /** YYYY-MM-DD, in the school's zone */
    today: string;
    schools: "all" | string[];
  },
): Promise<{ recorded: number; notRecorded: number; signInsEnded: number }> {
  const ids = [...new Set(options.staffIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  const none = { recorded: 0, notRecorded: ids.length, signInsEnded: 0 };
  if (ids.length === 0 || (options.schools !== "all" && options.schools.length === 0)) return none;
  return db.transaction(async (tx) => {
    const recorded = await tx
      .update(staff)
      .set({ leaveDate: options.leaveDate, updatedAt: new Date() })
      .where(
        and(
          inArray(staff.id, ids),
          isNull(staff.leaveDate),
          lte(staff.startDate, options.leaveDate),
          options.schools === "all" ? sql`true` : inArray(staff.schoolId, options.schools),
        ),
      )
      .returning({ id: staff.id, schoolId: staff.schoolId });
    if (recorded.length === 0) return none;
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "people.leavers-confirmed",
      subjectType: "staff",
      detail: { leaveDate: options.leaveDate, staffIds: recorded.map((r) => r.id) },
    });
    const signInsEnded = await endLeaverAccess(tx, { today: options.today, actor: options.actor });
    return { recorded: recorded.length, notRecorded: ids.length - recorded.length, signInsEnded };
  });
}
