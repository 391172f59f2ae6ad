// A leader marks which changed clauses of a new version are material. Staff who acknowledged the
// previous version are then asked for those clauses only, with a due date from today; when none is
// material (a typo fix) nobody is asked again.
import { and, eq } from "drizzle-orm";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { loadSchoolCalendar } from "../core/calendar/load-school-calendar";
import { dueAfterSchoolDays } from "./due-date";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { diffPolicyVersions } from "../policy/diff-policy-versions";
import { loadPolicyVersion } from "../policy/load-current-policy";
import { loadAcknowledgementSettings } from "./acknowledgement-settings";
import { changesToJudge } from "./plan-assignment";
import { acknowledgementAssignments, acknowledgementRounds } from "./schema";

export type MarkResult = { ok: true; asked: number } | { ok: false; message: string };

/** The changes of a round for a leader to judge, with the clause each is marked by (its new id, or the old one if removed). */
export async function loadChangesToJudge(db: Db, versionId: string) {
  const [round] = await db
    .select()
    .from(acknowledgementRounds)
    .where(eq(acknowledgementRounds.versionId, versionId));
  if (!round?.previousVersionId) return null;
  const [version, previous] = await Promise.all([
    loadPolicyVersion(db, versionId),
    loadPolicyVersion(db, round.previousVersionId),
  ]);
  if (!version || !previous) return null;
  const changes = changesToJudge(diffPolicyVersions({ from: previous.parsed, to: version.parsed }));
  return {
    round,
    version,
    previous,
    changes: changes.map((c) => ({ ...c, key: c.toId ?? `removed:${c.fromId}` })),
  };
}

export async function markMaterialChanges(options: {
  db: Db;
  actor: Actor;
  versionId: string;
  materialKeys: readonly string[];
  asOf?: Date;
}): Promise<MarkResult> {
  const { db } = options;
  const asOf = options.asOf ?? new Date();
  const loaded = await loadChangesToJudge(db, options.versionId);
  if (!loaded) return { ok: false, message: "That version has no earlier version to compare with." };
  if (loaded.round.materiality === "decided")
    return { ok: false, message: "The changes in this version have already been marked." };
  const keys = new Set(loaded.changes.map((c) => c.key));
  const unknown = options.materialKeys.filter((k) => !keys.has(k));
  if (unknown.length)
    return { ok: false, message: `These are not changes in this version: ${unknown.join(", ")}` };
  // A removed clause cannot be read; its removal is shown with the clause before it, so staff are
  // asked about the clauses that remain. Only clauses of the new version are asked for.
  const material = options.materialKeys.filter((k) => !k.startsWith("removed:"));
  const removedMaterial = options.materialKeys.length - material.length;
  const schedule = await loadAcknowledgementSettings(db, loaded.round.trustId);
  return db.transaction(async (tx) => {
    await tx
      .update(acknowledgementRounds)
      .set({
        materiality: "decided",
        materialClauseIds: material,
        decidedByUserId: options.actor.id,
        decidedAt: asOf,
      })
      .where(eq(acknowledgementRounds.versionId, options.versionId));
    const pending = await tx
      .select({ id: acknowledgementAssignments.id, schoolId: acknowledgementAssignments.schoolId })
      .from(acknowledgementAssignments)
      .where(
        and(
          eq(acknowledgementAssignments.versionId, options.versionId),
          eq(acknowledgementAssignments.scope, "pending"),
        ),
      );
    let asked = 0;
    const dueBySchool = new Map<string, { today: string; due: string }>();
    for (const a of pending) {
      if (material.length === 0 && removedMaterial === 0) {
        await tx
          .update(acknowledgementAssignments)
          .set({ scope: "material", clauseIds: [], status: "not-needed" })
          .where(eq(acknowledgementAssignments.id, a.id));
        continue;
      }
      const key = a.schoolId ?? "";
      let dates = dueBySchool.get(key);
      if (!dates) {
        const calendar = a.schoolId
          ? await loadSchoolCalendar(tx, a.schoolId)
          : { timeZone: defaultTimeZone, terms: [], closures: [] };
        const today = calendarDateAt(asOf, calendar.timeZone);
        dates = { today, due: dueAfterSchoolDays(calendar, today, schedule.dueSchoolDays) };
        dueBySchool.set(key, dates);
      }
      await tx
        .update(acknowledgementAssignments)
        .set({ scope: "material", clauseIds: material, assignedOn: dates.today, dueOn: dates.due })
        .where(eq(acknowledgementAssignments.id, a.id));
      asked++;
    }
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "acknowledgement.material-changes-marked",
      subjectType: "policy-version",
      subjectId: options.versionId,
      detail: { material, removedMaterial, asked },
    });
    return { ok: true as const, asked };
  });
}
