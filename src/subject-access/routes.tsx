/** @jsxImportSource hono/jsx */
// My data (everything Conduct holds about you, on one page and as JSON) and the leader's pages for
// answering a subject access request: record it, review the record, redact case entries with a
// reason, and produce the JSON. Every leader's look and production is audited, naming the person.
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import { schoolsWhere } from "../platform/auth/permissions";
import { assembleSubjectAccess } from "./assemble-subject-access";
import { SubjectAccessSections } from "./subject-access-view";
import { setFlash } from "../platform/web/flash";
import { checkForm, formValues } from "../platform/web/form";
import { forbidden, notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { redactionForm, requestForm } from "./form-schemas";
import {
  listRedactions,
  listRequests,
  loadRequest,
  produceForRequest,
  recordRequest,
  redactRecord,
} from "./subject-access-requests";

const OWN = { action: "own-record.view" } as const;
const PRODUCE = { action: "subject-access.produce" } as const;

function RequestForm(props: {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  trustWide: boolean;
}) {
  const v = (k: string) => (typeof props.values[k] === "string" ? (props.values[k] as string) : "");
  return (
    <form method="post" action="/subject-access" class="stack">
      <h2>Record a request</h2>
      <ErrorSummary errors={props.errors} />
      <Field
        name="email"
        label="The person's email"
        type="email"
        value={v("email")}
        error={props.errors.email}
        required
      />
      <Field
        name="requestedBy"
        label="Who asked"
        hint="For example: the person, by email; their union representative"
        value={v("requestedBy")}
        error={props.errors.requestedBy}
        required
      />
      <Field
        name="receivedOn"
        label="Received on"
        type="date"
        hint="The response is due one calendar month later"
        value={v("receivedOn") || calendarDateAt(new Date(), defaultTimeZone)}
        error={props.errors.receivedOn}
        required
      />
      {props.trustWide ? (
        <div class="checkboxes">
          <label>
            <input
              type="checkbox"
              name="disclosureAllowed"
              value="yes"
              checked={v("disclosureAllowed") === "yes"}
            />
            Disclose closed cases about the person (the case manager has agreed)
          </label>
        </div>
      ) : null}
      <button type="submit">Record the request</button>
    </form>
  );
}

export const subjectAccessRoutes = new Routes()
  .get("/me/data", OWN, async (c) => {
    const user = c.get("user");
    const document = await assembleSubjectAccess(c.get("services").database.db, { userId: user.id });
    if (!document) return notFound(c);
    return c.html(
      <Layout title="My data" user={user} current="/me">
        <p>
          Everything Conduct holds about you, and everyone else who has looked at it. You have a right to a
          copy (UK GDPR, Article 15).
        </p>
        <p>
          <a href="/me/data/subject-access.json" download>
            Download all of it (JSON)
          </a>
        </p>
        <SubjectAccessSections sections={document.sections} />
      </Layout>,
    );
  })
  .get("/me/data/subject-access.json", OWN, async (c) => {
    const user = c.get("user");
    const document = await assembleSubjectAccess(c.get("services").database.db, { userId: user.id });
    if (!document) return notFound(c);
    c.header("content-disposition", 'attachment; filename="my-conduct-data.json"');
    return c.json(document);
  })
  .get("/subject-access", PRODUCE, async (c) => {
    const user = c.get("user");
    const requests = await listRequests(c.get("services").database.db, user);
    const today = calendarDateAt(new Date(), defaultTimeZone);
    return c.html(
      <Layout title="Subject access requests" user={user} current="/subject-access">
        <p>
          A request for a person's data is answered within one calendar month of receipt. Record it here,
          check the record, redact case entries where the law allows (each with a reason), then download it
          for the person.
        </p>
        {requests.length === 0 ? (
          <p>No requests recorded.</p>
        ) : (
          <div class="table-scroll">
            <table>
              <caption>Requests</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Received</th>
                  <th scope="col">Due</th>
                  <th scope="col">Produced</th>
                </tr>
              </thead>
              <tbody>
                {requests.map(({ request, name }) => (
                  <tr>
                    <td>
                      <a href={`/subject-access/${request.id}`}>{name}</a>
                    </td>
                    <td>{request.receivedOn}</td>
                    <td>
                      {request.dueOn}
                      {!request.lastProducedAt && request.dueOn < today ? (
                        <span class="tag bad"> overdue</span>
                      ) : null}
                    </td>
                    <td>
                      {request.lastProducedAt ? request.lastProducedAt.toISOString().slice(0, 10) : "not yet"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <RequestForm
          values={{}}
          errors={{}}
          trustWide={schoolsWhere(user, "subject-access.produce") === "all"}
        />
      </Layout>,
    );
  })
  .post("/subject-access", PRODUCE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const values = await formValues(c);
    const form = checkForm(requestForm, values);
    const trustWide = schoolsWhere(user, "subject-access.produce") === "all";
    const again = (errors: Record<string, string>) =>
      c.html(
        <Layout title="Record a subject access request" user={user} current="/subject-access">
          <RequestForm values={values} errors={errors} trustWide={trustWide} />
        </Layout>,
        400,
      );
    if (!form.ok) return again(form.errors);
    const result = await recordRequest(db, user, form.data);
    if (!result.ok) return again({ [result.field]: result.message });
    setFlash(c, "Request recorded. Check the record below, redact case entries if needed, then download it.");
    return c.redirect(`/subject-access/${result.id}`, 303);
  })
  .get("/subject-access/:id", PRODUCE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const found = await loadRequest(db, user, c.req.param("id") ?? "");
    if (!found) return notFound(c, "request");
    if (!found.allowed) return forbidden(c, "This request is for someone outside your school.");
    const document = await produceForRequest(db, user, found.request, "viewed");
    if (!document) return notFound(c, "person");
    const redactions = await listRedactions(db, found.request.id);
    return c.html(
      <Layout title={`Subject access: ${found.name}`} user={user} current="/subject-access">
        <dl>
          <dt>Asked by</dt>
          <dd>{found.request.requestedBy}</dd>
          <dt>Received on</dt>
          <dd>{found.request.receivedOn}</dd>
          <dt>Due on</dt>
          <dd>{found.request.dueOn}</dd>
          <dt>Closed cases about the person</dt>
          <dd>{found.request.disclosureAllowed ? "disclosed" : "not disclosed"}</dd>
        </dl>
        <p>
          <a href={`/subject-access/${found.request.id}/record.json`} download>
            Download the record for the person (JSON)
          </a>
        </p>
        <h2>Redactions ({redactions.length})</h2>
        {redactions.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {redactions.map((r) => (
              <li>
                {r.section} {r.recordId}: {r.reason}
              </li>
            ))}
          </ul>
        )}
        <SubjectAccessSections
          sections={document.sections}
          recordActions={(section, record) => (
            <form method="post" action={`/subject-access/${found.request.id}/redactions`} class="stack">
              <input type="hidden" name="section" value={section.key} />
              <input type="hidden" name="recordId" value={record.id} />
              <div class="field">
                <label for={`reason-${section.key}-${record.id}`}>Reason to redact this entry</label>
                <input id={`reason-${section.key}-${record.id}`} name="reason" type="text" required />
              </div>
              <button type="submit" class="secondary">
                Redact this entry
              </button>
            </form>
          )}
        />
      </Layout>,
    );
  })
  .post("/subject-access/:id/redactions", PRODUCE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const found = await loadRequest(db, user, c.req.param("id") ?? "");
    if (!found) return notFound(c, "request");
    if (!found.allowed) return forbidden(c, "This request is for someone outside your school.");
    const form = checkForm(redactionForm, await formValues(c));
    if (!form.ok) {
      setFlash(c, Object.values(form.errors)[0] ?? "Check the redaction");
      return c.redirect(`/subject-access/${found.request.id}`, 303);
    }
    const result = await redactRecord(db, user, found.request, form.data);
    setFlash(
      c,
      result.ok
        ? "Entry redacted: its content is removed from the record, with your reason."
        : result.message,
    );
    return c.redirect(`/subject-access/${found.request.id}`, 303);
  })
  .get("/subject-access/:id/record.json", PRODUCE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const found = await loadRequest(db, user, c.req.param("id") ?? "");
    if (!found) return notFound(c, "request");
    if (!found.allowed) return forbidden(c, "This request is for someone outside your school.");
    const document = await produceForRequest(db, user, found.request, "produced");
    if (!document) return notFound(c, "person");
    c.header("content-disposition", `attachment; filename="subject-access-${found.request.id}.json"`);
    return c.json(document);
  });
