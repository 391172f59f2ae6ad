/** @jsxImportSource hono/jsx */
// Concerns and cases. Every case route asks caseAccess about the one record first (through the use
// case), then requires a step-up within 15 minutes; the report form works without JavaScript on a
// phone (plain fields, radios, a datalist for the roster).
import type { Context } from "hono";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { schoolsOfUser } from "../core/people/schools-of-user";
import { findSchoolLeaders } from "../core/people/find-school-leaders";
import { findStaffSchool } from "../core/people/find-staff-school";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can } from "../platform/auth/permissions";
import { hasRecentStepUp } from "../platform/auth/step-up";
import { ChoiceGroup, DataTable, Select, TextArea } from "../platform/web/components";
import { setFlash } from "../platform/web/flash";
import { forbidden, notFound, Routes, type SignedInEnv } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { addCaseEntry, ENTRY_KINDS } from "./add-case-entry";
import { loadCaseAccess } from "./case-access";
import {
  CATEGORY_LABELS,
  CONCERN_KINDS,
  type ConcernKind,
  HARM_QUESTIONS,
  KIND_LABELS,
  OUTCOMES,
  REFERRAL_LABELS,
  SANCTION_LABELS,
  SANCTIONS,
} from "./concern-kinds";
import { grantCaseAccess } from "./grant-case-access";
import { listCaseSummaries, lowLevelPatterns, numbersBySchool } from "./list-cases";
import { openCaseDocument } from "./open-case-document";
import { recordExternalReference, EXTERNAL_SYSTEMS } from "./record-external-reference";
import { recordOutcome } from "./record-outcome";
import { MAX_FILE_BYTES, MAX_FILES, MAX_TEXT, reportConcern, type ReportFile } from "./report-concern";
import { listSchoolPupilsAndParents, listSchoolStaff } from "./roster";
import { loadConcernSettings, type ConcernSettings } from "./load-concern-settings";
import { saveConcernSettings } from "./save-concern-settings";
import { storeCaseDocument } from "./store-case-document";
import { viewCase, type CaseDetail } from "./view-case";
import { formatInstant } from "../platform/format-date";
import { RegisterCsvLink } from "../platform/web/register-csv-link";

