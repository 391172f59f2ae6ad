// The questions register for leaders: when each question was asked, against which clause, whom it
// went to (by rule) and when it was answered. Neither the question's words nor who asked it: a
// question may be private (3.2.2), and the register is for timeliness.
import { and, asc, isNotNull } from "drizzle-orm";
import { schools } from "../core/people/schema";
import type { RegisterExport } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { eq } from "drizzle-orm";
import { questions } from "./schema";

export const questionRegisters: readonly RegisterExport[] = [
  {
    table: "questions",
    name: "Questions about the policy and when they were answered",
    action: "questions.oversee",
    columns: [
      "school",
      "asked_at",
      "clause",
      "private",
      "routed_to",
      "due_on",
      "status",
      "first_answered_at",
      "escalated_at",
    ],
    async *rows({ db, scope }) {
      const rows = await db
        .select({ q: questions, school: schools.name })
        .from(questions)
        .innerJoin(schools, eq(schools.id, questions.schoolId))
        .where(and(isNotNull(questions.schoolId), inSchoolScope(questions.schoolId, scope)))
        .orderBy(asc(schools.name), asc(questions.askedAt));
      for (const { q, school } of rows)
        yield [
          school,
          q.askedAt.toISOString(),
          q.clauseId ?? "",
          q.private ? "yes" : "no",
          q.routedBecause,
          q.dueOn,
          q.status,
          q.firstAnsweredAt?.toISOString() ?? null,
          q.escalatedAt?.toISOString() ?? null,
        ];
    },
  },
];
