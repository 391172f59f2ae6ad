/** @jsxImportSource hono/jsx */
// Training pages (3.1.1): a leader's list of a school's briefings and training, recording one
// (attendees by name or an uploaded register, clauses covered, materials), one session with its
// attendees and materials; and a member of staff's own attendance.
import type { Context } from "hono";
import {
  calendarDateAt,
  calendarDateOrThrow,
  describeDay,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { inPost, listStaff } from "../core/people/list-staff";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { schoolsWhere } from "../platform/auth/permissions";
import { ChoiceGroup, DataTable, Select } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { listSessions, loadMaterial, loadSession, myAttendance } from "./list-training";
import type { RegisterProblem } from "./read-attendance-register";
import {
  MATERIAL_TYPES,
  MAX_REGISTER_BYTES,
  recordTrainingSession,
  type TrainingFile,
} from "./record-training-session";
import { RegisterCsvLink } from "../platform/web/register-csv-link";

const RECORD = { action: "training.record" } as const;
const RECORD_SCHOOL = { action: "training.record", schoolParam: "school" } as const;
const OWN = { action: "training.own" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS: Record<string, string> = { briefing: "Briefing", training: "Training session" };

const dayText = (date: string) => describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");
const clauseHref = (id: string) => `/policy/clause/${encodeURIComponent(id)}`;
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
const files = (v: unknown): File[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is File => x instanceof File && x.size > 0,
  );
const str = (v: unknown) => (typeof v === "string" ? v : "");

export const trainingRoutes = new Routes()
  .get("/training", RECORD, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const where = schoolsWhere(user, "training.record");
    const list = (await countPeopleBySchool(db)).filter((s) => where === "all" || where.includes(s.id));
    if (list.length === 1) return c.redirect(`/training/schools/${list[0]!.slug}`, 303);
    return c.html(
      <Layout title="Briefings and training" user={user} current="/training">
        <RegisterCsvLink user={user} table="training" />
        <p>Choose a school to see and record its briefings and training on the policy.</p>
        <ul>
          {list.map((s) => (
            <li>
              <a href={`/training/schools/${s.slug}`}>{s.name}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  })
  .get("/training/mine", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const rows = user.staffId ? await myAttendance(db, user.staffId) : [];
    return c.html(
      <Layout title="Briefings and training you attended" user={user} current="/me">
        <p>These are the briefings and training on the social media policy a leader has recorded you at.</p>
        <DataTable
          caption="Your attendance"
          rows={rows}
          empty="No briefing or training has been recorded for you yet."
          columns={[
            { label: "Day", cell: (r) => dayText(r.heldOn) },
            { label: "Session", cell: (r) => `${KINDS[r.kind]}: ${r.title}` },
            { label: "Led by", cell: (r) => r.ledByName },
            { label: "School", cell: (r) => r.schoolName },
            {
              label: "Clauses covered",
              cell: (r) => (
                <>
                  {r.clauseIds.map((id, i) => (
                    <>
                      {i ? ", " : ""}
                      <a href={clauseHref(id)}>{id}</a>
                    </>
                  ))}
                </>
              ),
            },
          ]}
        />
      </Layout>,
    );
  })
  .get("/training/schools/:school", RECORD_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const { db } = c.get("services").database;
    const sessions = await listSessions(db, school.id);
    return c.html(
      <Layout title={`Briefings and training at ${school.name}`} user={user} current="/training" wide>
        <RegisterCsvLink user={user} table="training" school={school} />
        <p>
          Principals should ensure staff are trained in and familiar with the policy. Record each briefing or
          training here, with who attended: it counts as evidence on the policy page.{" "}
          <a class="button" href={`/training/schools/${school.slug}/new`}>
            Record a briefing or training
          </a>
        </p>
        <DataTable
          caption={`Sessions at ${school.name}, newest first`}
          rows={sessions}
          empty="No briefing or training has been recorded here yet."
          columns={[
            {
              label: "Day",
              cell: (s) => (
                <a href={`/training/schools/${school.slug}/sessions/${s.id}`}>{dayText(s.heldOn)}</a>
              ),
            },
            { label: "Session", cell: (s) => `${KINDS[s.kind]}: ${s.title}` },
            { label: "Led by", cell: (s) => s.ledByName },
            { label: "Attended", numeric: true, cell: (s) => s.attendees },
            { label: "Clauses", numeric: true, cell: (s) => s.clauseIds.length },
            { label: "Materials", numeric: true, cell: (s) => s.materials },
          ]}
        />
      </Layout>,
    );
  })
  .get("/training/schools/:school/new", RECORD_SCHOOL, (c) => newSessionPage(c, {}, {}, []))
  .post("/training/schools/:school/new", RECORD_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const body = await c.req.parseBody({ all: true });
    const registerFile = files(body.register)[0] ?? null;
    if (registerFile && registerFile.size > MAX_REGISTER_BYTES)
      return newSessionPage(c, body, { register: "The register must be 512 KB or smaller." }, [], 400);
    const materials: TrainingFile[] = [];
    for (const f of files(body.materials))
      materials.push({ fileName: f.name, mimeType: f.type, bytes: Buffer.from(await f.arrayBuffer()) });
    const result = await recordTrainingSession({
      db: c.get("services").database.db,
      leader: user,
      school,
      input: {
        kind: str(body.kind),
        title: str(body.title),
        heldOn: str(body.heldOn),
        ledByStaffId: UUID.test(str(body.ledBy)) ? str(body.ledBy) : "",
        ledByName: str(body.ledByName),
        attendeeIds: strings(body.attendees),
        register: registerFile ? await registerFile.text() : null,
        clauseIds: strings(body.clauses),
        materials,
      },
    });
    if (!result.ok) return newSessionPage(c, body, result.errors, result.registerProblems, 400);
    setFlash(
      c,
      `Recorded, with ${result.attendees} ${result.attendees === 1 ? "person" : "people"} attending.`,
    );
    return c.redirect(`/training/schools/${school.slug}/sessions/${result.sessionId}`, 303);
  })
  .get("/training/schools/:school/sessions/:id", RECORD_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const id = c.req.param("id") ?? "";
    const { db } = c.get("services").database;
    const loaded = UUID.test(id) ? await loadSession(db, school.id, id) : null;
    if (!loaded) return notFound(c, "session");
    const { session, attendees, materials } = loaded;
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "training.session-viewed",
      subjectType: "training-session",
      subjectId: session.id,
      schoolId: school.id,
      detail: { attendees: attendees.length },
    });
    return c.html(
      <Layout title={`${KINDS[session.kind]}: ${session.title}`} user={user} current="/training" wide>
        <dl>
          <dt>Held on</dt>
          <dd>{dayText(session.heldOn)}</dd>
          <dt>Led by</dt>
          <dd>{session.ledByName}</dd>
          <dt>Clauses covered</dt>
          <dd>
            {session.clauseIds.map((cid, i) => (
              <>
                {i ? ", " : ""}
                <a href={clauseHref(cid)}>{cid}</a>
              </>
            ))}
          </dd>
          <dt>Recorded</dt>
          <dd>{describeDay(session.recordedAt, school.timeZone)}</dd>
        </dl>
        <h2>Materials</h2>
        {materials.length ? (
          <ul>
            {materials.map((m) => (
              <li>
                <a href={`/training/schools/${school.slug}/sessions/${session.id}/materials/${m.id}`}>
                  {m.fileName}
                </a>{" "}
                <span class="muted">
                  ({MATERIAL_TYPES[m.mimeType] ?? m.mimeType}, {Math.max(1, Math.round(m.bytes / 1024))} KB)
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>No materials were attached.</p>
        )}
        <DataTable
          caption={`Who attended (${attendees.length})`}
          rows={attendees}
          columns={[
            { label: "Name", cell: (a) => a.name },
            {
              label: "Role",
              cell: (a) => `${a.jobTitle}${a.employment === "volunteer" ? " (volunteer)" : ""}`,
            },
            {
              label: "Recorded from",
              cell: (a) => (a.source === "register" ? "Uploaded register" : "Picked by name"),
            },
          ]}
        />
        <p>
          <a href={`/training/schools/${school.slug}`}>All sessions at {school.name}</a>
        </p>
      </Layout>,
    );
  })
  .get("/training/schools/:school/sessions/:id/materials/:material", RECORD_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const id = c.req.param("id") ?? "";
    const materialId = c.req.param("material") ?? "";
    const { db } = c.get("services").database;
    // The session must be this school's: a leader of another school guessing ids finds nothing.
    const loaded = UUID.test(id) && UUID.test(materialId) ? await loadSession(db, school.id, id) : null;
    const file = loaded ? await loadMaterial(db, id, materialId) : null;
    if (!file) return notFound(c, "material");
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "training.material-opened",
      subjectType: "training-material",
      subjectId: file.id,
      schoolId: school.id,
      detail: { sessionId: id },
    });
    c.header("content-type", file.mimeType);
    c.header("content-disposition", `attachment; filename="${file.fileName.replace(/[^\w.\- ]/g, "_")}"`);
    c.header("x-content-type-options", "nosniff");
    return c.body(new Uint8Array(file.bytes));
  });

