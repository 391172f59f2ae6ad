// The check of understanding: the default set is found in a variant policy by wording, grading
// names the clauses answered wrongly, and a trust's own questions (written on the page) replace
// the defaults.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { parsePolicy } from "../policy/parse-policy";
import { approveTestPolicy } from "../policy/test-support";
import { defaultQuestionsFor, gradeCheck, loadCheckQuestions, questionsForClauses } from "./check-questions";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../policy/fixtures");
const read = (name: string) => readFileSync(path.join(fixtures, name), "utf8");

describe("the default questions and grading (pure)", () => {
  it("finds the default questions' clauses by wording in a renumbered variant", () => {
    const parsed = parsePolicy({
      text: read("northbridge-social-media-policy.md"),
      fileName: "northbridge.md",
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const questions = defaultQuestionsFor(parsed.policy);
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) expect(parsed.policy.clauses.some((c) => c.id === q.clauseId)).toBe(true);
  });

  it("passes at the pass mark and lists wrong answers with their clause", () => {
    const qs = [
      { id: "a", clauseId: "4.10", prompt: "?", choices: ["x", "y"], correct: 1 },
      { id: "b", clauseId: "8.3", prompt: "?", choices: ["x", "y"], correct: 0 },
    ];
    expect(gradeCheck(qs, { a: 1, b: 0 }, 100)).toMatchObject({ score: 100, passed: true, wrong: [] });
    const half = gradeCheck(qs, { a: 1 }, 80);
    expect(half).toMatchObject({ score: 50, passed: false });
    expect(half.wrong.map((q) => q.clauseId)).toEqual(["8.3"]);
    expect(gradeCheck(qs, { a: 1 }, 50).passed).toBe(true);
    expect(questionsForClauses(qs, ["8.3"]).map((q) => q.id)).toEqual(["b"]);
  });
});

const ctx = useTestTrust();
beforeAll(async () => {
  await approveTestPolicy(ctx.t.database.db, { approvalDate: "2026-11-02", asOf: new Date("2026-11-03") });
});

describe("a trust's own questions", () => {
  it("are written by a trust administrator, refused for a bad clause, and replace the defaults", async () => {
    const admin = await signInAs(ctx.t, "trust-admin");
    const principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
    expect(
      (await ctx.t.request("/acknowledgement/check-questions", { cookie: principal.cookie })).status,
    ).toBe(403);
    const page = await (
      await ctx.t.request("/acknowledgement/check-questions", { cookie: admin.cookie })
    ).text();
    expect(page).toContain("Default");
    const bad = await ctx.t.request("/acknowledgement/check-questions", {
      cookie: admin.cookie,
      form: { clause: "99.1", prompt: "Q", choices: "a\nb", correct: "1" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose a clause of the current policy");
    const ok = await ctx.t.request("/acknowledgement/check-questions", {
      cookie: admin.cookie,
      form: {
        clause: "5.3",
        prompt: "Which account do you use for school social media?",
        choices: "My own\nA separate school account",
        correct: "2",
      },
    });
    expect(ok.status).toBe(303);
    const version = await loadCurrentPolicy(ctx.t.database.db);
    const now = await loadCheckQuestions(ctx.t.database.db, ctx.trust.trustId, version!.parsed);
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ clauseId: "5.3", correct: 1 });
  });
});
