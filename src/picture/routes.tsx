/** @jsxImportSource hono/jsx */
// The committee report (HTML and PDF), the trustees' dashboard, and the exports page with its CSV
// and zip downloads. The report and the dashboard are numbers only; each export is audited.
import { Readable } from "node:stream";
import { formatDay } from "../platform/format-date";
import type { Context } from "hono";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { loadTrust } from "../core/people/load-trust";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import { Select } from "../platform/web/components";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import type { AppEnv } from "../platform/web/context";
import { forbidden, notFound, Routes, type SignedInEnv } from "../platform/web/guard";
import { recordRefusal } from "../platform/web/record-refusal";
import { buildReport, cachedReport, type Report } from "./build-report";
import { raw } from "hono/html";
import type { ReportTable } from "../platform/capability";
import { allRegisters, exportRegister, exportTrust, mayExport } from "./export-registers";
import { printPdf } from "./print-pdf";
import { defaultPeriod, type ReportPeriod, readPeriod } from "./report-period";
import { drawCharts, ReportDocument, ReportHeader, ReportSections } from "./report-view";

type Ctx = Context<SignedInEnv>;
type SchoolRow = { id: string; slug: string; name: string };

/** A refusal past the guard (another school's report) goes in the audit trail as the guard's do. */
const refuse = (c: Ctx, action: string, schoolId?: string) =>
  recordRefusal(c as unknown as Context<AppEnv>, action, schoolId);

const actorOf = (user: SignedInUser) => ({ id: user.id, label: user.email });

/** The schools this person may read the report of, and whether they may read the whole trust's. */
async function reportChoices(c: Ctx) {
  const user = c.get("user");
  const all = await countPeopleBySchool(c.get("services").database.db);
  const where = schoolsWhere(user, "picture.report");
  const schools: SchoolRow[] = (where === "all" ? all : all.filter((s) => where.includes(s.id))).map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
  }));
  return { schools, trust: where === "all", all };
}

type Chosen =
  | { ok: true; school: SchoolRow | null; period: ReportPeriod; from: string; to: string; covers: string }
  | { ok: false; response: Response };

/** Reads ?school=&from=&to=; refuses a school (or the trust) the person may not report on. */
async function chooseReport(
  c: Ctx,
  options: { requireAll: boolean },
): Promise<Chosen & { errors?: Record<string, string> }> {
  const user = c.get("user");
  const { schools, trust, all } = await reportChoices(c);
  const q = c.req.query();
  if (options.requireAll && (!q.school || !q.from || !q.to))
    return {
      ok: false,
      response: c.text(
        "Say which report: ?school=SLUG or ?school=trust, with from=YYYY-MM-DD and to=YYYY-MM-DD.",
        400,
      ),
    };
  const defaults = defaultPeriod(new Date());
  const covers = q.school ?? (trust ? "trust" : (schools[0]?.slug ?? ""));
  const from = q.from ?? defaults.from;
  const to = q.to ?? defaults.to;
  let school: SchoolRow | null = null;
  if (covers === "trust") {
    if (!trust) {
      await refuse(c, "picture.report");
      return {
        ok: false,
        response: await forbidden(c, "Only a trust-wide role may read the whole trust's report."),
      };
    }
  } else {
    const found = all.find((s) => s.slug === covers);
    if (!found) return { ok: false, response: await notFound(c, "school") };
    if (!can(user, "picture.report", { schoolId: found.id })) {
      await refuse(c, "picture.report", found.id);
      return { ok: false, response: await forbidden(c, "You may read the report of your own school only.") };
    }
    school = schools.find((s) => s.id === found.id) ?? { id: found.id, slug: found.slug, name: found.name };
  }
  const period = readPeriod(from, to);
  if (!period.ok) {
    if (options.requireAll) return { ok: false, response: c.text(period.message, 400) };
    return { ok: false, response: new Response(null), errors: { [period.field]: period.message } };
  }
  return { ok: true, school, period: period.period, from, to, covers };
}