type Body = Record<string, string | File | (string | File)[]>;

async function newSessionPage(
  c: Context<SignedInEnv>,
  body: Body,
  errors: Record<string, string>,
  problems: RegisterProblem[],
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const school = c.get("school")!;
  const { db } = c.get("services").database;
  const version = await loadCurrentPolicy(db);
  const today = calendarDateAt(new Date(), school.timeZone);
  const people = (await listStaff(db, { schoolIds: [school.id] })).filter((s) => inPost(s, today));
  const picked = strings(body.attendees);
  const clauses = strings(body.clauses);
  const sections = version?.parsed.sections ?? [];
  // The first box carries the group's id, so the error summary's link (#clauses) lands on it.
  const firstClause = sections
    .flatMap((s) => (version?.parsed.clauses ?? []).filter((cl) => cl.sectionNumber === s.number))
    .at(0)?.id;
  return c.html(
    <Layout title="Record a briefing or training" user={user} current="/training" wide>
      <ErrorSummary errors={errors} />
      {problems.length ? (
        <DataTable
          caption="Rows of the register that could not be used"
          rows={problems}
          columns={[
            { label: "Line", numeric: true, cell: (p) => p.line },
            { label: "Field", cell: (p) => p.field },
            { label: "Problem", cell: (p) => p.message },
          ]}
        />
      ) : null}
      {!version ? <p>There is no current policy yet: approve one before recording training on it.</p> : null}
      <form method="post" enctype="multipart/form-data" action={`/training/schools/${school.slug}/new`}>
        <ChoiceGroup
          type="radio"
          name="kind"
          legend="What was it?"
          error={errors.kind}
          checked={[str(body.kind) || "briefing"]}
          choices={[
            { value: "briefing", label: "A briefing", hint: "for example at a staff meeting or INSET" },
            { value: "training", label: "A training session" },
          ]}
        />
        <Field name="title" label="Title" value={str(body.title)} error={errors.title} required />
        <Field
          name="heldOn"
          label="Day it was held"
          type="date"
          value={str(body.heldOn) || today}
          error={errors.heldOn}
          required
        />
        <Select
          name="ledBy"
          label="Who led it"
          error={errors.ledBy}
          value={str(body.ledBy)}
          options={[
            { value: "", label: "Someone not on the staff list (type their name below)" },
            ...people.map((p) => ({ value: p.id, label: `${p.lastName}, ${p.firstName} (${p.jobTitle})` })),
          ]}
        />
        <Field
          name="ledByName"
          label="Name of who led it, if not on the staff list"
          value={str(body.ledByName)}
          hint="For example an outside trainer"
        />
        <ChoiceGroup
          type="checkbox"
          name="attendees"
          legend="Who attended"
          hint="Tick each person, or upload the register below (or both)."
          error={errors.attendees}
          checked={picked}
          choices={people.map((p) => ({
            value: p.id,
            label: `${p.lastName}, ${p.firstName}`,
            hint: p.employment === "volunteer" ? `${p.jobTitle}, volunteer` : p.jobTitle,
          }))}
        />
        <div class={errors.register ? "field has-error" : "field"}>
          <label for="register">Attendance register (optional, CSV)</label>
          <p class="hint" id="register-hint">
            One row per person, with a column headed Email holding their work email address.
          </p>
          {errors.register ? (
            <p class="error" id="register-error">
              {errors.register}
            </p>
          ) : null}
          <input
            type="file"
            id="register"
            name="register"
            accept=".csv,text/csv"
            aria-describedby={errors.register ? "register-hint register-error" : "register-hint"}
          />
        </div>
        <div class={errors.clauses ? "field has-error" : "field"}>
          <fieldset aria-describedby={errors.clauses ? "clauses-error" : "clauses-hint"}>
            <legend>Clauses covered{version ? ` (version ${version.number})` : ""}</legend>
            <p class="hint" id="clauses-hint">
              Tick the clauses the session covered.
            </p>
            {errors.clauses ? (
              <p class="error" id="clauses-error">
                {errors.clauses}
              </p>
            ) : null}
            {sections.map((section) => {
              const inSection = (version?.parsed.clauses ?? []).filter(
                (cl) => cl.sectionNumber === section.number,
              );
              if (!inSection.length) return null;
              return (
                <details open={inSection.some((cl) => clauses.includes(cl.id)) || undefined}>
                  <summary>
                    {section.number} {section.title}
                  </summary>
                  <div class="checkboxes">
                    {inSection.map((cl) => (
                      <label>
                        <input
                          type="checkbox"
                          name="clauses"
                          id={cl.id === firstClause ? "clauses" : `clauses-${cl.id.replace(/[^\w-]/g, "-")}`}
                          value={cl.id}
                          checked={clauses.includes(cl.id)}
                        />{" "}
                        {cl.number}{" "}
                        {cl.heading ?? (cl.text.length > 90 ? `${cl.text.slice(0, 90)}…` : cl.text)}
                      </label>
                    ))}
                  </div>
                </details>
              );
            })}
          </fieldset>
        </div>
        <div class={errors.materials ? "field has-error" : "field"}>
          <label for="materials">Materials (optional: slides, handouts)</label>
          <p class="hint" id="materials-hint">
            PDF, PNG, JPEG, PowerPoint or Word; up to 5 files and 20 MB in all. Kept with this record.
          </p>
          {errors.materials ? (
            <p class="error" id="materials-error">
              {errors.materials}
            </p>
          ) : null}
          <input
            type="file"
            id="materials"
            name="materials"
            multiple
            accept=".pdf,.png,.jpg,.jpeg,.pptx,.docx"
            aria-describedby={errors.materials ? "materials-hint materials-error" : "materials-hint"}
          />
        </div>
        <button type="submit">Record it</button>
      </form>
    </Layout>,
    status,
  );
}
