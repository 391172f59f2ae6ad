// The declarations register for leaders who review them (8.4.1): one row a declaration, with the
// verdict, the clause it rests on and the latest review. Personal: never a trustee's.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { users } from "../platform/auth/schema";
import type { RegisterExport } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { declarationReviews, declarations } from "./schema";

export const declarationRegisters: readonly RegisterExport[] = [
  {
    table: "declarations",
    name: "Social media relationship declarations",
    action: "declarations.review",
    columns: [
      "school",
      "member_of_staff",
      "contact_kind",
      "contact_name",
      "platforms",
      "verdict",
      "clause",
      "status",
      "declared_at",
      "last_review",
      "last_reviewed_at",
    ],
    async *rows({ db, scope, notePerson }) {
      const rows = await db
        .select({ d: declarations, school: schools.name, declarer: users.name })
        .from(declarations)
        .innerJoin(schools, eq(schools.id, declarations.schoolId))
        .innerJoin(users, eq(users.id, declarations.userId))
        .where(and(inSchoolScope(declarations.schoolId, scope)))
        .orderBy(asc(schools.name), asc(declarations.createdAt));
      const ids = rows.map((r) => r.d.id);
      const reviews = ids.length
        ? await db
            .select({
              id: declarationReviews.declarationId,
              action: declarationReviews.action,
              at: declarationReviews.createdAt,
            })
            .from(declarationReviews)
            .where(inArray(declarationReviews.declarationId, ids))
            .orderBy(desc(declarationReviews.createdAt))
        : [];
      const latest = new Map<string, { action: string; at: Date }>();
      for (const r of reviews) if (!latest.has(r.id)) latest.set(r.id, r);
      for (const { d, school, declarer } of rows) {
        const review = latest.get(d.id);
        notePerson?.(d.userId);
        yield [
          school,
          declarer,
          d.contactKind,
          d.contactName,
          d.platforms.join(";"),
          d.verdict,
          d.clause,
          d.status,
          d.createdAt.toISOString(),
          review?.action ?? null,
          review?.at.toISOString() ?? null,
        ];
      }
    },
  },
];