type C = Context<SignedInEnv>;
type Form = Record<string, string | File | (string | File)[]>;
const one = (form: Form, key: string): string => {
  const v = form[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
};
const many = (form: Form, key: string): string[] => {
  const v = form[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === "string",
  );
};
const fmt = (d: Date | string | null) => formatInstant(d);

async function reportSchools(c: C) {
  const { db } = c.get("services").database;
  const user = c.get("user");
  const mine = await findStaffSchool({ db, user });
  const all = await schoolsOfUser(db, user);
  return { mine, all };
}

async function ReportPage(props: {
  c: C;
  values?: Record<string, string | string[]>;
  errors?: Record<string, string>;
  schoolId?: string;
}) {
  const { c } = props;
  const v = props.values ?? {};
  const errors = props.errors ?? {};
  const { db } = c.get("services").database;
  const { mine, all } = await reportSchools(c);
  const schoolId = props.schoolId || (typeof v.school === "string" ? v.school : "") || mine?.id || all[0]?.id;
  const school = all.find((s) => s.id === schoolId);
  const today = calendarDateAt(new Date(), school?.timeZone ?? defaultTimeZone);
  const roster = school ? await listSchoolStaff(db, school.id, today) : [];
  const people = school ? await listSchoolPupilsAndParents(db, school.id) : [];
  const val = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  const vals = (k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : v[k] ? [v[k] as string] : []);
  return (
    <Layout title="Report a concern" user={c.get("user")} current="/concerns">
      <ErrorSummary errors={errors} />
      <p>
        If a child is in immediate danger, call 999 first, then tell your designated safeguarding lead in
        person. This form goes only to the people who handle this kind of concern.
      </p>
      <form method="post" action="/concerns" enctype="multipart/form-data" class="stack" novalidate>
        {all.length > 1 ? (
          <Select
            name="school"
            label="School"
            value={school?.id ?? ""}
            options={all.map((s) => ({ value: s.id, label: s.name }))}
            error={errors.school}
          />
        ) : (
          <input type="hidden" name="school" value={school?.id ?? ""} />
        )}
        <ChoiceGroup
          type="radio"
          name="kind"
          legend="What is it about?"
          checked={[val("kind")]}
          error={errors.kind}
          choices={CONCERN_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        />
        <fieldset>
          <legend>If it is about a member of staff's conduct</legend>
          <p class="hint">Keeping Children Safe in Education asks these four questions. Answer each.</p>
          {HARM_QUESTIONS.map((q) => (
            <ChoiceGroup
              type="radio"
              name={`harm-${q.key}`}
              legend={q.text}
              checked={[val(`harm-${q.key}`)]}
              error={errors[`harm-${q.key}`]}
              choices={[
                { value: "yes", label: "Yes" },
                { value: "no", label: "No" },
              ]}
            />
          ))}
          <ChoiceGroup
            type="checkbox"
            name="selfReport"
            legend="Self-report"
            checked={vals("selfReport")}
            error={errors.selfReport}
            choices={[{ value: "yes", label: "It is about me (you may self-report a low-level concern)" }]}
          />
        </fieldset>
        <Select
          name="subjectStaffId"
          label="The member of staff it is about (if any)"
          value={val("subjectStaffId")}
          error={errors.subjectStaffId}
          options={[
            { value: "", label: "Nobody on the staff" },
            ...roster.map((s) => ({ value: s.id, label: `${s.name}, ${s.jobTitle}` })),
          ]}
        />
        <TextArea
          name="whatHappened"
          label="What did you see or were you told?"
          hint="In your own words: what, who said it, and when. Do not investigate yourself."
          value={val("whatHappened")}
          error={errors.whatHappened}
          maxLength={MAX_TEXT}
        />
        <Field
          name="platform"
          label="Where: platform or app (optional)"
          value={val("platform")}
          error={errors.platform}
        />
        <Field name="link" label="Link (optional)" type="url" value={val("link")} error={errors.link} />
        <Field
          name="seenOn"
          label="Date it happened or you saw it (optional)"
          type="date"
          value={val("seenOn")}
          error={errors.seenOn}
        />
        <div class={errors.involvedStaffIds ? "field has-error" : "field"}>
          <label for="involvedStaffIds">Other staff involved (optional)</label>
          {errors.involvedStaffIds ? (
            <p class="error" id="involvedStaffIds-error">
              {errors.involvedStaffIds}
            </p>
          ) : null}
          <select id="involvedStaffIds" name="involvedStaffIds" multiple size={4}>
            {roster.map((s) => (
              <option value={s.id} selected={vals("involvedStaffIds").includes(s.id)}>
                {s.name}, {s.jobTitle}
              </option>
            ))}
          </select>
        </div>
        <datalist id="roster-people">
          {people.map((p) => (
            <option value={p.label} />
          ))}
        </datalist>
        {[1, 2, 3].map((n) => (
          <div class={n === 1 && errors.involvedOthers ? "field has-error" : "field"}>
            <label for={`involved${n}`}>Pupil, parent or other person involved {n} (optional)</label>
            {n === 1 ? (
              <p class="hint" id="involved1-hint">
                Start typing a name to pick from the roll, or describe them.
              </p>
            ) : null}
            {n === 1 && errors.involvedOthers ? (
              <p class="error" id="involvedOthers">
                {errors.involvedOthers}
              </p>
            ) : null}
            <input
              id={`involved${n}`}
              name="involved"
              list="roster-people"
              value={vals("involved")[n - 1] ?? ""}
              aria-describedby={n === 1 ? "involved1-hint" : undefined}
            />
          </div>
        ))}
        <TextArea
          name="supportOffered"
          label="Support offered to the member of staff (abuse of staff only, optional)"
          value={val("supportOffered")}
          maxLength={MAX_TEXT}
        />
        <div class={errors.files ? "field has-error" : "field"}>
          <label for="files">Files (optional)</label>
          <p class="hint" id="files-hint">
            Screenshots (PNG, JPEG, GIF, WebP, HEIC), PDF or plain text; up to {MAX_FILES} files of{" "}
            {MAX_FILE_BYTES / 1024 / 1024} MB.
          </p>
          {errors.files ? (
            <p class="error" id="files-error">
              {errors.files}
            </p>
          ) : null}
          <input
            id="files"
            name="files"
            type="file"
            multiple
            aria-describedby={errors.files ? "files-hint files-error" : "files-hint"}
          />
        </div>
        <button type="submit">Send the concern</button>
      </form>
    </Layout>
  );
}

async function requireStepUp(c: C, path: string) {
  const user = c.get("user");
  if (await hasRecentStepUp(c.get("services").database.db, user.sessionId)) return null;
  return c.redirect(`/step-up?next=${encodeURIComponent(path)}`, 303);
}

function refuse(c: C, status: number) {
  return status === 404 ? notFound(c, "case") : forbidden(c, "You do not have access to this case.");
}

function CasePage(props: { c: C; d: CaseDetail; errors?: Record<string, string> }) {
  const { d } = props;
  const k = d.concern;
  const errors = props.errors ?? {};
  const byId = new Map(d.entries.map((e) => [e.id, e]));
  return (
    <Layout title={`Case: ${CATEGORY_LABELS[k.category]}`} user={props.c.get("user")} wide>
      <ErrorSummary errors={errors} />
      <dl class="summary">
        <dt>Status</dt>
        <dd>{k.status === "open" ? "Open" : `Closed (${k.outcome ?? ""})`}</dd>
        <dt>Reported</dt>
        <dd>{fmt(k.createdAt)}</dd>
        {k.ladoConsultBy ? (
          <>
            <dt>Consult the LADO by</dt>
            <dd>{k.ladoConsultBy}</dd>
          </>
        ) : null}
        {k.startBy ? (
          <>
            <dt>First action by</dt>
            <dd>{k.startBy}</dd>
          </>
        ) : null}
        {k.finishBy ? (
          <>
            <dt>Outcome by</dt>
            <dd>{k.finishBy}</dd>
          </>
        ) : null}
        {k.externalSystem ? (
          <>
            <dt>Recorded in</dt>
            <dd>
              {k.externalSystem}, reference {k.externalReference}
            </dd>
          </>
        ) : null}
        <dt>Where</dt>
        <dd>
          {[k.platform, k.seenOn].filter(Boolean).join(", ") || "Not given"}
          {k.link ? (
            <>
              {" "}
              <a href={k.link} rel="noopener noreferrer nofollow">
                {k.link}
              </a>
            </>
          ) : null}
        </dd>
      </dl>
      <h2>What was seen or told</h2>
      <p class="prewrap" id="what-happened">
        {k.whatHappened}
      </p>
      <h2>Who it involves</h2>
      <ul>{d.people.length ? d.people.map((p) => <li>{p.description}</li>) : <li>Nobody named</li>}</ul>
      <h2>Chronology</h2>
      <ol class="chronology">
        {d.entries.map((e) => (
          <li id={`entry-${e.id}`}>
            <p>
              <strong>{e.kind}</strong> · {fmt(e.at)} · {e.authorLabel}
              {e.correctsId ? (
                <>
                  {" "}
                  · corrects{" "}
                  <a href={`#entry-${e.correctsId}`}>
                    the {byId.get(e.correctsId)?.kind ?? ""} entry of{" "}
                    {fmt(byId.get(e.correctsId)?.at ?? null)}
                  </a>
                </>
              ) : null}
            </p>
            <p class="prewrap">{e.text}</p>
            {e.reason ? <p>Reason: {e.reason}</p> : null}
            {e.referralTo ? (
              <p>
                Referral: {REFERRAL_LABELS[e.referralTo]} on {e.referralDate}
                {e.referralReference ? `, reference ${e.referralReference}` : ""}
              </p>
            ) : null}
            {e.documentId ? (
              <a href={`/concerns/${k.id}/documents/${e.documentId}`}>Download the file</a>
            ) : null}
          </li>
        ))}
      </ol>
      {k.status === "open" ? (
        <>
          <h2>Add to the chronology</h2>
          <form method="post" action={`/concerns/${k.id}/entries`} class="stack" novalidate>
            <Select
              name="kind"
              label="Kind of entry"
              value="note"
              error={errors.kind}
              options={ENTRY_KINDS.map((e) => ({ value: e, label: e }))}
            />
            <TextArea name="text" label="Entry" error={errors.text} maxLength={MAX_TEXT} />
            <Field name="reason" label="Reason (decisions)" error={errors.reason} />
            <Select
              name="referralTo"
              label="Referred to (referrals)"
              value=""
              error={errors.referralTo}
              options={[
                { value: "", label: "Not a referral" },
                ...Object.entries(REFERRAL_LABELS).map(([value, label]) => ({ value, label })),
              ]}
            />
            <Field name="referralDate" label="Date of the referral" type="date" error={errors.referralDate} />
            <Field name="referralReference" label="Their reference" />
            <Select
              name="correctsId"
              label="Entry it corrects (corrections)"
              value=""
              error={errors.correctsId}
              options={[
                { value: "", label: "Not a correction" },
                ...d.entries.map((e) => ({ value: e.id, label: `${e.kind}, ${fmt(e.at)}` })),
              ]}
            />
            <button type="submit">Add the entry</button>
          </form>
          <h2>Keep a file with the case</h2>
          <form
            method="post"
            action={`/concerns/${k.id}/documents`}
            enctype="multipart/form-data"
            class="stack"
          >
            <div class="field">
              <label for="file">File</label>
              <input id="file" name="file" type="file" />
            </div>
            <button type="submit">Keep the file</button>
          </form>
          <h2>Add someone to the case</h2>
          <form method="post" action={`/concerns/${k.id}/access`} class="stack" novalidate>
            <Field name="email" label="Their work email" type="email" error={errors.email} />
            <ChoiceGroup
              type="checkbox"
              name="investigator"
              legend="Role"
              checked={[]}
              choices={[{ value: "yes", label: "Appoint as investigator" }]}
            />
            <button type="submit">Add them</button>
          </form>
          <h2>Recorded in CPOMS or MyConcern</h2>
          <form method="post" action={`/concerns/${k.id}/external`} class="stack" novalidate>
            <Select
              name="system"
              label="System"
              value="CPOMS"
              options={EXTERNAL_SYSTEMS.map((s) => ({ value: s, label: s }))}
            />
            <Field name="reference" label="Reference there" error={errors.reference} />
            <button type="submit">Mark as recorded there</button>
          </form>
          <h2>Outcome</h2>
          <form method="post" action={`/concerns/${k.id}/outcome`} class="stack" novalidate>
            {k.category === "allegation" ? (
              <>
                <Select
                  name="outcome"
                  label="Outcome (KCSIE)"
                  value=""
                  error={errors.outcome}
                  options={[{ value: "", label: "Choose" }, ...OUTCOMES.map((o) => ({ value: o, label: o }))]}
                />
                <Select
                  name="sanction"
                  label="Sanction under section 11 (recorded, not executed)"
                  value=""
                  error={errors.sanction}
                  options={[
                    { value: "", label: "None" },
                    ...SANCTIONS.map((s) => ({ value: s, label: SANCTION_LABELS[s] })),
                  ]}
                />
                <Field name="clauses" label="Clauses breached (e.g. 8.3.1, 6.1)" error={errors.clauses} />
                <Field
                  name="subjectBirthYear"
                  label="Year of birth of the member of staff (for retention, optional)"
                  error={errors.subjectBirthYear}
                />
              </>
            ) : null}
            <TextArea
              name="summary"
              label="Summary of the outcome"
              error={errors.summary}
              maxLength={MAX_TEXT}
            />
            <button type="submit">Record the outcome and close</button>
          </form>
        </>
      ) : null}
      <h2>Who can see this case</h2>
      <ul>
        {d.access.map((a) => (
          <li>
            {a.name} ({a.reason})
          </li>
        ))}
      </ul>
      <DataTable
        caption="Views of this case"
        rows={d.views}
        columns={[
          { label: "When", cell: (r) => fmt(r.at) },
          { label: "Who", cell: (r) => r.who },
          {
            label: "What",
            cell: (r) =>
              r.action === "concern.viewed"
                ? "Opened the case"
                : r.action === "concern.view-refused"
                  ? "Was refused"
                  : "Downloaded a file",
          },
        ]}
      />
    </Layout>
  );
}

async function showCase(c: C, id: string, errors?: Record<string, string>, status: 200 | 400 = 200) {
  const { db } = c.get("services").database;
  const result = await viewCase(db, c.get("user"), id);
  if (!result.ok) return refuse(c, result.status);
  return c.html(<CasePage c={c} d={result.detail} errors={errors} />, status);
}

/** Access first (404/403 without a step-up prompt), then the step-up. */
async function gate(c: C, id: string) {
  const found = await loadCaseAccess(c.get("services").database.db, c.get("user"), id);
  if (!found) return { response: notFound(c, "case") };
  if (found.access.level !== "full")
    return { response: forbidden(c, "You do not have access to this case."), found };
  const step = await requireStepUp(c, `/concerns/${id}`);
  if (step) return { response: step };
  return { found };
}

type SchoolLeaders = { id: string; name: string; leaders: { id: string; name: string }[] }[];

async function schoolLeaderChoices(c: C): Promise<SchoolLeaders> {
  const { db } = c.get("services").database;
  const all = await schoolsOfUser(db, c.get("user"));
  const out: SchoolLeaders = [];
  for (const school of all) {
    const leaders = await findSchoolLeaders({
      db,
      schoolId: school.id,
      roles: ["principal", "senior-leader", "dsl"],
    });
    out.push({ id: school.id, name: school.name, leaders: leaders.map((l) => ({ id: l.id, name: l.name })) });
  }
  return out;
}

function SettingsPage(props: {
  c: C;
  s: ConcernSettings;
  schools: SchoolLeaders;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}) {
  const v = (k: keyof ConcernSettings) => props.values?.[k] ?? String(props.s[k] ?? "");
  const e = props.errors ?? {};
  return (
    <Layout title="Settings for concerns and cases" user={props.c.get("user")}>
      <ErrorSummary errors={e} />
      <form method="post" action="/concerns/settings" class="stack" novalidate>
        <ChoiceGroup
          type="radio"
          name="principalCaseManager"
          legend="Who manages an allegation about a principal (KCSIE Part 4)"
          checked={[v("principalCaseManager")]}
          choices={[
            { value: "chair", label: "The chair of governors" },
            { value: "chief-executive", label: "The trust's chief executive" },
          ]}
        />
        <Field name="chairName" label="Chair of governors: name" value={v("chairName")} />
        <Field
          name="chairEmail"
          label="Chair of governors: email"
          type="email"
          value={v("chairEmail")}
          error={e.chairEmail}
        />
        <Field name="chiefExecutiveName" label="Chief executive: name" value={v("chiefExecutiveName")} />
        <Field
          name="chiefExecutiveEmail"
          label="Chief executive: email"
          type="email"
          value={v("chiefExecutiveEmail")}
          error={e.chiefExecutiveEmail}
        />
        <Field
          name="startWithinSchoolDays"
          label="School days to a first action on a case"
          value={v("startWithinSchoolDays")}
          error={e.startWithinSchoolDays}
        />
        <Field
          name="finishWithinSchoolDays"
          label="School days to an outcome"
          value={v("finishWithinSchoolDays")}
          error={e.finishWithinSchoolDays}
        />
        <Field
          name="normalRetirementAge"
          label="Normal retirement age (retention of allegations)"
          value={v("normalRetirementAge")}
          error={e.normalRetirementAge}
        />
        <h2>Low-level concerns</h2>
        <p class="hint">
          Who receives low-level concerns at each school; the principal unless you name someone.
        </p>
        {props.schools.map((school) => (
          <Select
            name={`lowLevel-${school.id}`}
            label={school.name}
            value={props.values?.[`lowLevel-${school.id}`] ?? props.s.lowLevelRecipients[school.id] ?? ""}
            error={props.errors?.[`lowLevel-${school.id}`]}
            options={[
              { value: "", label: "The principal" },
              ...school.leaders.map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
        ))}
        <button type="submit">Save</button>
      </form>
    </Layout>
  );
}

export const concernRoutes = new Routes()
  .get("/concerns/settings", { action: "concerns.settings" }, async (c) =>
    c.html(
      <SettingsPage
        c={c}
        s={await loadConcernSettings(c.get("services").database.db)}
        schools={await schoolLeaderChoices(c)}
      />,
    ),
  )
  .post("/concerns/settings", { action: "concerns.settings" }, async (c) => {
    const { db } = c.get("services").database;
    const body = await c.req.parseBody();
    const form: Record<string, string> = {};
    for (const [k, val] of Object.entries(body)) if (typeof val === "string") form[k] = val;
    const current = await loadConcernSettings(db);
    const schools = await schoolLeaderChoices(c);
    const lowLevel: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const school of schools) {
      const chosen = form[`lowLevel-${school.id}`] ?? "";
      if (!chosen) continue;
      if (school.leaders.some((l) => l.id === chosen)) lowLevel[school.id] = chosen;
      else errors[`lowLevel-${school.id}`] = `Choose a leader of ${school.name} from the list.`;
    }
    const result =
      Object.keys(errors).length > 0
        ? ({ ok: false, errors } as const)
        : await saveConcernSettings(db, c.get("user"), form, { ...current, lowLevelRecipients: lowLevel });
    if (!result.ok)
      return c.html(
        <SettingsPage c={c} s={current} schools={schools} values={form} errors={result.errors} />,
        400,
      );
    setFlash(c, "Settings saved.");
    return c.redirect("/concerns/settings", 303);
  })
  .get("/concerns", { action: "concerns.report" }, async (c) => {
    const { db } = c.get("services").database;
    const user = c.get("user");
    const { cases, reported } = await listCaseSummaries(db, user);
    return c.html(
      <Layout title="Concerns" user={user} current="/concerns">
        <p>
          <a class="button" href="/concerns/new">
            Report a concern
          </a>
        </p>
        <DataTable
          caption="Cases you hold"
          rows={cases}
          empty="No cases have been routed to you."
          columns={[
            { label: "Case", cell: (r) => <a href={`/concerns/${r.id}`}>{CATEGORY_LABELS[r.category]}</a> },
            { label: "School", cell: (r) => r.schoolName },
            { label: "Status", cell: (r) => r.status },
            { label: "Reported", cell: (r) => fmt(r.createdAt) },
          ]}
        />
        <DataTable
          caption="Concerns you reported"
          rows={reported}
          empty="You have not reported a concern."
          columns={[
            {
              label: "Concern",
              cell: (r) => <a href={`/concerns/${r.id}`}>{CATEGORY_LABELS[r.category]}</a>,
            },
            { label: "Received", cell: (r) => fmt(r.createdAt) },
            { label: "Sent to", cell: (r) => r.routedToRole },
          ]}
        />
        {can(user, "concerns.numbers") ? (
          <p>
            <a href="/concerns/overview">Numbers by school</a>
          </p>
        ) : null}
      </Layout>,
    );
  })
  .get("/concerns/new", { action: "concerns.report" }, async (c) => c.html(await ReportPage({ c })))
  .post("/concerns", { action: "concerns.report" }, async (c) => {
    const services = c.get("services");
    const { db } = services.database;
    const user = c.get("user");
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > MAX_FILES * MAX_FILE_BYTES + 256 * 1024)
      return c.html(
        await ReportPage({ c, errors: { files: "The files are larger than the form takes." } }),
        413,
      );
    const form = (await c.req.parseBody({ all: true })) as Form;
    const values: Record<string, string | string[]> = {};
    for (const key of [
      "school",
      "kind",
      "subjectStaffId",
      "whatHappened",
      "platform",
      "link",
      "seenOn",
      "supportOffered",
      ...HARM_QUESTIONS.map((q) => `harm-${q.key}`),
    ])
      values[key] = one(form, key);
    values.selfReport = many(form, "selfReport");
    values.involvedStaffIds = many(form, "involvedStaffIds");
    values.involved = many(form, "involved");
    const { all } = await reportSchools(c);
    const school = all.find((s) => s.id === values.school);
    if (!school)
      return c.html(await ReportPage({ c, values, errors: { school: "Choose your school." } }), 400);
    const kind = values.kind as ConcernKind;
    if (!CONCERN_KINDS.includes(kind))
      return c.html(
        await ReportPage({ c, values, errors: { kind: "Choose what the concern is about." } }),
        400,
      );
    const rawFiles = (Array.isArray(form.files) ? form.files : form.files ? [form.files] : []).filter(
      (f): f is File => f instanceof File && f.size > 0,
    );
    if (rawFiles.some((f) => f.size > MAX_FILE_BYTES))
      return c.html(
        await ReportPage({
          c,
          values,
          errors: { files: `Each file must be ${MAX_FILE_BYTES / 1024 / 1024} MB or smaller.` },
        }),
        400,
      );
    const files: ReportFile[] = [];
    for (const f of rawFiles)
      files.push({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) });
    const harmAnswers: Record<string, "yes" | "no"> = {};
    for (const q of HARM_QUESTIONS) {
      const a = one(form, `harm-${q.key}`);
      if (a === "yes" || a === "no") harmAnswers[q.key] = a;
    }
    const result = await reportConcern({
      db,
      baseUrl: services.config.baseUrl,
      reporter: { id: user.id, email: user.email, name: user.name, staffId: user.staffId },
      school,
      kind,
      harmAnswers,
      selfReport: many(form, "selfReport").includes("yes"),
      subjectStaffId: one(form, "subjectStaffId") || null,
      involvedStaffIds: many(form, "involvedStaffIds").filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
      involvedOthers: many(form, "involved"),
      whatHappened: one(form, "whatHappened"),
      platform: one(form, "platform"),
      link: one(form, "link"),
      seenOn: one(form, "seenOn"),
      supportOffered: one(form, "supportOffered"),
      files,
    });
    if (!result.ok)
      return c.html(await ReportPage({ c, values, errors: result.errors, schoolId: school.id }), 400);
    services.mailer.deliverSoon();
    setFlash(c, `Your concern was received and sent to the ${result.routedToRole}.`);
    return c.redirect(`/concerns/${result.concernId}`, 303);
  })
  .get("/concerns/overview", { action: "concerns.numbers" }, async (c) => {
    const { db } = c.get("services").database;
    const user = c.get("user");
    const rows = await numbersBySchool(db, user);
    return c.html(
      <Layout title="Concerns: numbers by school" user={user} wide>
        <RegisterCsvLink user={user} table="cases" />
        <p>Numbers only: no names, no details.</p>
        <DataTable
          caption="Concerns by school"
          rows={rows}
          columns={[
            { label: "School", cell: (r) => r.schoolName },
            { label: "Open", numeric: true, cell: (r) => r.open },
            { label: "Closed", numeric: true, cell: (r) => r.closed },
            { label: "Allegations", numeric: true, cell: (r) => r.allegation },
            { label: "Low-level", numeric: true, cell: (r) => r.lowLevel },
            { label: "Safeguarding", numeric: true, cell: (r) => r.safeguarding },
            {
              label: "Median hours to first action",
              numeric: true,
              cell: (r) => r.medianHoursToFirstAction ?? "–",
            },
            {
              label: "Outcomes by clause",
              cell: (r) =>
                Object.entries(r.byClause)
                  .map(([k, n]) => `${k}: ${n}`)
                  .join(", ") || "–",
            },
          ]}
        />
      </Layout>,
    );
  })
  .get("/concerns/patterns", { action: "concerns.patterns" }, async (c) => {
    const { db } = c.get("services").database;
    const user = c.get("user");
    const rows = await lowLevelPatterns(db, user);
    return c.html(
      <Layout title="Low-level concern patterns" user={user}>
        <p>
          Members of staff of your school with more than one low-level concern across the trust's schools.
        </p>
        <DataTable
          caption="Patterns"
          rows={rows}
          empty="No member of staff of your school has more than one low-level concern."
          columns={[
            { label: "Member of staff", cell: (r) => r.name },
            { label: "Low-level concerns", numeric: true, cell: (r) => r.count },
            { label: "Schools", numeric: true, cell: (r) => r.schools },
          ]}
        />
      </Layout>,
    );
  })
  .get("/concerns/:id", { action: "concerns.report" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const { db } = c.get("services").database;
    const user = c.get("user");
    const found = await loadCaseAccess(db, user, id);
    if (!found) return notFound(c, "case");
    if (found.access.level === "receipt") {
      return c.html(
        <Layout title="Your concern was received" user={user}>
          <p>
            Received on {fmt(found.concern.createdAt)} and sent to the {found.concern.routedToRole}. What
            happens next is kept to those who handle it.
          </p>
          <p>
            <a href="/concerns">Back to concerns</a>
          </p>
        </Layout>,
      );
    }
    if (found.access.level !== "full" || !can(user, "concerns.cases")) {
      // A refused look is kept too: the case's handlers see who tried.
      await recordAuditEvent(db, {
        actor: { id: user.id, label: user.email },
        action: "concern.view-refused",
        subjectType: "concern",
        subjectId: found.concern.id,
        schoolId: found.concern.schoolId,
        detail: { reason: found.access.level === "none" ? found.access.reason : "role" },
      });
      return forbidden(c, "You do not have access to this case.");
    }
    const step = await requireStepUp(c, `/concerns/${id}`);
    if (step) return step;
    return showCase(c, id);
  })
  .post("/concerns/:id/entries", { action: "concerns.cases" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const g = await gate(c, id);
    if (g.response) return g.response;
    const form = (await c.req.parseBody()) as Form;
    const result = await addCaseEntry(c.get("services").database.db, c.get("user"), id, {
      kind: one(form, "kind"),
      text: one(form, "text"),
      reason: one(form, "reason"),
      referralTo: one(form, "referralTo"),
      referralDate: one(form, "referralDate"),
      referralReference: one(form, "referralReference"),
      correctsId: one(form, "correctsId") || undefined,
    });
    if (!result.ok)
      return result.status === 400 ? showCase(c, id, result.errors, 400) : refuse(c, result.status);
    setFlash(c, "Entry added to the chronology.");
    return c.redirect(`/concerns/${id}`, 303);
  })
  .post("/concerns/:id/access", { action: "concerns.cases" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const g = await gate(c, id);
    if (g.response) return g.response;
    const form = (await c.req.parseBody({ all: true })) as Form;
    const services = c.get("services");
    const result = await grantCaseAccess(services.database.db, services.config.baseUrl, c.get("user"), id, {
      email: one(form, "email"),
      asInvestigator: many(form, "investigator").includes("yes"),
    });
    if (!result.ok)
      return result.status === 400 ? showCase(c, id, result.errors, 400) : refuse(c, result.status);
    services.mailer.deliverSoon();
    setFlash(c, `${result.name} can now see the case.`);
    return c.redirect(`/concerns/${id}`, 303);
  })
  .post("/concerns/:id/documents", { action: "concerns.cases" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const g = await gate(c, id);
    if (g.response) return g.response;
    if (Number(c.req.header("content-length") ?? "0") > MAX_FILE_BYTES + 64 * 1024)
      return showCase(c, id, { file: "The file is larger than 10 MB." }, 400);
    const form = (await c.req.parseBody()) as Form;
    const f = form.file instanceof File && form.file.size > 0 ? form.file : null;
    const result = await storeCaseDocument(
      c.get("services").database.db,
      c.get("user"),
      id,
      f ? { name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) } : null,
    );
    if (!result.ok)
      return result.status === 400 ? showCase(c, id, result.errors, 400) : refuse(c, result.status);
    setFlash(c, "File kept with the case.");
    return c.redirect(`/concerns/${id}`, 303);
  })
  .get("/concerns/:id/documents/:doc", { action: "concerns.cases" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const g = await gate(c, id);
    if (g.response) return g.response;
    const result = await openCaseDocument(
      c.get("services").database.db,
      c.get("user"),
      id,
      c.req.param("doc") ?? "",
    );
    if (!result.ok) return refuse(c, result.status);
    const { doc } = result;
    return new Response(new Uint8Array(doc.content), {
      headers: {
        "content-type": doc.mediaType,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
        "cache-control": "no-store",
      },
    });
  })
  .post("/concerns/:id/outcome", { action: "concerns.cases" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const g = await gate(c, id);
    if (g.response) return g.response;
    const form = (await c.req.parseBody()) as Form;
    const result = await recordOutcome(c.get("services").database.db, c.get("user"), id, {
      outcome: one(form, "outcome"),
      sanction: one(form, "sanction") || undefined,
      clauses: one(form, "clauses"),
      summary: one(form, "summary"),
      subjectBirthYear: one(form, "subjectBirthYear"),
    });
    if (!result.ok)
      return result.status === 400 || result.status === 409
        ? showCase(c, id, result.errors, 400)
        : refuse(c, result.status);
    setFlash(c, "Outcome recorded; the case is closed.");
    return c.redirect(`/concerns/${id}`, 303);
  })
  .post("/concerns/:id/external", { action: "concerns.cases" }, async (c) => {
    const id = c.req.param("id") ?? "";
    const g = await gate(c, id);
    if (g.response) return g.response;
    const form = (await c.req.parseBody()) as Form;
    const result = await recordExternalReference(c.get("services").database.db, c.get("user"), id, {
      system: one(form, "system"),
      reference: one(form, "reference"),
    });
    if (!result.ok)
      return result.status === 400 ? showCase(c, id, result.errors, 400) : refuse(c, result.status);
    setFlash(c, "Marked as recorded there.");
    return c.redirect(`/concerns/${id}`, 303);
  });
