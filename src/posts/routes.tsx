/** @jsxImportSource hono/jsx */
// "Can I post this?": the post check page for every member of staff, its JSON API, and the
// trust's settings for it (school names, handles, sanctioned platforms, rule extensions).
import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { schools, trusts } from "../core/people/schema";
import { schoolsOfUser } from "../core/people/schools-of-user";
import type { ApiRoutes } from "../platform/web/api";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Layout } from "../platform/web/layout";
import { loadRuleSet } from "./load-rule-set";
import { runPostCheck } from "./run-post-check";
import { segmentText } from "./segment-text";
import { submitExample } from "./submit-example";
import type { PostCheckResult } from "./types";
import "./audit-events";

const VERDICT_TEXT = {
  // Issue 20: "Clear" must not read as permission. Say what was checked, and who stays responsible.
  clear: {
    label: "Nothing found",
    tag: "good",
    says: "The check found nothing that matches its rules: names and private details of pupils, private school matters, offensive words, criticism, threats, contact with pupils, platforms, official accounts, the school's name and branding, conduct. It cannot understand every meaning; you stay responsible for what you post (clause 4.8).",
  },
  review: {
    label: "Ask a leader first",
    tag: "warn",
    says: "Something here may go against the policy: change it, or ask a school leader before posting.",
  },
  block: {
    label: "Do not post",
    tag: "bad",
    says: "This post would breach the policy. Change what is marked below.",
  },
} as const;

const CONTEXTS = [
  {
    value: "personal",
    label: "My personal account",
    hint: "Your own social media, in your personal life (section 8)",
  },
  {
    value: "professional",
    label: "My professional account",
    hint: "A public account where you speak as a teacher (section 7)",
  },
  { value: "official", label: "A school account", hint: "An official account of the school (section 5)" },
] as const;