function PeriodForm(props: {
  action: string;
  choices?: { value: string; label: string }[];
  covers?: string;
  from: string;
  to: string;
  errors?: Record<string, string>;
}) {
  return (
    <form method="get" action={props.action} class="report-form">
      {props.choices && props.choices.length > 1 ? (
        <Select name="school" label="Report on" options={props.choices} value={props.covers ?? ""} />
      ) : props.covers ? (
        <input type="hidden" name="school" value={props.covers} />
      ) : null}
      <Field
        name="from"
        label="First day"
        type="date"
        value={props.from}
        hint="YYYY-MM-DD"
        error={props.errors?.from}
        required
      />
      <Field
        name="to"
        label="Last day"
        type="date"
        value={props.to}
        hint="YYYY-MM-DD"
        error={props.errors?.to}
        required
      />
      <button type="submit">Show</button>
    </form>
  );
}

/**
 * A kept report's sections as HTML, drawn once: the same report object is kept between views
 * (cachedReport), and its tables and charts are most of each view's work.
 */
const drawnSections = new WeakMap<Report, Promise<string>>();
function sectionsHtml(report: Report, charts: Map<ReportTable, string>): Promise<string> {
  let html = drawnSections.get(report);
  if (!html) {
    html = Promise.resolve((<ReportSections sections={report.sections} charts={charts} />).toString()).then(
      String,
    );
    drawnSections.set(report, html);
  }
  return html;
}

