/** @jsxImportSource hono/jsx */
// Questions about the policy: asking (optionally against a clause, optionally privately to a
// senior leader), the thread, answering, publishing as guidance, the guidance under each clause,
// and leaders' numbers. Who may read a question is decided per question (can-read-question.ts).
import type { Context } from "hono";
import { desc, eq } from "drizzle-orm";
import {
  calendarDateAt,
  calendarDateOrThrow,
  defaultTimeZone,
  describeDay,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";
import { loadTrust } from "../core/people/load-trust";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { forbidden, notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { ChoiceGroup, DataTable, Select, TextArea } from "../platform/web/components";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { MAX_ANSWER_LENGTH, replyToQuestion } from "./answer-question";
import { askQuestion, MAX_QUESTION_LENGTH, privateChoices } from "./ask-question";
import { listGuidance } from "./list-guidance";
import { publishGuidance } from "./publish-guidance";
import { loadResponseSchoolDays, saveResponseSchoolDays } from "./question-settings";
import { questionStats, questionsByClause, waitingFor } from "./question-stats";
import { questions } from "./schema";
import { viewQuestion } from "./view-question";
import { RegisterCsvLink } from "../platform/web/register-csv-link";

const ASK = { action: "questions.ask" } as const;
const OVERSEE = { action: "questions.oversee" } as const;
const INSIGHTS = { action: "questions.insights" } as const;
const GUIDANCE = { action: "questions.guidance" } as const;
const SETTINGS = { action: "questions.settings" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const dayText = (date: string) => describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");
const today = () => calendarDateAt(new Date(), defaultTimeZone);
const str = (v: unknown) => (typeof v === "string" ? v : "");
const statusLabels: Record<string, string> = {
  open: "Waiting for an answer",
  answered: "Answered",
  closed: "Closed",
};

export const questionRoutes = new Routes()
  .get("/questions", ASK, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const mine = await db
      .select()
      .from(questions)
      .where(eq(questions.askerUserId, user.id))
      .orderBy(desc(questions.askedAt));
    const waiting = await waitingFor(db, user.id);
    const now = today();
    return c.html(
      <Layout title="Questions about the policy" user={user} current="/questions">
        <p>
          If you are not sure whether something is appropriate, ask: the policy says staff must raise doubts
          and questions with school leaders, and cannot rely on not knowing.{" "}
          <a class="button" href="/questions/ask">
            Ask a question
          </a>
        </p>
        <p>
          <a href="/questions/guidance">Read answers to earlier questions, by clause</a>
        </p>
        <h2>Waiting for your answer</h2>
        <DataTable
          caption="Questions routed to you"
          rows={waiting}
          empty="No questions are waiting for you."
          columns={[
            {
              label: "Asked",
              cell: (q) => <a href={`/questions/${q.id}`}>{describeDay(q.askedAt, defaultTimeZone)}</a>,
            },
            { label: "Clause", cell: (q) => q.clauseId ?? "General" },
            {
              label: "Answer by",
              cell: (q) => (
                <>
                  {dayText(q.dueOn)}
                  {q.dueOn < now ? <strong> (overdue)</strong> : null}
                </>
              ),
            },
          ]}
        />
        <h2>Your questions</h2>
        <DataTable
          caption="Questions you asked"
          rows={mine}
          empty="You have not asked any questions."
          columns={[
            {
              label: "Asked",
              cell: (q) => <a href={`/questions/${q.id}`}>{describeDay(q.askedAt, defaultTimeZone)}</a>,
            },
            { label: "Clause", cell: (q) => q.clauseId ?? "General" },
            { label: "Status", cell: (q) => statusLabels[q.status] ?? q.status },
          ]}
        />
      </Layout>,
    );
  })
  .get("/questions/ask", ASK, (c) => askPage(c, { clause: c.req.query("clause") ?? "" }, {}))
  .post("/questions/ask", ASK, async (c) => {
    const user = c.get("user");
    const form = await c.req.parseBody();
    const values = {
      body: str(form.body),
      clause: str(form.clause),
      private: str(form.private),
      seniorLeader: str(form.seniorLeader),
    };
    const result = await askQuestion({
      db: c.get("services").database.db,
      user,
      body: values.body,
      clauseId: values.clause || null,
      private: values.private === "yes",
      seniorLeaderId: values.seniorLeader || null,
      baseUrl: c.get("services").config.baseUrl,
    });
    if (!result.ok)
      return askPage(c, values, { [result.field === "school" ? "body" : result.field]: result.message }, 400);
    c.get("services").mailer.deliverSoon();
    setFlash(c, "Your question has been sent. You will get an email when it is answered.");
    return c.redirect(`/questions/${result.questionId}`, 303);
  })
  .get("/questions/guidance", GUIDANCE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const version = await loadCurrentPolicy(db);
    const guidance = version ? await listGuidance(db, version.id) : [];
    const clauses = [...new Set(guidance.map((g) => g.clauseId))];
    return c.html(
      <Layout title="Answers to staff questions" user={user} current="/questions">
        <p>
          Questions staff have asked, anonymised and edited by a school leader, under the clause they are
          about.
        </p>
        {guidance.length === 0 ? <p>No guidance has been published yet.</p> : null}
        {clauses.map((clause) => (
          <section id={`clause-${clause}`}>
            <h2>
              <a href={`/policy/clause/${encodeURIComponent(clause)}`}>Clause {clause}</a>
            </h2>
            {guidance
              .filter((g) => g.clauseId === clause)
              .map((g) => (
                <div class="guidance">
                  <h3>{g.question}</h3>
                  <p>{g.answer}</p>
                </div>
              ))}
          </section>
        ))}
      </Layout>,
    );
  })
  .get("/questions/overview", INSIGHTS, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const scope = schoolsWhere(user, "questions.insights");
    const [stats, byClause] = await Promise.all([
      questionStats(db, scope, today()),
      questionsByClause(db, scope),
    ]);
    return c.html(
      <Layout title="Questions: how quickly they are answered" user={user} current="/questions/overview">
        <RegisterCsvLink user={user} table="questions" />
        <ul>
          <li>{stats.asked} questions asked</li>
          <li>
            {stats.open} waiting for an answer, {stats.overdue} of them past their deadline
          </li>
          <li>
            Median time to a first answer:{" "}
            {stats.medianHoursToAnswer === null ? "no answers yet" : `${stats.medianHoursToAnswer} hours`}
          </li>
        </ul>
        <DataTable
          caption="Clauses that draw most questions"
          rows={byClause}
          empty="No questions have been asked against a clause yet."
          columns={[
            {
              label: "Clause",
              cell: (r) => <a href={`/policy/clause/${encodeURIComponent(r.clauseId)}`}>{r.clauseId}</a>,
            },
            { label: "Questions", numeric: true, cell: (r) => r.count },
          ]}
        />
      </Layout>,
    );
  })
  .get("/questions/settings", SETTINGS, async (c) => {
    const trust = await loadTrust(c.get("services").database.db);
    if (!trust) return notFound(c, "trust");
    return settingsPage(c, String(await loadResponseSchoolDays(c.get("services").database.db, trust.id)));
  })
  .post("/questions/settings", SETTINGS, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const trust = await loadTrust(db);
    if (!trust) return notFound(c, "trust");
    const value = str((await c.req.parseBody()).responseSchoolDays).trim();
    if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 30)
      return settingsPage(
        c,
        value,
        "Enter the response deadline as a whole number of school days from 1 to 30",
        400,
      );
    await db.transaction(async (tx) => {
      await saveResponseSchoolDays(tx, trust.id, Number(value));
      await recordAuditEvent(tx, {
        actor: { id: user.id, label: user.email },
        action: "questions.settings-saved",
        subjectType: "trust",
        subjectId: trust.id,
        detail: { responseSchoolDays: Number(value) },
      });
    });
    setFlash(c, "Saved the response deadline.");
    return c.redirect("/questions/settings", 303);
  })
  .get("/questions/:id", ASK, (c) => questionPage(c, {}))
  .post("/questions/:id/reply", ASK, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "question");
    const body = str((await c.req.parseBody()).body);
    const result = await replyToQuestion({
      db: c.get("services").database.db,
      user,
      questionId: id,
      body,
      baseUrl: c.get("services").config.baseUrl,
    });
    if (!result.ok) {
      if (result.reason === "not-found") return notFound(c, "question");
      if (result.reason === "forbidden")
        return forbidden(
          c,
          "Only the person who asked, the person it was sent to and their principal may read this question.",
        );
      return questionPage(
        c,
        {
          body:
            result.reason === "empty"
              ? "Enter your reply."
              : `Your reply must be ${MAX_ANSWER_LENGTH} characters or fewer.`,
        },
        400,
      );
    }
    c.get("services").mailer.deliverSoon();
    setFlash(c, "Your reply has been added.");
    return c.redirect(`/questions/${id}`, 303);
  })
  .get("/questions/:id/publish", OVERSEE, (c) => publishPage(c, null, {}))
  .post("/questions/:id/publish", OVERSEE, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "question");
    const form = await c.req.parseBody();
    const values = { clause: str(form.clause), question: str(form.question), answer: str(form.answer) };
    const result = await publishGuidance({
      db: c.get("services").database.db,
      leader: user,
      questionId: id,
      clauseId: values.clause,
      question: values.question,
      answer: values.answer,
    });
    if (!result.ok) {
      if (result.field === "missing") return notFound(c, "question");
      if (result.field === "form") return forbidden(c, result.message);
      return publishPage(c, values, { [result.field]: result.message }, 400);
    }
    setFlash(c, "Published: everyone can read it under its clause.");
    return c.redirect(`/questions/guidance#clause-${encodeURIComponent(values.clause)}`, 303);
  });

