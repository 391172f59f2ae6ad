/** @jsxImportSource hono/jsx */
// First-run set-up, the people of each school, and CSV import from the school's MIS.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import { schoolsWhere } from "../../platform/auth/permissions";
import { setSessionCookie } from "../../platform/auth/routes";
import { startSession } from "../../platform/auth/sessions";
import type { SignedInEnv } from "../../platform/web/context";
import { setFlash } from "../../platform/web/flash";
import { notFound, PUBLIC, Routes } from "../../platform/web/guard";
import { DataTable } from "../../platform/web/components";
import { ErrorSummary, Field, Layout } from "../../platform/web/layout";
import { calendarDateAt, defaultTimeZone } from "../../core/calendar/calendar-date";
import { confirmLeavers } from "./confirm-leavers";
import { parseDate } from "./csv/cell-validators";
import { importPeopleCsv, type ImportSummary, type MissingStaff, type PeopleKind } from "./import-people";
import { pupils, schools, staff } from "./schema";
import {
  checkSetUp,
  SCHOOL_PHASES,
  type SetUpProblems,
  type SetUpTrustInput,
  setUpTrust,
  trustExists,
} from "./set-up-trust";
import type { ImportError } from "./types";
import { compareYearGroups } from "./year-group-order";
import "./audit-events";

// The page holds one upload in memory while it is read (the command line streams from disk);
// 40 MB is the parents' export of a 150-school trust.
const MAX_CSV_BYTES = 40 * 1024 * 1024;

function SetUpPage(props: { values?: Partial<SetUpTrustInput>; problems?: SetUpProblems }) {
  const v = props.values ?? {};
  const p = props.problems ?? {};
  return (
    <Layout title="Set up Conduct" user={null}>
      <p>
        Welcome. Name your trust, add its first school and create the first administrator account. You can
        import staff, pupils and parents afterwards.
      </p>
      <ErrorSummary errors={p} />
      <form method="post" action="/setup" class="stack" novalidate>
        <Field
          name="trustName"
          label="Trust name"
          value={v.trustName}
          error={p.trustName}
          hint="For a single school that is not in a trust, use the school's name."
          required
        />
        <Field
          name="schoolName"
          label="First school's name"
          value={v.schoolName}
          error={p.schoolName}
          required
        />
        <div class={p.schoolPhase ? "field has-error" : "field"}>
          <label for="schoolPhase">Phase</label>
          {p.schoolPhase ? (
            <p class="error" id="schoolPhase-error">
              {p.schoolPhase}
            </p>
          ) : null}
          <select
            id="schoolPhase"
            name="schoolPhase"
            aria-describedby={p.schoolPhase ? "schoolPhase-error" : undefined}
          >
            {SCHOOL_PHASES.map((phase) => (
              <option value={phase} selected={v.schoolPhase === phase}>
                {phase.charAt(0).toUpperCase() + phase.slice(1).replace("-", " ")}
              </option>
            ))}
          </select>
        </div>
        <h2>First administrator</h2>
        <Field
          name="adminName"
          label="Your name"
          value={v.adminName}
          error={p.adminName}
          autocomplete="name"
          required
        />
        <Field
          name="adminEmail"
          label="Your email address"
          type="email"
          value={v.adminEmail}
          error={p.adminEmail}
          autocomplete="username"
          required
        />
        <Field
          name="adminPassword"
          label="Choose a password"
          type="password"
          error={p.adminPassword}
          hint="At least 12 characters."
          autocomplete="new-password"
          required
        />
        <button type="submit">Set up Conduct</button>
      </form>
    </Layout>
  );
}

async function resolveSchool(c: Context<SignedInEnv>) {
  const [school] = await c
    .get("services")
    .database.db.select()
    .from(schools)
    .where(eq(schools.slug, c.req.param("school") ?? ""))
    .limit(1);
  return school ?? null;
}

function ErrorTable(props: { errors: ImportError[]; caption: string }) {
  return (
    <DataTable
      caption={props.caption}
      rows={props.errors}
      columns={[
        { label: "File", cell: (e) => e.file },
        { label: "Line", numeric: true, cell: (e) => e.line },
        { label: "Field", cell: (e) => e.field },
        { label: "What to fix", cell: (e) => e.message },
      ]}
    />
  );
}

