// Checks a post for a member of staff and records that it was checked (verdict and clauses only:
// the text is never stored).
import type { Db } from "../platform/db";
import { checkPost } from "./check-post";
import { bundledPostModel } from "./load-post-model";
import { loadSchoolForCheck, type SchoolForCheck } from "./load-school-for-check";
import { postChecks } from "./schema";
import type { PostCheckResult, PostContext } from "./types";

export const MAX_POST_LENGTH = 20_000;

/** One post checked as the check does for staff: the school's rules, settings and roster, the model in use. */
export function checkPostForSchool(
  school: SchoolForCheck,
  context: PostContext,
  text: string,
): PostCheckResult {
  return checkPost({
    text,
    context,
    school: school.settings,
    roster: school.roster,
    rules: school.rules,
    policyVersion: school.policyVersion,
    model: bundledPostModel(),
  });
}

export type RunPostCheckResult =
  | { ok: true; result: PostCheckResult }
  | { ok: false; field: "text" | "context" | "school"; message: string };

export async function runPostCheck(options: {
  db: Db;
  userId: string | null;
  schoolSlug: string;
  context: string;
  text: string;
  /** False for checks made while typing: they are not evidence that a post was checked. */
  record?: boolean;
}): Promise<RunPostCheckResult> {
  if (!["personal", "professional", "official"].includes(options.context)) {
    return {
      ok: false,
      field: "context",
      message: "Choose where the post will appear: personal, professional or official.",
    };
  }
  if (!options.text.trim()) return { ok: false, field: "text", message: "Enter the text of the post." };
  if (options.text.length > MAX_POST_LENGTH)
    return {
      ok: false,
      field: "text",
      message: `Posts up to ${MAX_POST_LENGTH.toLocaleString("en-GB")} characters can be checked.`,
    };
  const school = await loadSchoolForCheck(options.db, options.schoolSlug);
  if (!school) return { ok: false, field: "school", message: "Choose your school." };
  const result = checkPostForSchool(school, options.context as PostContext, options.text);
  if (options.record !== false)
    await options.db.insert(postChecks).values({
      userId: options.userId,
      schoolId: school.schoolId,
      context: result.context,
      verdict: result.verdict,
      clauses: [...new Set(result.findings.map((f) => f.clause))],
      rulesVersion: result.rulesVersion,
    });
  return { ok: true, result };
}