async function askPage(
  c: Context<SignedInEnv>,
  values: { body?: string; clause?: string; private?: string; seniorLeader?: string },
  errors: Record<string, string>,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const version = await loadCurrentPolicy(db);
  const leaders = await privateChoices(db, user);
  return c.html(
    <Layout title="Ask a question about the policy" user={user} current="/questions">
      <ErrorSummary errors={errors} />
      <form method="post" action="/questions/ask">
        <Select
          name="clause"
          label="Which part of the policy is it about? (optional)"
          value={values.clause ?? ""}
          error={errors.clause}
          options={[
            { value: "", label: "The policy in general" },
            ...(version?.parsed.clauses ?? [])
              .filter((cl) => !cl.heading)
              .map((cl) => ({
                value: cl.id,
                label: `${cl.number} ${cl.text.slice(0, 70)}${cl.text.length > 70 ? "…" : ""}`,
              })),
          ]}
        />
        <TextArea
          name="body"
          label="Your question"
          hint="For example: is this use of social media appropriate?"
          value={values.body}
          error={errors.body}
          maxLength={MAX_QUESTION_LENGTH}
          required
        />
        <ChoiceGroup
          type="checkbox"
          name="private"
          legend="Who answers it"
          hint="It goes to your line manager (or your principal if you have none). You can ask a senior leader privately instead."
          choices={[{ value: "yes", label: "Ask a senior leader privately instead of my line manager" }]}
          checked={values.private === "yes" ? ["yes"] : []}
        />
        <Select
          name="seniorLeader"
          label="Senior leader to ask privately"
          value={values.seniorLeader ?? ""}
          error={errors.seniorLeader}
          options={[
            { value: "", label: "Choose a senior leader" },
            ...leaders.map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
        <button type="submit">Send the question</button>
      </form>
    </Layout>,
    status,
  );
}

async function questionPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string>,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) return notFound(c, "question");
  const view = await viewQuestion(c.get("services").database.db, user, id);
  if (!view.ok) {
    if (view.reason === "not-found") return notFound(c, "question");
    return forbidden(
      c,
      "Only the person who asked, the person it was sent to and their principal may read this question.",
    );
  }
  const { question: q, messages, names, canAnswer } = view;
  const name = (uid: string | null) => (uid ? (names.get(uid) ?? "Someone") : "Nobody");
  return c.html(
    <Layout
      title={q.clauseId ? `Question about clause ${q.clauseId}` : "Question about the policy"}
      user={user}
      current="/questions"
    >
      <ErrorSummary errors={errors} />
      <p class="muted">
        Asked by {name(q.askerUserId)} on {describeDay(q.askedAt, defaultTimeZone)}
        {q.private ? ", privately" : ""}. Sent to {name(q.routedToUserId)}
        {q.escalatedToUserId ? `, then to ${name(q.escalatedToUserId)} when it was overdue` : ""}. Answer by{" "}
        {dayText(q.dueOn)}.
      </p>
      <blockquote>{q.body}</blockquote>
      {q.clauseId ? (
        <p>
          <a href={`/policy/clause/${encodeURIComponent(q.clauseId)}`}>Read clause {q.clauseId}</a>
        </p>
      ) : null}
      <h2>Replies</h2>
      {messages.length === 0 ? <p>No replies yet.</p> : null}
      <ol class="thread">
        {messages.map((m) => (
          <li>
            <p class="muted">
              {name(m.authorUserId)}, {describeDay(m.at, defaultTimeZone)}
            </p>
            <p>{m.body}</p>
          </li>
        ))}
      </ol>
      <form method="post" action={`/questions/${q.id}/reply`}>
        <TextArea
          name="body"
          label={canAnswer ? "Your answer" : "Reply"}
          error={errors.body}
          maxLength={MAX_ANSWER_LENGTH}
          required
        />
        <button type="submit">{canAnswer ? "Send the answer" : "Send the reply"}</button>
      </form>
      {canAnswer &&
      q.status !== "open" &&
      q.schoolId &&
      can(user, "questions.oversee", { schoolId: q.schoolId }) ? (
        <p>
          <a href={`/questions/${q.id}/publish`}>Publish it as guidance for everyone (anonymised)</a>
        </p>
      ) : null}
    </Layout>,
    status,
  );
}