const query = (covers: string, from: string, to: string) =>
  `school=${encodeURIComponent(covers)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

export const pictureRoutes = new Routes()
  .get("/report", { action: "picture.report" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const { schools, trust } = await reportChoices(c);
    const choices = [
      ...(trust ? [{ value: "trust", label: "The whole trust" }] : []),
      ...schools.map((s) => ({ value: s.slug, label: s.name })),
    ];
    const chosen = await chooseReport(c, { requireAll: false });
    if (!chosen.ok && !chosen.errors) return chosen.response;
    const q = c.req.query();
    if (!chosen.ok)
      return c.html(
        <Layout title="Committee report" user={user} current="/report">
          <ErrorSummary errors={chosen.errors ?? {}} />
          <PeriodForm
            action="/report"
            choices={choices}
            covers={q.school}
            from={q.from ?? ""}
            to={q.to ?? ""}
            errors={chosen.errors}
          />
        </Layout>,
        400,
      );
    const { report, charts } = await cachedReport({ db, school: chosen.school, period: chosen.period });
    return c.html(
      <Layout title={`Committee report: ${report.coversName}`} user={user} current="/report" wide>
        <PeriodForm
          action="/report"
          choices={choices}
          covers={chosen.covers}
          from={chosen.from}
          to={chosen.to}
        />
        <ReportHeader report={report} />
        <p>
          <a href={`/report.pdf?${query(chosen.covers, chosen.from, chosen.to)}`} download>
            Download PDF
          </a>
          {can(user, "picture.exports") ? (
            <>
              {" "}
              · <a href="/exports">Exports of the registers</a>
            </>
          ) : null}
        </p>
        <nav aria-label="Sections of the report">
          <ul>
            {report.sections.map((s) => (
              <li>
                <a href={`#s-${s.key}`}>{s.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        {raw(await sectionsHtml(report, charts))}
      </Layout>,
    );
  })
  .get("/report.pdf", { action: "picture.report" }, async (c) => {
    const { db } = c.get("services").database;
    const chosen = await chooseReport(c, { requireAll: true });
    if (!chosen.ok) return chosen.response;
    const report = await buildReport({ db, school: chosen.school, period: chosen.period });
    const charts = await drawCharts(report.sections);
    const html = String(await (<ReportDocument report={report} charts={charts} />).toString());
    const pdf = await printPdf(html, {
      title: `${report.coversName}, ${formatDay(report.days.first)} to ${formatDay(report.days.last)}`,
    });
    return c.body(new Uint8Array(pdf), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="committee-report-${report.covers}-${report.days.first}-${report.days.last}.pdf"`,
    });
  })
  .get("/trust-picture", { action: "picture.dashboard" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const q = c.req.query();
    const defaults = defaultPeriod(new Date());
    const from = q.from ?? defaults.from;
    const to = q.to ?? defaults.to;
    const period = readPeriod(from, to);
    if (!period.ok) {
      const errors = { [period.field]: period.message };
      return c.html(
        <Layout title="Every school in numbers" user={user} current="/trust-picture">
          <ErrorSummary errors={errors} />
          <PeriodForm action="/trust-picture" from={from} to={to} errors={errors} />
        </Layout>,
        400,
      );
    }
    const report = await buildReport({ db, school: null, period: period.period });
    // The dashboard shows each section's figures school by school (and the policy's own tables).
    const bySchool = (t: { columns: readonly string[] }) =>
      t.columns[0] === "School" || t.columns[0] === "Section";
    const sections = report.sections.map((s) => ({ ...s, tables: s.tables.filter(bySchool) }));
    const charts = await drawCharts(sections);
    return c.html(
      <Layout title="Every school in numbers" user={user} current="/trust-picture" wide>
        <p>Numbers and charts for every school of {report.trust}, with no names.</p>
        <PeriodForm action="/trust-picture" from={from} to={to} />
        <ReportHeader report={report} />
        <p>
          {can(user, "picture.report") ? (
            <>
              <a href={`/report?${query("trust", from, to)}`}>The full committee report</a> ·{" "}
              <a href={`/report.pdf?${query("trust", from, to)}`} download>
                Download it as PDF
              </a>
            </>
          ) : null}
        </p>
        <ReportSections sections={sections} charts={charts} />
      </Layout>,
    );
  })
  .get("/exports", { action: "picture.exports" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const all = await countPeopleBySchool(db);
    const where = schoolsWhere(user, "picture.exports");
    const reach = where === "all" ? all : all.filter((s) => where.includes(s.id));
    const slug = c.req.query("school") ?? "";
    const school = reach.find((s) => s.slug === slug) ?? null;
    const mine = allRegisters().filter((r) => mayExport(user, r.action, school));
    const suffix = school ? `?school=${encodeURIComponent(school.slug)}` : "";
    return c.html(
      <Layout title="Exports" user={user} current="/exports">
        <p>
          Each register as CSV, with the rows your role may read{school ? ` at ${school.name}` : ""}. Every
          export is recorded in the audit trail.
        </p>
        {reach.length > 1 ? (
          <form method="get" action="/exports">
            <Select
              name="school"
              label="Which school"
              options={[
                { value: "", label: "Every school you may read" },
                ...reach.map((s) => ({ value: s.slug, label: s.name })),
              ]}
              value={school?.slug ?? ""}
            />
            <button type="submit">Show</button>
          </form>
        ) : null}
        {mine.length ? (
          <ul>
            {mine.map((r) => (
              <li>
                <a href={`/exports/${r.table}.csv${suffix}`}>{r.name}</a> ({r.table}.csv)
              </li>
            ))}
          </ul>
        ) : (
          <p>Your role may read none of the registers.</p>
        )}
        {can(user, "picture.trust-export") ? (
          <>
            <h2>The whole trust</h2>
            <p>
              Every register as CSV in one zip, with manifest.json (tables, row counts, SHA-256 of each file,
              when and by whom), for an inspection or for leaving Conduct.
            </p>
            <p>
              <a href="/exports/trust.zip">Download the trust export (zip)</a>
            </p>
          </>
        ) : null}
      </Layout>,
    );
  })
  .get("/exports/trust.zip", { action: "picture.trust-export" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const trust = await loadTrust(db);
    const { zip, manifest } = await exportTrust({
      db,
      trust: trust?.name ?? "",
      viewer: user,
      actor: actorOf(user),
    });
    // A failure part-way ends the download unfinished (no central directory), and is logged.
    manifest.catch((error: Error) =>
      c.get("services").logger.error({ err: error }, "the trust export failed part-way"),
    );
    const day = new Date().toISOString().slice(0, 10);
    return c.body(Readable.toWeb(zip) as ReadableStream<Uint8Array>, 200, {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${trust?.slug ?? "trust"}-export-${day}.zip"`,
    });
  })
  .get("/exports/:file", { action: "picture.exports" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const file = c.req.param("file") ?? "";
    if (!file.endsWith(".csv")) return notFound(c, "register");
    const slug = c.req.query("school");
    let school: SchoolRow | null = null;
    if (slug) {
      const found = (await countPeopleBySchool(db)).find((s) => s.slug === slug);
      if (!found) return notFound(c, "school");
      school = { id: found.id, slug: found.slug, name: found.name };
    }
    const result = await exportRegister({
      db,
      table: file.slice(0, -4),
      viewer: user,
      actor: actorOf(user),
      school,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "register");
      await refuse(c, "picture.exports", school?.id);
      return forbidden(c, result.message);
    }
    return c.body(new Uint8Array(result.csv), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${result.fileName}"`,
    });
  });
