/** @jsxImportSource hono/jsx */
// Acknowledgement pages: reading the policy section by section (or the marked-up material
// changes), the check of understanding and the acknowledgement; completion for leaders (named, by
// line manager) and trustees (numbers only) with a chart and the CSV register; recording on
// someone's behalf; marking material changes; the trust's schedule.
import type { Context } from "hono";
import {
  calendarDateAt,
  calendarDateOrThrow,
  defaultTimeZone,
  describeDay,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";
import { loadTrust } from "../core/people/load-trust";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { ChoiceGroup, DataTable, TextArea } from "../platform/web/components";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { raw } from "hono/html";
import {
  type AcknowledgementSchedule,
  loadAcknowledgementSettings,
  saveAcknowledgementSettings,
} from "./acknowledgement-settings";
import type { CheckQuestion } from "./check-questions";
import { completionChartSvg, completionChartText } from "./completion-chart";
import {
  completionBySchool,
  completionForSchool,
  completionHistory,
  completionSeries,
} from "./list-completion";
import { loadMyAssignment, markStartedReading } from "./load-my-assignment";
import { loadChangesToJudge, markMaterialChanges } from "./mark-material-changes";
import { checkFor, recordAcknowledgement } from "./record-acknowledgement";
import { loadCheckQuestions } from "./check-questions";
import { retireCheckQuestion, writeCheckQuestion } from "./write-check-question";
import { MAX_FORM_BYTES, recordOnBehalf } from "./record-on-behalf";
import { registerCsv } from "./register-csv";
import { acknowledgementRounds } from "./schema";
import { eq } from "drizzle-orm";
import { RegisterCsvLink } from "../platform/web/register-csv-link";

const OWN = { action: "acknowledgement.own" } as const;
const SUMMARY = { action: "acknowledgement.summary" } as const;
const SETTINGS = { action: "acknowledgement.settings" } as const;
const MANAGE_SCHOOL = { action: "acknowledgement.manage", schoolParam: "school" } as const;
const CHART_SCHOOLS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function dayText(date: string): string {
  return describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");
}
const statusLabels: Record<string, string> = {
  open: "Not yet acknowledged",
  done: "Acknowledged",
  "not-needed": "Not asked again (no material change)",
  left: "Left",
  superseded: "Replaced by a newer version",
};
const clauseHref = (id: string) => `/policy/clause/${encodeURIComponent(id)}`;

function todayIn(timeZone = defaultTimeZone) {
  return calendarDateAt(new Date(), timeZone);
}

async function trustId(c: Context<SignedInEnv>): Promise<string | null> {
  return (await loadTrust(c.get("services").database.db))?.id ?? null;
}

export const acknowledgementRoutes = new Routes()
  .get("/acknowledgement", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const mine = await loadMyAssignment(db, user);
    const a = mine?.assignment;
    return c.html(
      <Layout title="Acknowledge the policy" user={user} current="/acknowledgement">
        {!mine ? <p>There is no current policy yet.</p> : null}
        {mine && !a ? (
          <p>You have not been asked to acknowledge version {mine.version.number} of the policy.</p>
        ) : null}
        {a && a.status === "open" && a.scope === "pending" ? (
          <p>
            A new version of the policy has been approved. A leader is marking which changes matter; you will
            be asked to read only those.
          </p>
        ) : null}
        {a && a.status === "open" && a.scope !== "pending" ? (
          <>
            <p>
              {a.scope === "whole"
                ? `Please read version ${mine!.version.number} of ${mine!.version.title}, section by section, and acknowledge it`
                : `Version ${mine!.version.number} changes ${a.clauseIds.length} clause${a.clauseIds.length === 1 ? "" : "s"} that matter since you last acknowledged it. Please read the changes and acknowledge them`}
              {a.dueOn ? ` by ${dayText(a.dueOn)}.` : "."}
            </p>
            <p>
              <a class="button" href="/acknowledgement/read">
                {a.startedAt ? "Carry on reading" : "Start reading"}
              </a>
            </p>
          </>
        ) : null}
        {a && a.status === "done" ? (
          <p>
            You acknowledged version {mine!.version.number} on{" "}
            {describeDay(
              mine!.acknowledgement?.acknowledgedAt ?? a.completedAt ?? new Date(),
              defaultTimeZone,
            )}
            {mine!.acknowledgement?.onBehalfByUserId ? " (recorded on your behalf by a leader)" : ""}
            {mine!.acknowledgement?.carriedFromId ? " (at your previous school)" : ""}.
          </p>
        ) : null}
        {a && a.status === "not-needed" ? (
          <p>
            Nothing that matters changed in version {mine!.version.number} since you last acknowledged it.
          </p>
        ) : null}
      </Layout>,
    );
  })
  .get("/acknowledgement/read", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const mine = await loadMyAssignment(db, user);
    const a = mine?.assignment;
    if (!mine || !a || a.status !== "open" || a.scope === "pending")
      return c.redirect("/acknowledgement", 303);
    await markStartedReading(db, a.id, new Date());
    const policy = mine.version.parsed;
    if (a.scope === "material") {
      const loaded = await loadChangesToJudge(db, mine.version.id);
      const wanted = new Set(a.clauseIds);
      const changes = (loaded?.changes ?? []).filter((ch) => wanted.has(ch.key));
      return c.html(
        <Layout title="What changed" user={user} current="/acknowledgement">
          <p>
            These clauses changed in a way that matters since you acknowledged version{" "}
            {loaded?.previous.number}. Added words are underlined, removed words struck through.
          </p>
          {changes.map((ch) => (
            <section id={`clause-${ch.key}`} class="clause">
              <h2>
                <a href={clauseHref(ch.toId ?? "")}>Clause {ch.toId}</a>
                {ch.kind === "added" ? " (new)" : ""}
              </h2>
              <p>
                {ch.segments
                  ? ch.segments.map((s) =>
                      s.op === "added" ? (
                        <ins>{s.text}</ins>
                      ) : s.op === "removed" ? (
                        <del>{s.text}</del>
                      ) : (
                        <span>{s.text}</span>
                      ),
                    )
                  : ch.toText}
              </p>
            </section>
          ))}
          <p>
            <a class="button" href="/acknowledgement/confirm">
              I have read the changes
            </a>
          </p>
        </Layout>,
      );
    }
    const sections = policy.sections.filter((s) =>
      policy.clauses.some((cl) => cl.sectionNumber === s.number),
    );
    const index = Math.min(
      Math.max(0, Number.parseInt(c.req.query("section") ?? "0", 10) || 0),
      Math.max(0, sections.length - 1),
    );
    const section = sections[index];
    const clauses = section ? policy.clauses.filter((cl) => cl.sectionNumber === section.number) : [];
    return c.html(
      <Layout
        title={section ? `${section.number} ${section.title}` : mine.version.title}
        user={user}
        current="/acknowledgement"
      >
        <p class="muted">
          Section {index + 1} of {sections.length} of {mine.version.title}, version {mine.version.number}.
        </p>
        {section?.intro ? <p>{section.intro}</p> : null}
        {clauses.map((cl) => (
          <p id={`clause-${cl.id}`}>
            <a href={clauseHref(cl.id)}>{cl.number}</a> {cl.text}
          </p>
        ))}
        <nav aria-label="Sections" class="pager">
          {index > 0 ? <a href={`/acknowledgement/read?section=${index - 1}`}>Previous section</a> : null}{" "}
          {index < sections.length - 1 ? (
            <a class="button" href={`/acknowledgement/read?section=${index + 1}`}>
              Next section
            </a>
          ) : (
            <a class="button" href="/acknowledgement/confirm">
              I have read the policy
            </a>
          )}
        </nav>
      </Layout>,
    );
  })
  .get("/acknowledgement/confirm", OWN, (c) => confirmPage(c, {}))
  .post("/acknowledgement/confirm", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const mine = await loadMyAssignment(db, user);
    const trust = await trustId(c);
    if (!mine?.assignment || !trust) return c.redirect("/acknowledgement", 303);
    const form = await c.req.parseBody({ all: true });
    const chosen: Record<string, number | undefined> = {};
    for (const [k, v] of Object.entries(form))
      if (k.startsWith("q-") && typeof v === "string" && /^\d{1,2}$/.test(v)) chosen[k.slice(2)] = Number(v);
    const result = await recordAcknowledgement({
      db,
      user,
      assignmentId: mine.assignment.id,
      trustId: trust,
      confirmed: form.confirm === "yes",
      chosen,
    });
    if (result.ok) {
      setFlash(c, "Thank you: your acknowledgement is recorded.");
      return c.redirect("/acknowledgement", 303);
    }
    if (result.reason === "not-confirmed")
      return confirmPage(c, { confirm: "Tick the box to confirm you have read it." }, chosen);
    if (result.reason === "failed-check")
      return confirmPage(c, {}, chosen, result.wrong, result.score, result.passMark);
    return c.redirect("/acknowledgement", 303);
  })
  .get("/acknowledgement/completion", SUMMARY, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const version = await loadCurrentPolicy(db);
    if (!version)
      return c.html(
        <Layout title="Acknowledgement completion" user={user}>
          <p>There is no current policy yet.</p>
        </Layout>,
      );
    const scope = schoolsWhere(user, "acknowledgement.summary");
    const today = todayIn();
    const [rows, history] = await Promise.all([
      completionBySchool(db, { versionId: version.id, scope, today }),
      completionHistory(db, { versionId: version.id, scope }),
    ]);
    const { days, bySchool } = completionSeries(history, today);
    // A line per school is readable up to about ten: beyond that, the ten furthest behind.
    const series = rows
      .filter((r) => bySchool.has(r.schoolId))
      .map((r) => ({ name: r.name, values: bySchool.get(r.schoolId)! }))
      .sort((a, b) => (a.values[a.values.length - 1] ?? 0) - (b.values[b.values.length - 1] ?? 0))
      .slice(0, CHART_SCHOOLS);
    const [round] = await db
      .select()
      .from(acknowledgementRounds)
      .where(eq(acknowledgementRounds.versionId, version.id));
    return c.html(
      <Layout title="Acknowledgement completion" user={user} current="/acknowledgement/completion" wide>
        <RegisterCsvLink user={user} table="acknowledgements" />
        <p>
          Version {version.number} of {version.title}.
        </p>
        {round?.materiality === "pending" && can(user, "acknowledgement.settings") ? (
          <p class="flash">
            <a href={`/acknowledgement/versions/${version.id}/material`}>
              Mark which changes in version {version.number} are material
            </a>
            : staff who acknowledged the previous version are waiting.
          </p>
        ) : null}
        <DataTable
          caption="By school"
          rows={rows}
          columns={[
            {
              label: "School",
              cell: (r) =>
                can(user, "acknowledgement.manage", { schoolId: r.schoolId }) ? (
                  <a href={`/acknowledgement/completion/${r.slug}`}>{r.name}</a>
                ) : (
                  r.name
                ),
            },
            { label: "Asked", numeric: true, cell: (r) => r.asked },
            { label: "Complete", numeric: true, cell: (r) => r.complete },
            { label: "Overdue", numeric: true, cell: (r) => r.overdue },
            {
              label: "Per cent",
              numeric: true,
              cell: (r) => (r.asked ? `${Math.round((r.complete / r.asked) * 100)}%` : "–"),
            },
          ]}
        />
        <h2>Completion over time</h2>
        {rows.length > CHART_SCHOOLS ? (
          <p class="muted">The {CHART_SCHOOLS} schools furthest behind; the table above has every school.</p>
        ) : null}
        <figure class="chart">
          <div role="img" aria-labelledby="chart-text">
            {raw(await completionChartSvg(days, series))}
          </div>
          <figcaption id="chart-text">{completionChartText(days, series)}</figcaption>
        </figure>
      </Layout>,
    );
  })
  .get("/acknowledgement/completion/:school", MANAGE_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const { db } = c.get("services").database;
    const version = await loadCurrentPolicy(db);
    if (!version) return notFound(c, "current policy");
    const rows = await completionForSchool(db, { versionId: version.id, schoolId: school.id });
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "acknowledgement.completion-viewed",
      subjectType: "school",
      subjectId: school.id,
      schoolId: school.id,
      detail: { people: rows.length },
    });
    const today = todayIn(school.timeZone);
    const managers = [...new Set(rows.map((r) => r.lineManager))];
    return c.html(
      <Layout
        title={`Acknowledgement at ${school.name}`}
        user={user}
        current="/acknowledgement/completion"
        wide
      >
        <p>
          Version {version.number}: {rows.filter((r) => r.status !== "open").length} of {rows.length}{" "}
          complete.{" "}
          <a href={`/acknowledgement/completion/${school.slug}/register.csv`}>Download the register (CSV)</a>
        </p>
        {managers.map((manager) => {
          const group = rows.filter((r) => r.lineManager === manager);
          return (
            <DataTable
              caption={`${manager ? `Line manager: ${manager}` : "No line manager"} (${group.filter((r) => r.status !== "open").length} of ${group.length} complete)`}
              rows={group}
              columns={[
                { label: "Name", cell: (r) => r.name },
                {
                  label: "Role",
                  cell: (r) => `${r.jobTitle}${r.employment === "volunteer" ? " (volunteer)" : ""}`,
                },
                {
                  label: "Status",
                  cell: (r) => (
                    <>
                      {statusLabels[r.status] ?? r.status}
                      {r.status === "open" && r.dueOn && r.dueOn < today ? <strong> (overdue)</strong> : null}
                      {r.onBehalf ? <span class="tag info"> Recorded on their behalf</span> : null}
                      {r.carried ? <span class="tag info"> At a previous school</span> : null}
                    </>
                  ),
                },
                { label: "Due", cell: (r) => (r.dueOn ? dayText(r.dueOn) : "") },
                {
                  label: "Acknowledged",
                  cell: (r) => (r.acknowledgedAt ? describeDay(r.acknowledgedAt, school.timeZone) : ""),
                },
                {
                  label: "Action",
                  cell: (r) =>
                    r.status === "open" && r.scope !== "pending" ? (
                      <a href={`/acknowledgement/on-behalf/${school.slug}/${r.assignmentId}`}>
                        Record on their behalf<span class="visually-hidden"> for {r.name}</span>
                      </a>
                    ) : (
                      ""
                    ),
                },
              ]}
            />
          );
        })}
        {rows.length === 0 ? <p>Nobody at {school.name} has been asked yet.</p> : null}
      </Layout>,
    );
  })
  .get("/acknowledgement/completion/:school/register.csv", MANAGE_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const { db } = c.get("services").database;
    const version = await loadCurrentPolicy(db);
    if (!version) return notFound(c, "current policy");
    const rows = await completionForSchool(db, { versionId: version.id, schoolId: school.id });
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "acknowledgement.register-exported",
      subjectType: "school",
      subjectId: school.id,
      schoolId: school.id,
      detail: { people: rows.length },
    });
    c.header("content-type", "text/csv; charset=utf-8");
    c.header(
      "content-disposition",
      `attachment; filename="acknowledgements-${school.slug}-v${version.number}.csv"`,
    );
    return c.body(registerCsv(rows));
  })
  .get("/acknowledgement/on-behalf/:school/:assignment", MANAGE_SCHOOL, (c) => onBehalfPage(c, {}))
  .post("/acknowledgement/on-behalf/:school/:assignment", MANAGE_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const id = c.req.param("assignment") ?? "";
    if (!UUID.test(id)) return notFound(c, "acknowledgement");
    const length = Number(c.req.header("content-length") ?? "0");
    if (length > MAX_FORM_BYTES + 64 * 1024)
      return onBehalfPage(c, { form: "The scanned form must be 10 MB or smaller." }, 413);
    const form = await c.req.parseBody();
    const file = form.form instanceof File && form.form.size > 0 ? form.form : null;
    const result = await recordOnBehalf({
      db: c.get("services").database.db,
      leader: user,
      assignmentId: id,
      reason: typeof form.reason === "string" ? form.reason : "",
      form: file
        ? { fileName: file.name, mimeType: file.type, bytes: Buffer.from(await file.arrayBuffer()) }
        : null,
    });
    if (!result.ok)
      return onBehalfPage(
        c,
        { [result.field === "assignment" ? "reason" : result.field]: result.message },
        400,
      );
    setFlash(c, "Recorded: the register shows it was recorded on their behalf.");
    return c.redirect(`/acknowledgement/completion/${school.slug}`, 303);
  })
  .get("/acknowledgement/versions/:id/material", SETTINGS, (c) => materialPage(c))
  .post("/acknowledgement/versions/:id/material", SETTINGS, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "policy version");
    const form = await c.req.parseBody({ all: true });
    const raw = form.material;
    const keys = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === "string",
    );
    const result = await markMaterialChanges({
      db: c.get("services").database.db,
      actor: { id: user.id, label: user.email },
      versionId: id,
      materialKeys: keys,
    });
    if (!result.ok) return materialPage(c, result.message);
    setFlash(
      c,
      result.asked === 0
        ? "Marked: nothing material changed, so nobody is asked again."
        : `Marked: ${result.asked} people will be asked to read the material changes.`,
    );
    return c.redirect("/acknowledgement/completion", 303);
  })
  .get("/acknowledgement/check-questions", SETTINGS, (c) => checkQuestionsPage(c, {}, {}))
  .post("/acknowledgement/check-questions", SETTINGS, async (c) => {
    const user = c.get("user");
    const trust = await trustId(c);
    if (!trust) return notFound(c, "trust");
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const actor = { id: user.id, label: user.email };
    const { db } = c.get("services").database;
    if (text("retire")) {
      if (!UUID.test(text("retire")) || !(await retireCheckQuestion(db, actor, trust, text("retire"))))
        return notFound(c, "check question");
      setFlash(c, "Retired the question.");
      return c.redirect("/acknowledgement/check-questions", 303);
    }
    const values = {
      clause: text("clause"),
      prompt: text("prompt"),
      choices: text("choices"),
      correct: text("correct"),
    };
    const result = await writeCheckQuestion({
      db,
      actor,
      trustId: trust,
      clauseId: values.clause,
      prompt: values.prompt,
      choices: values.choices.split(/\r?\n/),
      correct: /^\d{1,2}$/.test(values.correct.trim()) ? Number(values.correct.trim()) : Number.NaN,
    });
    if (!result.ok) return checkQuestionsPage(c, values, { [result.field]: result.message }, 400);
    setFlash(c, "Added the question.");
    return c.redirect("/acknowledgement/check-questions", 303);
  })
  .get("/acknowledgement/settings", SETTINGS, async (c) => {
    const trust = await trustId(c);
    if (!trust) return notFound(c, "trust");
    return settingsPage(c, await loadAcknowledgementSettings(c.get("services").database.db, trust), {});
  })
  .post("/acknowledgement/settings", SETTINGS, async (c) => {
    const user = c.get("user");
    const trust = await trustId(c);
    if (!trust) return notFound(c, "trust");
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string).trim() : "");
    const errors: Record<string, string> = {};
    const whole = (k: string, label: string, max: number) => {
      const v = text(k);
      if (!/^\d{1,3}$/.test(v) || Number(v) > max)
        errors[k] = `Enter ${label} as a whole number from 0 to ${max}`;
      return Number(v);
    };
    const list = (k: string, label: string) => {
      const parts = text(k)
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean);
      if (parts.some((p) => !/^\d{1,2}$/.test(p)))
        errors[k] = `Enter ${label} as school days separated by commas, like 3, 1`;
      return parts.map(Number);
    };
    const schedule: AcknowledgementSchedule = {
      dueSchoolDays: whole("dueSchoolDays", "the school days to acknowledge", 100),
      remindBefore: list("remindBefore", "the reminders before the due date"),
      remindAfter: list("remindAfter", "the reminders after the due date"),
      escalateLineManagerAfter: whole(
        "escalateLineManagerAfter",
        "the school days before telling the line manager",
        100,
      ),
      escalatePrincipalAfter: whole(
        "escalatePrincipalAfter",
        "the school days before telling the principal",
        100,
      ),
      checkEnabled: form.checkEnabled === "yes",
      passMark: whole("passMark", "the pass mark", 100),
    };
    if (Object.keys(errors).length) return settingsPage(c, schedule, errors, 400);
    const { db } = c.get("services").database;
    await db.transaction(async (tx) => {
      await saveAcknowledgementSettings(tx, trust, schedule);
      await recordAuditEvent(tx, {
        actor: { id: user.id, label: user.email },
        action: "acknowledgement.settings-saved",
        subjectType: "trust",
        subjectId: trust,
        detail: schedule,
      });
    });
    setFlash(c, "Saved the acknowledgement schedule.");
    return c.redirect("/acknowledgement/settings", 303);
  });