function today(): string {
  return calendarDateAt(new Date(), defaultTimeZone);
}

/** Staff on record but not in the file: ask whether they left; nothing changes until confirmed. */
function MissingStaffForm(props: { missing: MissingStaff[]; today: string; error?: string }) {
  const n = props.missing.length;
  return (
    <section aria-labelledby="missing-heading">
      <h3 id="missing-heading">
        {n} member{n === 1 ? "" : "s"} of staff not in this file: have they left?
      </h3>
      <p>
        {n === 1 ? "This person is" : "These people are"} on record at the schools this file covers but not in
        the file. Nothing has been changed for them. If they have left, tick them and give their leaving date:
        a date before today ends their sign-in at once.
      </p>
      <form method="post" action="/people/import/leavers" class="stack">
        <fieldset>
          <legend>Who has left</legend>
          <div class="checkboxes">
            {props.missing.map((m) => (
              <label>
                <input type="checkbox" name="staffId" value={m.staffId} /> {m.name}
                {m.jobTitle ? `, ${m.jobTitle}` : ""} ({m.schoolName}, {m.externalId})
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          name="leaveDate"
          label="Their leaving date"
          value={props.today}
          error={props.error}
          hint="DD/MM/YYYY or YYYY-MM-DD. Not before they started."
          required
        />
        <button type="submit">Record them as left</button>
      </form>
    </section>
  );
}

function ImportPage(props: {
  c: Context<SignedInEnv>;
  schoolOptions: { slug: string; name: string }[];
  result?: ImportSummary & { warnings: ImportError[] };
  error?: string;
}) {
  const r = props.result;
  return (
    <Layout title="Import people" user={props.c.get("user")} current="/people" flash={props.c.get("flash")}>
      <p>
        Upload a CSV exported from your school's MIS (SIMS, Arbor, Bromcom and others). Headers are matched by
        name; the accepted names are listed in the README. Import staff first, then pupils, then parents. A
        dry run checks the whole file and writes nothing. A real import is all or nothing, and importing the
        same file again changes nothing.
      </p>
      {props.error ? <ErrorSummary errors={{ file: props.error }} /> : null}
      {r ? (
        <section aria-labelledby="result-heading">
          <h2 id="result-heading">
            {r.errors.length
              ? `${r.fileName}: ${r.errors.length} problem${r.errors.length === 1 ? "" : "s"}, nothing was imported`
              : r.dryRun
                ? `${r.fileName}: dry run passed, nothing was written`
                : `${r.fileName}: imported`}
          </h2>
          {r.errors.length ? (
            <ErrorTable errors={r.errors} caption="Fix these in the file and upload it again" />
          ) : (
            <>
              <p>
                {r.rows} rows: {r.created} {r.dryRun ? "would be created" : "created"}, {r.updated}{" "}
                {r.dryRun ? "would be updated" : "updated"}, {r.unchanged} unchanged
                {r.kind === "staff" ? `, ${r.accountsCreated} new sign-in accounts` : ""}.
              </p>
              {r.signInsEnded ? (
                <p>
                  {r.signInsEnded} leaver{r.signInsEnded === 1 ? "" : "s"} with a leave date in the past{" "}
                  {r.dryRun ? "would lose" : "lost"} their sign-in, and their sessions{" "}
                  {r.dryRun ? "would end" : "ended"}.
                </p>
              ) : null}
            </>
          )}
          {r.encoding ? (
            <p>
              Read as {r.encoding}
              {r.errors.length
                ? "."
                : `, in ${r.seconds.toFixed(1)} s (${r.rowsPerSecond.toLocaleString("en-GB")} rows/s).`}
            </p>
          ) : null}
          {r.missingStaff.length ? <MissingStaffForm missing={r.missingStaff} today={today()} /> : null}
          {r.warnings.length ? (
            <ErrorTable errors={r.warnings} caption="Worth checking (these did not stop the import)" />
          ) : null}
        </section>
      ) : null}
      <form method="post" action="/people/import" enctype="multipart/form-data" class="stack">
        <div class="field">
          <label for="kind">What the file holds</label>
          <select id="kind" name="kind">
            <option value="staff">Staff and volunteers</option>
            <option value="pupils">Pupils and leavers</option>
            <option value="parents">Parents and carers</option>
          </select>
        </div>
        <div class="field">
          <label for="school">School for rows without a School column</label>
          <select id="school" name="school">
            <option value="">(the file names each row's school)</option>
            {props.schoolOptions.map((s) => (
              <option value={s.slug}>{s.name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <div class="checkboxes">
          <label>
            <input type="checkbox" name="dryRun" value="yes" checked /> Dry run: check the file, write nothing
          </label>
        </div>
        <button type="submit">Check and import</button>
      </form>
    </Layout>
  );
}

export const peopleRoutes = new Routes()
  .get("/setup", PUBLIC, async (c) => {
    if (await trustExists(c.get("services").database.db))
      return c.redirect(c.get("user") ? "/" : "/sign-in", 303);
    return c.html(<SetUpPage />);
  })
  .post("/setup", PUBLIC, async (c) => {
    const { database } = c.get("services");
    if (await trustExists(database.db))
      return c.html(
        <Layout title="Already set up" user={c.get("user")}>
          <p>
            Conduct is already set up. <a href="/sign-in">Sign in</a>.
          </p>
        </Layout>,
        409,
      );
    const form = await c.req.parseBody();
    const input: SetUpTrustInput = {
      trustName: String(form.trustName ?? ""),
      schoolName: String(form.schoolName ?? ""),
      schoolPhase: String(form.schoolPhase ?? ""),
      adminName: String(form.adminName ?? ""),
      adminEmail: String(form.adminEmail ?? ""),
      adminPassword: String(form.adminPassword ?? ""),
    };
    const problems = checkSetUp(input);
    if (Object.keys(problems).length)
      return c.html(<SetUpPage values={{ ...input, adminPassword: "" }} problems={problems} />, 400);
    const adminId = await setUpTrust(database.db, input);
    if (!adminId)
      return c.html(
        <Layout title="Already set up" user={null}>
          <p>
            Someone else finished set-up first. <a href="/sign-in">Sign in</a>.
          </p>
        </Layout>,
        409,
      );
    setSessionCookie(c, await startSession(database.db, adminId, "setup"));
    setFlash(c, "Conduct is set up. Next: import your staff, pupils and parents.");
    return c.redirect("/people/import", 303);
  })
  .get("/people", { action: "people.view" }, async (c) => {
    const user = c.get("user");
    const where = schoolsWhere(user, "people.view");
    const list = await c.get("services").database.db.select().from(schools).orderBy(asc(schools.name));
    const visible = list.filter((s) => where === "all" || where.includes(s.id));
    return c.html(
      <Layout title="People" user={user} current="/people" flash={c.get("flash")}>
        <ul>
          {visible.map((s) => (
            <li>
              <a href={`/people/${s.slug}`}>{s.name}</a>
            </li>
          ))}
        </ul>
        <p>
          <a href="/people/import">Import people from CSV</a>
        </p>
      </Layout>,
    );
  })
  .get("/people/import", { action: "people.import" }, async (c) => {
    const schoolOptions = await c
      .get("services")
      .database.db.select({ slug: schools.slug, name: schools.name })
      .from(schools)
      .orderBy(schools.name);
    return c.html(<ImportPage c={c} schoolOptions={schoolOptions} />);
  })
  .post("/people/import", { action: "people.import" }, async (c) => {
    const { database } = c.get("services");
    const user = c.get("user");
    const schoolOptions = await database.db
      .select({ slug: schools.slug, name: schools.name })
      .from(schools)
      .orderBy(schools.name);
    const form = await c.req.parseBody();
    const file = form.file;
    const kind = String(form.kind ?? "") as PeopleKind;
    if (!["staff", "pupils", "parents"].includes(kind))
      return c.html(
        <ImportPage c={c} schoolOptions={schoolOptions} error="Choose what the file holds." />,
        400,
      );
    if (!(file instanceof File) || file.size === 0)
      return c.html(
        <ImportPage c={c} schoolOptions={schoolOptions} error="Choose a CSV file to upload." />,
        400,
      );
    if (file.size > MAX_CSV_BYTES)
      return c.html(
        <ImportPage
          c={c}
          schoolOptions={schoolOptions}
          error={`${file.name} is larger than 40 MB. Split it by school, or import it with the command line.`}
        />,
        400,
      );
    const result = await importPeopleCsv({
      db: database.db,
      actor: { id: user.id, label: user.email },
      kind,
      open: () => file.stream() as unknown as AsyncIterable<Uint8Array>,
      fileName: file.name,
      defaultSchoolSlug: String(form.school ?? "") || undefined,
      dryRun: form.dryRun === "yes",
    });
    return c.html(
      <ImportPage c={c} schoolOptions={schoolOptions} result={result} />,
      result.errors.length ? 400 : 200,
    );
  })
  .post("/people/import/leavers", { action: "people.import" }, async (c) => {
    const { database } = c.get("services");
    const user = c.get("user")!;
    const form = await c.req.parseBody({ all: true });
    const ids = ([] as unknown[]).concat(form.staffId ?? []).map(String);
    const dateText = String(form.leaveDate ?? "").trim();
    const parsed = parseDate(dateText);
    if (ids.length === 0 || "problem" in parsed) {
      const schoolOptions = await database.db
        .select({ slug: schools.slug, name: schools.name })
        .from(schools)
        .orderBy(schools.name);
      const error =
        ids.length === 0
          ? "Tick the people who have left."
          : `Leaving date "${dateText}" ${(parsed as { problem: string }).problem}. Write it as DD/MM/YYYY.`;
      return c.html(<ImportPage c={c} schoolOptions={schoolOptions} error={error} />, 400);
    }
    const result = await confirmLeavers(database.db, {
      actor: { id: user.id, label: user.email },
      staffIds: ids,
      leaveDate: parsed.date,
      today: today(),
      schools: schoolsWhere(user, "people.import"),
    });
    setFlash(
      c,
      `${result.recorded} ${result.recorded === 1 ? "person" : "people"} recorded as left on ${dateText}` +
        (result.signInsEnded ? `; ${result.signInsEnded} lost their sign-in.` : ".") +
        (result.notRecorded
          ? ` ${result.notRecorded} not recorded: they started after that date, already have a leave date, or are not at a school you import for.`
          : ""),
    );
    return c.redirect("/people/import", 303);
  })
  .get("/people/:school", { action: "people.view", schoolParam: "school" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const school = await resolveSchool(c);
    if (!school) return notFound(c, "school");
    const staffRows = await db
      .select({
        id: staff.id,
        firstName: staff.firstName,
        lastName: staff.lastName,
        jobTitle: staff.jobTitle,
        employment: staff.employment,
        manager: sql<
          string | null
        >`(select m.first_name || ' ' || m.last_name from staff m where m.id = ${staff}.${staff.lineManagerId})`,
      })
      .from(staff)
      .where(
        and(
          eq(staff.schoolId, school.id),
          sql`(${staff.leaveDate} is null or ${staff.leaveDate} > current_date)`,
        ),
      )
      .orderBy(staff.lastName, staff.firstName);
    const pupilCounts = await db
      .select({ yearGroup: pupils.yearGroup, n: sql<number>`count(*)::int` })
      .from(pupils)
      .where(and(eq(pupils.schoolId, school.id), isNull(pupils.leftOn)))
      .groupBy(pupils.yearGroup)
      .then((rows) => rows.sort((a, b) => compareYearGroups(a.yearGroup, b.yearGroup)));
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "people.viewed",
      subjectType: "school",
      subjectId: school.id,
      schoolId: school.id,
      detail: { list: "staff" },
    });
    return c.html(
      <Layout title={school.name} user={user} current="/people" wide>
        <DataTable
          caption={`Staff and volunteers (${staffRows.length})`}
          rows={staffRows}
          empty="No staff or volunteers are on record at this school."
          columns={[
            { label: "Name", cell: (s) => `${s.firstName} ${s.lastName}` },
            { label: "Job title", cell: (s) => s.jobTitle },
            { label: "Employment", cell: (s) => s.employment },
            { label: "Line manager", cell: (s) => s.manager ?? "none" },
          ]}
        />
        <DataTable
          caption="Pupils on roll by year group"
          rows={pupilCounts}
          empty="No pupils are on roll at this school."
          columns={[
            { label: "Year group", cell: (p) => p.yearGroup },
            { label: "Pupils", numeric: true, cell: (p) => p.n },
          ]}
        />
      </Layout>,
    );
  });