function Result(props: { text: string; result: PostCheckResult }) {
  const { result } = props;
  const v = VERDICT_TEXT[result.verdict];
  const segments = segmentText({ text: props.text, findings: result.findings });
  return (
    <section aria-labelledby="result-heading" class="post-result">
      <h2 id="result-heading">
        <span class={`tag ${v.tag}`}>{v.label}</span> {v.says}
      </h2>
      {result.findings.length ? (
        <>
          <p class="muted">Marked in your post:</p>
          <blockquote class="checked-post">
            {segments.map((s) =>
              s.finding === undefined ? (
                s.text
              ) : (
                <mark
                  class={`finding ${result.findings[s.finding]!.severity}`}
                  aria-describedby={`finding-${s.finding}`}
                >
                  {s.text}
                </mark>
              ),
            )}
          </blockquote>
          <ol class="findings">
            {result.findings.map((f, i) => (
              <li id={`finding-${i}`}>
                <strong>
                  <span
                    class={`tag ${f.severity === "breach" ? "bad" : f.severity === "warning" ? "warn" : "info"}`}
                  >
                    {f.severity}
                  </span>{" "}
                  “{f.excerpt}”
                </strong>{" "}
                {f.explanation}
                {f.suggestion ? (
                  <>
                    {" "}
                    <em>Try:</em> {f.suggestion}
                  </>
                ) : null}{" "}
                (clause <a href={`/policy/clause/${encodeURIComponent(f.clause)}`}>{f.clause}</a>
                {f.alsoClauses?.length ? `; also ${f.alsoClauses.join(", ")}` : ""})
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <p class="muted">
        Rules {result.rulesVersion}
        {result.policyVersion ? `, policy ${result.policyVersion}` : ""}. Your post was not stored; only that
        a check happened, and its verdict, is counted.
      </p>
    </section>
  );
}

/** "This is wrong": give the post to the trust as a labelled example, only with the box ticked. */
function ThisIsWrong(props: {
  values: { text?: string; context?: string; school?: string };
  result: PostCheckResult;
}) {
  const said = [...new Set(props.result.findings.flatMap((f) => [f.clause, ...(f.alsoClauses ?? [])]))];
  return (
    <details class="this-is-wrong">
      <summary>Is the check wrong about this post?</summary>
      <form method="post" action="/posts/examples" class="stack">
        <input type="hidden" name="text" value={props.values.text ?? ""} />
        <input type="hidden" name="context" value={props.values.context ?? ""} />
        <input type="hidden" name="school" value={props.values.school ?? ""} />
        <input type="hidden" name="reason" value="wrong" />
        <div class="field">
          <label for="clauses">The clauses it does breach</label>
          <p class="hint" id="clauses-hint">
            The check said: {said.length ? said.join(", ") : "none"}. Leave empty if the post breaches none.
          </p>
          <input id="clauses" name="clauses" type="text" aria-describedby="clauses-hint" maxlength={200} />
        </div>
        <label>
          <input type="checkbox" name="consent" value="yes" /> I agree that the trust may keep this post, with
          my name, as an example to improve the post check
        </label>
        <button type="submit">Give it as an example</button>
      </form>
    </details>
  );
}

async function checkPage(
  c: Context<SignedInEnv>,
  values: { text?: string; context?: string; school?: string } = {},
  outcome?: { result?: PostCheckResult; problem?: { field: string; message: string } },
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const mySchools = await schoolsOfUser(c.get("services").database.db, user);
  const context = values.context ?? "personal";
  return c.html(
    <Layout title="Check a post" user={user} current="/posts/check" flash={c.get("flash")}>
      <p>
        Paste what you are about to post. Conduct checks it against the policy and the school's roster, marks
        anything the policy forbids, cites the clause and suggests a fix. Nothing you type here is stored.
      </p>
      {outcome?.problem ? (
        <ErrorSummary errors={{ [outcome.problem.field]: outcome.problem.message }} />
      ) : null}
      {outcome?.result ? <Result text={values.text ?? ""} result={outcome.result} /> : null}
      {outcome?.result ? <ThisIsWrong values={values} result={outcome.result} /> : null}
      <form method="post" action="/posts/check" class="stack" id="post-check-form">
        <fieldset>
          <legend>Where will it appear?</legend>
          <div class="radios">
            {CONTEXTS.map((ctx) => (
              <label>
                <input type="radio" name="context" value={ctx.value} checked={context === ctx.value} />{" "}
                {ctx.label} <span class="muted">({ctx.hint})</span>
              </label>
            ))}
          </div>
        </fieldset>
        {mySchools.length > 1 ? (
          <div class="field">
            <label for="school">School</label>
            <select id="school" name="school">
              {mySchools.map((s) => (
                <option value={s.slug} selected={values.school === s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="school" value={mySchools[0]?.slug ?? ""} />
        )}
        <div class={outcome?.problem?.field === "text" ? "field has-error" : "field"}>
          <label for="text">Your post</label>
          <textarea id="text" name="text" rows={6} maxlength={20000} aria-describedby="text-hint">
            {values.text ?? ""}
          </textarea>
          <p class="hint" id="text-hint">
            Up to 20,000 characters.
          </p>
        </div>
        <button type="submit">Check</button>
      </form>
    </Layout>,
    status,
  );
}

export const postRoutes = new Routes()
  .get("/posts/check", { action: "posts.check" }, (c) => checkPage(c))
  .post("/posts/check", { action: "posts.check" }, async (c) => {
    const user = c.get("user");
    const form = await c.req.parseBody();
    const values = {
      text: String(form.text ?? ""),
      context: String(form.context ?? ""),
      school: String(form.school ?? ""),
    };
    const mySchools = await schoolsOfUser(c.get("services").database.db, user);
    if (!mySchools.some((s) => s.slug === values.school))
      return checkPage(
        c,
        values,
        { problem: { field: "school", message: "Choose one of your schools." } },
        400,
      );
    const outcome = await runPostCheck({
      db: c.get("services").database.db,
      userId: user.id,
      schoolSlug: values.school,
      context: values.context,
      text: values.text,
    });
    if (!outcome.ok)
      return checkPage(c, values, { problem: { field: outcome.field, message: outcome.message } }, 400);
    return checkPage(c, values, { result: outcome.result });
  })
  // "This is wrong": the post kept as a labelled example, only with consent (submit-example.ts).
  .post("/posts/examples", { action: "posts.check" }, async (c) => {
    const user = c.get("user")!;
    const { db } = c.get("services").database;
    const form = await c.req.parseBody();
    const values = {
      text: String(form.text ?? ""),
      context: String(form.context ?? ""),
      school: String(form.school ?? ""),
    };
    const outcome = await submitExample(db, {
      userId: user.id,
      userLabel: user.email,
      mySchoolSlugs: (await schoolsOfUser(db, user)).map((s) => s.slug),
      schoolSlug: values.school,
      context: values.context,
      text: values.text,
      clauses: String(form.clauses ?? ""),
      reason: String(form.reason ?? ""),
      consent: form.consent === "yes",
    });
    if (!outcome.ok)
      return checkPage(c, values, { problem: { field: outcome.field, message: outcome.message } }, 400);
    setFlash(c, "Thank you: the trust will use your example to improve the post check.");
    return c.redirect("/posts/check", 303);
  })
  .get("/admin/schools/:school", { action: "trust.manage" }, async (c) => settingsPage(c))
  .post("/admin/schools/:school", { action: "trust.manage" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const [school] = await db
      .select()
      .from(schools)
      .where(eq(schools.slug, c.req.param("school") ?? ""));
    if (!school) return notFound(c, "school");
    const form = await c.req.parseBody();
    const list = (name: string) =>
      [
        ...new Set(
          String(form[name] ?? "")
            .split(/\r?\n|,/)
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ].slice(0, 200);
    const settings = {
      shortNames: list("shortNames"),
      officialHandles: list("officialHandles"),
      sanctionedPlatforms: list("sanctionedPlatforms"),
      streets: list("streets"),
    };
    await db.transaction(async (tx) => {
      await tx.update(schools).set({ settings }).where(eq(schools.id, school.id));
      await recordAuditEvent(tx, {
        actor: { id: user.id, label: user.email },
        action: "school.settings-changed",
        subjectType: "school",
        subjectId: school.id,
        schoolId: school.id,
        detail: settings,
      });
    });
    setFlash(c, `Saved the settings of ${school.name}.`);
    return c.redirect(`/admin/schools/${school.slug}`, 303);
  })
  .get("/admin/post-rules", { action: "trust.manage" }, (c) => rulesPage(c))
  .post("/admin/post-rules", { action: "trust.manage" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const text = String((await c.req.parseBody()).rules ?? "").trim();
    let extension: Record<string, unknown> | null = null;
    if (text) {
      try {
        extension = JSON.parse(text);
      } catch (error) {
        return rulesPage(c, text, [`The text is not valid JSON: ${(error as Error).message}`], 400);
      }
      const loaded = loadRuleSet({ extensions: [extension] });
      if (!loaded.ok)
        return rulesPage(
          c,
          text,
          loaded.errors.map((e) => `${e.path}: ${e.message}`),
          400,
        );
    }
    const [trust] = await db.select().from(trusts).limit(1);
    await db.transaction(async (tx) => {
      await tx.update(trusts).set({ postRules: extension }).where(eq(trusts.id, trust!.id));
      await recordAuditEvent(tx, {
        actor: { id: user.id, label: user.email },
        action: "post-rules.changed",
        subjectType: "trust",
        subjectId: trust!.id,
        detail: { extension },
      });
    });
    setFlash(
      c,
      extension
        ? "Saved: the trust's additions now apply to every post check."
        : "Cleared: the default rules apply.",
    );
    return c.redirect("/admin/post-rules", 303);
  });

async function settingsPage(c: Context<SignedInEnv>) {
  const { db } = c.get("services").database;
  const [school] = await db
    .select()
    .from(schools)
    .where(eq(schools.slug, c.req.param("school") ?? ""));
  if (!school) return notFound(c, "school");
  const area = (name: keyof typeof school.settings, label: string, hint: string) => (
    <div class="field">
      <label for={name}>{label}</label>
      <p class="hint" id={`${name}-hint`}>
        {hint}
      </p>
      <textarea id={name} name={name} rows={3} aria-describedby={`${name}-hint`}>
        {school.settings[name].join("\n")}
      </textarea>
    </div>
  );
  return c.html(
    <Layout
      title={`${school.name}: post check settings`}
      user={c.get("user")}
      current="/admin"
      flash={c.get("flash")}
    >
      <form method="post" action={`/admin/schools/${school.slug}`} class="stack">
        {area(
          "shortNames",
          "Other names for the school",
          "One a line, e.g. Summit High, SHS. Used to tell criticism of the school from other talk.",
        )}
        {area(
          "officialHandles",
          "The school's official accounts",
          "One a line, e.g. @SummitHighSch. A personal account using them implies official voice (7.2).",
        )}
        {area(
          "sanctionedPlatforms",
          "Platforms sanctioned for work with pupils (6.1)",
          "One a line, e.g. Google Classroom.",
        )}
        {area(
          "streets",
          "Streets near the school",
          "One a line. Helps spot a pupil's home street in a post.",
        )}
        <button type="submit">Save</button>
      </form>
    </Layout>,
  );
}

async function rulesPage(
  c: Context<SignedInEnv>,
  draft?: string,
  errors?: string[],
  status: 200 | 400 = 200,
) {
  const { db } = c.get("services").database;
  const [trust] = await db.select().from(trusts).limit(1);
  const current = draft ?? (trust?.postRules ? JSON.stringify(trust.postRules, null, 2) : "");
  const schoolList = await db
    .select({ slug: schools.slug, name: schools.name })
    .from(schools)
    .orderBy(schools.name);
  return c.html(
    <Layout title="Post check rules" user={c.get("user")} current="/admin" flash={c.get("flash")}>
      <p>
        The post check's rules and word lists ship with Conduct and are versioned. Add the trust's own here as
        JSON: a local slur, a school nickname, a platform every school may use. They are checked before they
        are saved.
      </p>
      {errors?.length ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>The additions were not saved</h2>
          <ul>
            {errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/admin/post-rules" class="stack">
        <div class="field">
          <label for="rules">The trust's additions (JSON)</label>
          <textarea id="rules" name="rules" rows={12}>
            {current}
          </textarea>
        </div>
        <button type="submit">Check and save</button>
      </form>
      <h2>Each school's settings</h2>
      <ul>
        {schoolList.map((s) => (
          <li>
            <a href={`/admin/schools/${s.slug}`}>{s.name}</a>
          </li>
        ))}
      </ul>
    </Layout>,
    status,
  );
}

const FindingSchema = z.object({
  clause: z.string(),
  alsoClauses: z.array(z.string()).optional(),
  ruleId: z.string(),
  family: z.string(),
  severity: z.enum(["advice", "warning", "breach"]),
  start: z.number(),
  end: z.number(),
  excerpt: z.string(),
  explanation: z.string(),
  suggestion: z.string().optional(),
});

/** The post check as a JSON operation. */
export function addPostCheckOperation(api: ApiRoutes): void {
  api.add(
    {
      method: "post",
      path: "/api/v1/posts/check",
      summary: "Check a post before publishing",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                text: z.string().max(20_000),
                context: z.enum(["personal", "professional", "official"]),
                school: z.string(),
                // Checks made while typing are not counted as checks in the policy's evidence.
                draft: z.boolean().optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The verdict and findings",
          content: {
            "application/json": {
              schema: z.object({
                verdict: z.enum(["clear", "review", "block"]),
                findings: z.array(FindingSchema),
                rulesVersion: z.string(),
                policyVersion: z.string().optional(),
                context: z.string(),
              }),
            },
          },
        },
        400: {
          description: "Bad input",
          content: {
            "application/json": {
              schema: z.object({ error: z.string(), message: z.string(), field: z.string().optional() }),
            },
          },
        },
      },
    },
    { action: "posts.check" },
    async (c: Context<SignedInEnv>) => {
      const user = c.get("user");
      const body = (
        c.req as unknown as {
          valid: (t: "json") => { text: string; context: string; school: string; draft?: boolean };
        }
      ).valid("json");
      const { db } = c.get("services").database;
      const mine = await schoolsOfUser(db, user);
      if (!mine.some((s) => s.slug === body.school))
        return c.json({ error: "bad_request", field: "school", message: "Choose one of your schools." }, 400);
      const outcome = await runPostCheck({
        db,
        userId: user.id,
        schoolSlug: body.school,
        context: body.context,
        text: body.text,
        record: !body.draft,
      });
      if (!outcome.ok)
        return c.json({ error: "bad_request", field: outcome.field, message: outcome.message }, 400);
      return c.json(outcome.result, 200);
    },
  );
}