async function publishPage(
  c: Context<SignedInEnv>,
  values: { clause: string; question: string; answer: string } | null,
  errors: Record<string, string>,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) return notFound(c, "question");
  const { db } = c.get("services").database;
  const view = await viewQuestion(db, user, id);
  if (!view.ok) return view.reason === "not-found" ? notFound(c, "question") : forbidden(c);
  const version = await loadCurrentPolicy(db);
  const v = values ?? {
    clause: view.question.clauseId ?? "",
    question: "",
    answer: view.messages.find((m) => m.authorUserId !== view.question.askerUserId)?.body ?? "",
  };
  return c.html(
    <Layout title="Publish as guidance" user={user} current="/questions">
      <ErrorSummary errors={errors} />
      <p>
        Write the question and answer as everyone will read them: take out names, places and anything that
        could identify who asked.
      </p>
      <blockquote>{view.question.body}</blockquote>
      <form method="post" action={`/questions/${id}/publish`}>
        <Select
          name="clause"
          label="Clause to show it under"
          value={v.clause}
          error={errors.clause}
          options={[
            { value: "", label: "Choose a clause" },
            ...(version?.parsed.clauses ?? []).map((cl) => ({
              value: cl.id,
              label: `${cl.number} ${cl.text.slice(0, 70)}`,
            })),
          ]}
        />
        <TextArea
          name="question"
          label="The question, anonymised"
          value={v.question}
          error={errors.question}
          maxLength={1000}
          required
        />
        <TextArea
          name="answer"
          label="The answer"
          value={v.answer}
          error={errors.answer}
          maxLength={4000}
          required
        />
        <button type="submit">Publish</button>
      </form>
    </Layout>,
    status,
  );
}

function settingsPage(c: Context<SignedInEnv>, value: string, error?: string, status: 200 | 400 = 200) {
  return c.html(
    <Layout title="Question deadlines" user={c.get("user")}>
      <ErrorSummary errors={{ responseSchoolDays: error }} />
      <form method="post" action="/questions/settings">
        <Field
          name="responseSchoolDays"
          label="School days to answer a question"
          hint="After this, the question goes to the principal."
          value={value}
          error={error}
        />
        <button type="submit">Save</button>
      </form>
    </Layout>,
    status,
  );
}
