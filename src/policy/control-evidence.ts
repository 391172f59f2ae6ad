// Live, aggregate evidence that each built control is working: counts only, never names, so
// trustees may see it (DESIGN: trust-wide picture without personal data).
import { and, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../platform/db";
import { declarations, evidenceItems } from "../declarations/schema";
import { postChecks } from "../posts/schema";

export type Evidence = { headline: string; status: "working" | "attention" | "no-data" };

type Scope = "all" | string[];

function inScope<T extends { schoolId: unknown }>(column: T["schoolId"], scope: Scope) {
  return scope === "all"
    ? undefined
    : inArray(column as never, scope.length ? scope : ["00000000-0000-0000-0000-000000000000"]);
}

export async function controlEvidence(db: Db, scope: Scope): Promise<Record<string, Evidence>> {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const [posts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      blocked: sql<number>`count(*) filter (where ${postChecks.verdict} = 'block')::int`,
      review: sql<number>`count(*) filter (where ${postChecks.verdict} = 'review')::int`,
    })
    .from(postChecks)
    .where(and(gte(postChecks.checkedAt, since), inScope(postChecks.schoolId, scope)));
  const [decl] = await db
    .select({
      total: sql<number>`count(*)::int`,
      prohibited: sql<number>`count(*) filter (where ${declarations.verdict} = 'prohibited' and ${declarations.status} <> 'withdrawn')::int`,
      awaiting: sql<number>`count(*) filter (where ${declarations.status} = 'awaiting-review')::int`,
    })
    .from(declarations)
    .where(inScope(declarations.schoolId, scope));
  const [vault] = await db
    .select({
      total: sql<number>`count(*)::int`,
      shared: sql<number>`count(${evidenceItems.sharedWithId})::int`,
    })
    .from(evidenceItems)
    .where(inScope(evidenceItems.schoolId, scope));
  return {
    "post-check": posts!.total
      ? {
          headline: `${posts!.total} posts checked in the last 30 days: ${posts!.blocked} blocked, ${posts!.review} for review`,
          status: "working",
        }
      : { headline: "No posts checked in the last 30 days", status: "no-data" },
    declarations: decl!.total
      ? {
          headline: `${decl!.total} declarations: ${decl!.prohibited} prohibited, ${decl!.awaiting} awaiting a leader's review`,
          status: decl!.awaiting || decl!.prohibited ? "attention" : "working",
        }
      : { headline: "No declarations yet", status: "no-data" },
    "evidence-vault": vault!.total
      ? {
          headline: `${vault!.total} rejected approaches kept, ${vault!.shared} shared with a leader`,
          status: "working",
        }
      : { headline: "No evidence kept yet", status: "no-data" },
  };
}
