// The check of understanding: questions against clauses (a leader's, or the default set written
// for the template and found in the school's policy by wording), and grading against a pass mark.
// Pure apart from loadCheckQuestions.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import type { ParsedPolicy } from "../policy/parsed-policy";
import { findTemplateClause } from "../policy/template-clauses";
import { acknowledgementQuestions } from "./schema";

export type CheckQuestion = {
  id: string;
  clauseId: string;
  prompt: string;
  choices: string[];
  correct: number;
};

/** Written against template clauses; each is asked only where the school's policy has the clause. */
export const DEFAULT_CHECK_QUESTIONS: readonly (Omit<CheckQuestion, "clauseId"> & {
  templateClause: string;
})[] = [
  {
    id: "default-4.10",
    templateClause: "4.10",
    prompt:
      "You are not sure whether something you want to post would breach the policy. What should you do?",
    choices: [
      "Post it, and delete it if anyone complains",
      "Raise it with a school leader and seek advice before posting",
      "Ask a pupil whether it looks all right",
    ],
    correct: 1,
  },
  {
    id: "default-8.3",
    templateClause: "8.3",
    prompt: "A pupil you teach asks to follow your personal account. What does the policy say?",
    choices: [
      "Accept if their parents agree",
      "Accept, but never message them",
      "You must not use personal social media with a pupil you only know as their teacher",
    ],
    correct: 2,
  },
  {
    id: "default-7.3",
    templateClause: "7.3",
    prompt: "When you post about school life, what must you not reveal?",
    choices: [
      "Details that make it possible to identify staff, pupils or parents",
      "That you work in education",
      "Nothing: anything may be posted once it is public",
    ],
    correct: 0,
  },
  {
    id: "default-4.2.1",
    templateClause: "4.2.1",
    prompt: "How should your social media relationships with members of the school community be handled?",
    choices: [
      "Kept to yourself",
      "Declared, along with your other personal relationships or interests",
      "Declared only if the other person is a pupil",
    ],
    correct: 1,
  },
];

/** The trust's own questions when it has written any; otherwise the defaults found in this policy. */
export async function loadCheckQuestions(
  db: DbOrTx,
  trustId: string,
  policy: ParsedPolicy,
): Promise<CheckQuestion[]> {
  const own = await db
    .select()
    .from(acknowledgementQuestions)
    .where(and(eq(acknowledgementQuestions.trustId, trustId), eq(acknowledgementQuestions.active, true)));
  const ids = new Set(policy.clauses.map((c) => c.id));
  if (own.length > 0)
    return own
      .filter((q) => ids.has(q.clauseId))
      .map((q) => ({
        id: q.id,
        clauseId: q.clauseId,
        prompt: q.prompt,
        choices: q.choices,
        correct: q.correct,
      }));
  return defaultQuestionsFor(policy);
}

export function defaultQuestionsFor(policy: ParsedPolicy): CheckQuestion[] {
  return DEFAULT_CHECK_QUESTIONS.flatMap(({ templateClause, ...q }) => {
    const clause = findTemplateClause(policy, templateClause);
    return clause ? [{ ...q, clauseId: clause.id }] : [];
  });
}

/** The questions for what this person reads: those against the clauses they are asked for. */
export function questionsForClauses(
  questions: readonly CheckQuestion[],
  clauseIds: readonly string[],
): CheckQuestion[] {
  const reading = new Set(clauseIds);
  return questions.filter((q) => reading.has(q.clauseId));
}

export type Graded = {
  score: number;
  passed: boolean;
  answers: { questionId: string; clauseId: string; chosen: number; correct: boolean }[];
  /** The questions answered wrongly (or not at all), with the clause to read again. */
  wrong: CheckQuestion[];
};

export function gradeCheck(
  questions: readonly CheckQuestion[],
  chosen: Readonly<Record<string, number | undefined>>,
  passMark: number,
): Graded {
  const answers = questions.map((q) => {
    const c = chosen[q.id];
    return { questionId: q.id, clauseId: q.clauseId, chosen: c ?? -1, correct: c === q.correct };
  });
  const right = answers.filter((a) => a.correct).length;
  const score = questions.length === 0 ? 100 : Math.round((right / questions.length) * 100);
  return {
    score,
    passed: score >= passMark,
    answers,
    wrong: questions.filter((_q, i) => !answers[i]!.correct),
  };
}
