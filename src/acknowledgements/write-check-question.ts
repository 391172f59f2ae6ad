// A leader writes a check-of-understanding question against a clause of the current policy (or
// retires one). Once the trust has written any, its own questions replace the default set.
import { and, eq } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { acknowledgementQuestions } from "./schema";

export type WriteResult =
  | { ok: true }
  | { ok: false; field: "clause" | "prompt" | "choices" | "correct"; message: string };

export async function writeCheckQuestion(options: {
  db: Db;
  actor: Actor;
  trustId: string;
  clauseId: string;
  prompt: string;
  choices: string[];
  correct: number;
}): Promise<WriteResult> {
  const { db } = options;
  const version = await loadCurrentPolicy(db);
  if (!version?.parsed.clauses.some((c) => c.id === options.clauseId))
    return { ok: false, field: "clause", message: "Choose a clause of the current policy." };
  const prompt = options.prompt.trim();
  if (!prompt || prompt.length > 500)
    return { ok: false, field: "prompt", message: "Enter the question (up to 500 characters)." };
  const choices = options.choices.map((c) => c.trim()).filter(Boolean);
  if (choices.length < 2 || choices.length > 6 || choices.some((c) => c.length > 300))
    return {
      ok: false,
      field: "choices",
      message: "Enter two to six answers, one a line, each up to 300 characters.",
    };
  if (!Number.isInteger(options.correct) || options.correct < 1 || options.correct > choices.length)
    return {
      ok: false,
      field: "correct",
      message: `Enter which answer is right, as a number from 1 to ${choices.length}.`,
    };
  await db.transaction(async (tx) => {
    await tx.insert(acknowledgementQuestions).values({
      trustId: options.trustId,
      clauseId: options.clauseId,
      prompt,
      choices,
      correct: options.correct - 1,
    });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "acknowledgement.check-question-written",
      subjectType: "trust",
      subjectId: options.trustId,
      detail: { clauseId: options.clauseId },
    });
  });
  return { ok: true };
}

export async function retireCheckQuestion(
  db: Db,
  actor: Actor,
  trustId: string,
  id: string,
): Promise<boolean> {
  const rows = await db
    .update(acknowledgementQuestions)
    .set({ active: false })
    .where(and(eq(acknowledgementQuestions.id, id), eq(acknowledgementQuestions.trustId, trustId)))
    .returning({ id: acknowledgementQuestions.id });
  if (rows.length)
    await recordAuditEvent(db, {
      actor,
      action: "acknowledgement.check-question-retired",
      subjectType: "trust",
      subjectId: trustId,
      detail: { id },
    });
  return rows.length > 0;
}