async function confirmPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string>,
  chosen: Record<string, number | undefined> = {},
  wrong: CheckQuestion[] = [],
  score?: number,
  passMark?: number,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const mine = await loadMyAssignment(db, user);
  const trust = await trustId(c);
  const a = mine?.assignment;
  if (!mine || !a || !trust || a.status !== "open" || a.scope === "pending")
    return c.redirect("/acknowledgement", 303);
  const check = await checkFor(db, a, trust);
  const clauseText = new Map(mine.version.parsed.clauses.map((cl) => [cl.id, cl.text]));
  return c.html(
    <Layout title="Acknowledge" user={user} current="/acknowledgement">
      <ErrorSummary errors={errors} />
      {wrong.length ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>
            You scored {score}%; the pass mark is {passMark}%
          </h2>
          <p>Read these clauses again, then answer once more:</p>
          <ul>
            {wrong.map((q) => (
              <li>
                <a href={clauseHref(q.clauseId)}>Clause {q.clauseId}</a>: {clauseText.get(q.clauseId)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/acknowledgement/confirm">
        {check.questions.length ? (
          <>
            <h2>Check your understanding</h2>
            {check.questions.map((q) => (
              <ChoiceGroup
                type="radio"
                name={`q-${q.id}`}
                legend={q.prompt}
                hint={`From clause ${q.clauseId}`}
                choices={q.choices.map((choice, i) => ({ value: String(i), label: choice }))}
                checked={chosen[q.id] !== undefined ? [String(chosen[q.id])] : []}
              />
            ))}
          </>
        ) : null}
        <ChoiceGroup
          type="checkbox"
          name="confirm"
          legend="Your acknowledgement"
          error={errors.confirm}
          choices={[
            {
              value: "yes",
              label:
                a.scope === "whole"
                  ? `I have read version ${mine.version.number} of the policy and will follow it`
                  : `I have read the changes in version ${mine.version.number} and will follow them`,
            },
          ]}
          checked={[]}
        />
        <button type="submit">Acknowledge</button>
      </form>
    </Layout>,
    wrong.length || Object.keys(errors).length ? 400 : 200,
  );
}

async function onBehalfPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string>,
  status: 200 | 400 | 413 = 200,
) {
  const user = c.get("user");
  const school = c.get("school")!;
  const id = c.req.param("assignment") ?? "";
  const { db } = c.get("services").database;
  const version = await loadCurrentPolicy(db);
  const rows =
    version && UUID.test(id)
      ? await completionForSchool(db, { versionId: version.id, schoolId: school.id })
      : [];
  const person = rows.find((r) => r.assignmentId === id);
  if (!person) return notFound(c, "acknowledgement");
  return c.html(
    <Layout
      title={`Record an acknowledgement for ${person.name}`}
      user={user}
      current="/acknowledgement/completion"
    >
      <ErrorSummary errors={errors} />
      <p>
        Use this when {person.name} has acknowledged the policy on paper or cannot sign in (for example a
        volunteer without an account). It will be shown everywhere as recorded on their behalf by you.
      </p>
      <form
        method="post"
        enctype="multipart/form-data"
        action={`/acknowledgement/on-behalf/${school.slug}/${id}`}
      >
        <TextArea
          name="reason"
          label="Why are you recording it for them?"
          error={errors.reason}
          maxLength={500}
          required
        />
        <div class={errors.form ? "field has-error" : "field"}>
          <label for="form">Scanned signed form (optional: PDF, PNG or JPEG, up to 10 MB)</label>
          {errors.form ? (
            <p class="error" id="form-error">
              {errors.form}
            </p>
          ) : null}
          <input
            type="file"
            id="form"
            name="form"
            accept=".pdf,.png,.jpg,.jpeg"
            aria-describedby={errors.form ? "form-error" : undefined}
          />
        </div>
        <button type="submit">Record the acknowledgement</button>
      </form>
    </Layout>,
    status,
  );
}

async function materialPage(c: Context<SignedInEnv>, problem?: string) {
  const user = c.get("user");
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) return notFound(c, "policy version");
  const loaded = await loadChangesToJudge(c.get("services").database.db, id);
  if (!loaded) return notFound(c, "policy version with an earlier version");
  const decided = loaded.round.materiality === "decided";
  return c.html(
    <Layout
      title={`Which changes in version ${loaded.version.number} are material?`}
      user={user}
      current="/acknowledgement/completion"
      wide
    >
      {problem ? <ErrorSummary errors={{ material: problem }} /> : null}
      <p>
        Staff who acknowledged version {loaded.previous.number} will be asked to read only the changes you
        mark as material. A typo fix or a change of layout needs nobody to read again. New staff read the
        whole policy.
      </p>
      {decided ? (
        <p>
          These changes have been marked:{" "}
          {loaded.round.materialClauseIds.length
            ? loaded.round.materialClauseIds.join(", ")
            : "none was material"}
          .
        </p>
      ) : null}
      <form method="post" action={`/acknowledgement/versions/${id}/material`}>
        <ChoiceGroup
          type="checkbox"
          name="material"
          legend="Material changes"
          choices={loaded.changes.map((ch) => ({
            value: ch.key,
            label: (
              <>
                <strong>
                  {ch.kind === "removed"
                    ? `Removed ${ch.fromId}`
                    : ch.kind === "added"
                      ? `New ${ch.toId}`
                      : `Clause ${ch.toId}${ch.fromId !== ch.toId ? ` (was ${ch.fromId})` : ""}`}
                </strong>
                :{" "}
                {ch.segments
                  ? ch.segments.map((s) =>
                      s.op === "added" ? (
                        <ins>{s.text}</ins>
                      ) : s.op === "removed" ? (
                        <del>{s.text}</del>
                      ) : (
                        <span>{s.text}</span>
                      ),
                    )
                  : (ch.toText ?? ch.fromText)}
              </>
            ),
          }))}
          checked={loaded.round.materialClauseIds}
        />
        {decided ? null : <button type="submit">Save and ask staff</button>}
      </form>
    </Layout>,
  );
}

function settingsPage(
  c: Context<SignedInEnv>,
  s: AcknowledgementSchedule,
  errors: Record<string, string>,
  status: 200 | 400 = 200,
) {
  return c.html(
    <Layout title="Acknowledgement schedule" user={c.get("user")}>
      <ErrorSummary errors={errors} />
      <p>All counts are in school days, from each school's term dates and closures.</p>
      <form method="post" action="/acknowledgement/settings">
        <Field
          name="dueSchoolDays"
          label="School days to acknowledge a new version"
          value={String(s.dueSchoolDays)}
          error={errors.dueSchoolDays}
        />
        <Field
          name="remindBefore"
          label="Reminders, school days before the due date"
          hint="Separated by commas, like 5, 2"
          value={s.remindBefore.join(", ")}
          error={errors.remindBefore}
        />
        <Field
          name="remindAfter"
          label="Reminders, school days after the due date"
          value={s.remindAfter.join(", ")}
          error={errors.remindAfter}
        />
        <Field
          name="escalateLineManagerAfter"
          label="Tell the line manager, school days after the due date"
          value={String(s.escalateLineManagerAfter)}
          error={errors.escalateLineManagerAfter}
        />
        <Field
          name="escalatePrincipalAfter"
          label="Tell the principal, school days after the due date"
          value={String(s.escalatePrincipalAfter)}
          error={errors.escalatePrincipalAfter}
        />
        <ChoiceGroup
          type="checkbox"
          name="checkEnabled"
          legend="Check of understanding"
          choices={[{ value: "yes", label: "Ask check questions before acknowledging" }]}
          checked={s.checkEnabled ? ["yes"] : []}
        />
        <Field
          name="passMark"
          label="Pass mark (per cent)"
          value={String(s.passMark)}
          error={errors.passMark}
        />
        <button type="submit">Save</button>
      </form>
    </Layout>,
    status,
  );
}

async function checkQuestionsPage(
  c: Context<SignedInEnv>,
  values: { clause?: string; prompt?: string; choices?: string; correct?: string },
  errors: Record<string, string>,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const trust = await trustId(c);
  const version = await loadCurrentPolicy(db);
  const current = trust && version ? await loadCheckQuestions(db, trust, version.parsed) : [];
  const own = current.filter((q) => !q.id.startsWith("default-"));
  return c.html(
    <Layout title="Check of understanding" user={user}>
      <ErrorSummary errors={errors} />
      <p>
        {own.length
          ? "Staff are asked the trust's own questions below, for the clauses they read."
          : "Staff are asked the default questions below, found in your policy by their wording. Once you add a question of your own, your questions replace the defaults."}
      </p>
      <DataTable
        caption="Questions asked now"
        rows={current}
        empty="No questions: staff acknowledge without a check."
        columns={[
          { label: "Clause", cell: (q) => <a href={clauseHref(q.clauseId)}>{q.clauseId}</a> },
          { label: "Question", cell: (q) => q.prompt },
          { label: "Right answer", cell: (q) => q.choices[q.correct] ?? "" },
          {
            label: "Action",
            cell: (q) =>
              q.id.startsWith("default-") ? (
                "Default"
              ) : (
                <form method="post" action="/acknowledgement/check-questions">
                  <input type="hidden" name="retire" value={q.id} />
                  <button type="submit" class="secondary">
                    Retire<span class="visually-hidden"> the question on clause {q.clauseId}</span>
                  </button>
                </form>
              ),
          },
        ]}
      />
      <h2>Add a question</h2>
      <form method="post" action="/acknowledgement/check-questions">
        <Field
          name="clause"
          label="Clause it checks (the number, e.g. 8.3)"
          value={values.clause}
          error={errors.clause}
        />
        <Field name="prompt" label="Question" value={values.prompt} error={errors.prompt} />
        <TextArea
          name="choices"
          label="Answers, one a line"
          value={values.choices}
          error={errors.choices}
          maxLength={2000}
        />
        <Field
          name="correct"
          label="Which answer is right (its line number)"
          value={values.correct}
          error={errors.correct}
        />
        <button type="submit">Add the question</button>
      </form>
    </Layout>,
    status,
  );
}
