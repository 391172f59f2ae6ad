/** @jsxImportSource hono/jsx */
// Administration → Documents: the trust's own documents, which policy links are checked against.
import { asc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { trustDocuments } from "../core/people/schema";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { recordTrustDocument, retireTrustDocument } from "./record-trust-document";

async function documentsPage(
  c: Context<SignedInEnv>,
  problem?: { field: string; message: string },
  values: { title?: string; url?: string } = {},
) {
  const rows = await c
    .get("services")
    .database.db.select()
    .from(trustDocuments)
    .where(eq(trustDocuments.active, true))
    .orderBy(asc(trustDocuments.title));
  return c.html(
    <Layout title="The trust's documents" user={c.get("user")} current="/admin" flash={c.get("flash")}>
      <p>
        Record the documents your policies link to (a code of conduct, an acceptable use policy). A policy
        that links to a document not recorded here is flagged for its owner to fix.
      </p>
      {problem ? <ErrorSummary errors={{ [problem.field]: problem.message }} /> : null}
      {rows.length ? (
        <table class="cards-on-phone">
          <caption>Recorded documents</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Where it is</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr>
                <td data-label="Title">{d.title}</td>
                <td data-label="Where it is">
                  {d.url ? <a href={d.url}>{d.url}</a> : <span class="muted">no address</span>}
                </td>
                <td data-label="">
                  <form method="post" action={`/admin/documents/${d.id}/retire`}>
                    <button type="submit" class="secondary" aria-label={`Retire ${d.title}`}>
                      Retire
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No documents recorded yet.</p>
      )}
      <h2>Record a document</h2>
      <form method="post" action="/admin/documents" class="stack">
        <Field
          name="title"
          label="Title"
          value={values.title}
          error={problem?.field === "title" ? problem.message : undefined}
          hint="As the policy names it, e.g. Staff Code of Conduct."
          required
        />
        <Field
          name="url"
          label="Web address (optional)"
          type="url"
          value={values.url}
          error={problem?.field === "url" ? problem.message : undefined}
        />
        <button type="submit">Record</button>
      </form>
    </Layout>,
    problem ? 400 : 200,
  );
}

export const documentRoutes = new Routes()
  .get("/admin/documents", { action: "trust.manage" }, (c) => documentsPage(c))
  .post("/admin/documents", { action: "trust.manage" }, async (c) => {
    const user = c.get("user");
    const form = await c.req.parseBody();
    const values = { title: String(form.title ?? ""), url: String(form.url ?? "") };
    const result = await recordTrustDocument(
      c.get("services").database.db,
      { id: user.id, label: user.email },
      values,
    );
    if (!result.ok) return documentsPage(c, result, values);
    setFlash(c, `Recorded ${values.title.trim()}.`);
    return c.redirect("/admin/documents", 303);
  })
  .post("/admin/documents/:id/retire", { action: "trust.manage" }, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (/^[0-9a-f-]{36}$/.test(id))
      await retireTrustDocument(c.get("services").database.db, { id: user.id, label: user.email }, id);
    setFlash(c, "Retired.");
    return c.redirect("/admin/documents", 303);
  });
