// Guidance published from answered questions, for the current version: the FAQ under each clause.
// A published read function other capabilities (the policy's clause page) may call.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { questionGuidance } from "./schema";

export async function listGuidance(db: DbOrTx, versionId: string) {
  return db
    .select({
      id: questionGuidance.id,
      clauseId: questionGuidance.clauseId,
      question: questionGuidance.question,
      answer: questionGuidance.answer,
      publishedAt: questionGuidance.publishedAt,
    })
    .from(questionGuidance)
    .where(eq(questionGuidance.versionId, versionId))
    .orderBy(asc(questionGuidance.clauseId), asc(questionGuidance.publishedAt));
}
