/** @jsxImportSource hono/jsx */
// The leader's register of declarations: a plain GET form of filters (works without JavaScript),
// one page of rows that stack into cards on a phone, page links that keep the filters, and a CSV of
// exactly the filtered rows.
import type { Context } from "hono";
import { describeDay } from "../core/calendar/calendar-date";
import { schoolsOfUser } from "../core/people/schools-of-user";
import { schoolsWhere } from "../platform/auth/permissions";
import { csvLine } from "../platform/csv-line";
import { Select } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { forbidden } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { contactKindLabels, declarationStatusLabels, verdictLabels } from "./declaration-labels";
import { contactKinds, verdicts } from "./judge-declaration";
import {
  listDeclarationRegister,
  parseRegisterFilters,
  REGISTER_CSV_COLUMNS,
  type RegisterFilters,
  registerCsvCells,
} from "./list-declaration-register";
import { loadDeclarationClauses } from "./resolve-declaration-clauses";
import { DECLARATION_STATUSES } from "./schema";
import { ClauseLink, VerdictTag } from "./views";

const reviewedLabels: Record<string, string> = {
  noted: "Noted",
  "more-information": "Asked for more information",
  concern: "Opened a concern",
};

function queryString(filters: RegisterFilters, page?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (page && page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export async function registerPage(c: Context<SignedInEnv>) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const { filters, page, problems } = parseRegisterFilters(c.req.query());
  const scope = schoolsWhere(user, "declarations.review");
  const schoolChoices = (await schoolsOfUser(db, user)).filter(
    (s) => scope === "all" || scope.includes(s.id),
  );
  const hasProblems = Object.keys(problems).length > 0;
  const listed = hasProblems ? null : await listDeclarationRegister({ db, viewer: user, filters, page });
  if (listed && !listed.ok) return forbidden(c, listed.message);
  const { clauseIds } = await loadDeclarationClauses(db);
  const filtered = Object.values(filters).some(Boolean);
  return c.html(
    <Layout title="Register of declarations" user={user} current="/declarations" flash={c.get("flash")} wide>
      <ErrorSummary errors={problems} />
      <p>
        Every declaration made by staff of {scope === "all" ? "the trust's schools" : "your school"}, whatever
        its status: reviewed, withdrawn and corrected ones stay here. What you see is recorded in the audit
        trail, and the members of staff can see that you looked.
      </p>
      <form
        method="get"
        action="/declarations/register"
        class="stack filters"
        aria-label="Filter the register"
      >
        {schoolChoices.length > 1 ? (
          <Select
            name="school"
            label="School"
            value={filters.school}
            error={problems.school}
            options={[
              { value: "", label: "All schools" },
              ...schoolChoices.map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        ) : null}
        <Select
          name="status"
          label="Status"
          value={filters.status}
          error={problems.status}
          options={[
            { value: "", label: "Any status" },
            ...DECLARATION_STATUSES.map((s) => ({ value: s, label: declarationStatusLabels[s] ?? s })),
          ]}
        />
        <Select
          name="verdict"
          label="Verdict"
          value={filters.verdict}
          error={problems.verdict}
          options={[
            { value: "", label: "Any verdict" },
            ...verdicts.map((v) => ({ value: v, label: verdictLabels[v] })),
          ]}
        />
        <Select
          name="kind"
          label="Kind of contact"
          value={filters.kind}
          error={problems.kind}
          options={[
            { value: "", label: "Any kind" },
            ...contactKinds.map((k) => ({ value: k, label: contactKindLabels[k] })),
          ]}
        />
        <Field
          name="from"
          label="Declared on or after"
          type="date"
          value={filters.from}
          error={problems.from}
        />
        <Field name="to" label="Declared on or before" type="date" value={filters.to} error={problems.to} />
        <Field
          name="q"
          label="Member of staff's name"
          type="search"
          value={filters.q}
          hint="Part of a name will do."
        />
        <p>
          <button type="submit">Show declarations</button>{" "}
          {filtered ? <a href="/declarations/register">Clear the filters</a> : null}
        </p>
      </form>
      {listed?.ok ? (
        <>
          <p role="status">
            {listed.total === 0
              ? filtered
                ? "No declaration matches these filters."
                : "No declarations have been made yet."
              : `${listed.total} ${listed.total === 1 ? "declaration" : "declarations"}${filtered ? " match these filters" : ""}` +
                (listed.pages > 1 ? `; page ${listed.page} of ${listed.pages}.` : ".")}
          </p>
          {listed.total > 0 ? (
            <p>
              <a href={`/declarations/register.csv${queryString(filters)}`} download>
                Download these {listed.total} {listed.total === 1 ? "declaration" : "declarations"} as CSV
              </a>
            </p>
          ) : null}
          {listed.rows.length > 0 ? (
            <table class="cards-on-phone">
              <caption>Declarations, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Declared on</th>
                  <th scope="col">Member of staff</th>
                  <th scope="col">School</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last review</th>
                </tr>
              </thead>
              <tbody>
                {listed.rows.map((d) => (
                  <tr>
                    <td data-label="Declared on">
                      <a href={`/declarations/${d.id}`}>{describeDay(d.createdAt, d.timeZone)}</a>
                    </td>
                    <td data-label="Member of staff">{d.declarerName}</td>
                    <td data-label="School">{d.schoolName}</td>
                    <td data-label="Contact">{contactKindLabels[d.contactKind] ?? d.contactKind}</td>
                    <td data-label="Verdict">
                      <VerdictTag verdict={d.verdict} />{" "}
                      <ClauseLink clause={d.clause} clauseIds={clauseIds} />
                    </td>
                    <td data-label="Status">{declarationStatusLabels[d.status] ?? d.status}</td>
                    <td data-label="Last review">
                      {d.lastReview && d.lastReviewedAt
                        ? `${reviewedLabels[d.lastReview] ?? d.lastReview}, ${describeDay(d.lastReviewedAt, d.timeZone)}`
                        : "Not reviewed"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {listed.pages > 1 ? (
            <nav aria-label="Pages of the register" class="pager">
              {listed.page > 1 ? (
                <a href={`/declarations/register${queryString(filters, listed.page - 1)}`} rel="prev">
                  Previous page
                </a>
              ) : null}{" "}
              {listed.page < listed.pages ? (
                <a href={`/declarations/register${queryString(filters, listed.page + 1)}`} rel="next">
                  Next page
                </a>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
      <p>
        <a href="/declarations/review">Declarations awaiting review</a>
      </p>
    </Layout>,
    hasProblems ? 400 : 200,
  );
}

export async function registerCsv(c: Context<SignedInEnv>) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const { filters, problems } = parseRegisterFilters(c.req.query());
  if (Object.keys(problems).length > 0) {
    return c.text(`The filters cannot be used: ${Object.values(problems).join(" ")}\n`, 400);
  }
  const listed = await listDeclarationRegister({ db, viewer: user, filters, page: "all" });
  if (!listed.ok) return forbidden(c, listed.message);
  const lines = [csvLine(REGISTER_CSV_COLUMNS), ...listed.rows.map((r) => csvLine(registerCsvCells(r)))];
  c.header("content-type", "text/csv; charset=utf-8");
  c.header("content-disposition", 'attachment; filename="declarations-register.csv"');
  return c.body(lines.join(""));
}
