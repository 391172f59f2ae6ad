/** @jsxImportSource hono/jsx */
// The audit trail (read and verify) and the outbox.
import { and, desc, eq, ilike, inArray, lt } from "drizzle-orm";
import { Routes } from "../../platform/web/guard";
import { DataTable } from "../../platform/web/components";
import { Field, Layout } from "../../platform/web/layout";
import { outbox } from "../../platform/mail/schema";
import { declaredAuditActions, describeAuditEvent } from "./audit-catalogue";
import { recordAuditEvent } from "./record-audit-event";
import { auditEvents } from "./schema";
import { verifyAuditChain } from "./verify-audit-chain";
import { formatInstant } from "../format-date";

const PAGE = 100;

export const auditRoutes = new Routes()
  .get("/admin/audit", { action: "audit.view" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const beforeParam = c.req.query("before");
    const before = beforeParam === undefined || beforeParam === "" ? Number.NaN : Number(beforeParam);
    if (beforeParam && !(Number.isSafeInteger(before) && before > 0)) {
      // A row number, as the "older" link writes it: anything else is refused, not sent to the database.
      return c.html(
        <Layout title="Audit trail" user={user} current="/admin">
          <p>
            "{beforeParam.slice(0, 40)}" is not a row number.{" "}
            <a href="/admin/audit">Start from the newest rows</a>.
          </p>
        </Layout>,
        400,
      );
    }
    // Filters an investigation needs: what was done, by whom, to whose records.
    const filter = {
      action: (c.req.query("action") ?? "").trim().slice(0, 100),
      actor: (c.req.query("actor") ?? "").trim().slice(0, 200),
      person: (c.req.query("person") ?? "").trim().slice(0, 100),
    };
    // A list of declared actions (the catalogue), chosen in the form; unknown names are dropped.
    const declared = declaredAuditActions();
    const known = new Set(declared.map((d) => d.action));
    const actions =
      c.req
        .queries("actions")
        ?.filter((a) => known.has(a))
        .slice(0, 100) ?? [];
    const like = (v: string) => `%${v.replace(/[%_\\]/g, "\\$&")}%`;
    const rows = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          Number.isFinite(before) ? lt(auditEvents.seq, before) : undefined,
          filter.action ? ilike(auditEvents.action, like(filter.action)) : undefined,
          actions.length ? inArray(auditEvents.action, actions) : undefined,
          filter.actor ? ilike(auditEvents.actorLabel, like(filter.actor)) : undefined,
          filter.person ? eq(auditEvents.personId, filter.person) : undefined,
        ),
      )
      .orderBy(desc(auditEvents.seq))
      .limit(PAGE);
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "audit.viewed",
      subjectType: "audit",
      detail: { before: Number.isFinite(before) ? before : null, ...filter, actions },
    });
    const query = new URLSearchParams([
      ...Object.entries(filter).filter(([, v]) => v),
      ...actions.map((a) => ["actions", a] as [string, string]),
    ]);
    const capabilities = [...new Set(declared.map((d) => d.capability))].filter((k) => k !== "tests");
    const last = rows.at(-1);
    return c.html(
      <Layout title="Audit trail" user={user} current="/admin" wide flash={c.get("flash")}>
        <p>
          Every change, and every view of sensitive records, newest first. Rows cannot be changed or removed,
          and each is chained to the one before by its hash.
        </p>
        <form method="post" action="/admin/audit/verify">
          <button type="submit">Check the chain now</button>
        </form>
        <form method="get" action="/admin/audit" class="filters">
          <Field
            name="action"
            label="Action contains"
            value={filter.action}
            hint="e.g. declaration, sign-in.refused"
          />
          <Field name="actor" label="Done by (email or label contains)" value={filter.actor} />
          <Field name="person" label="About the person (account id)" value={filter.person} />
          <div class="field">
            <label for="actions">Events (choose one or more)</label>
            <select id="actions" name="actions" multiple size={8}>
              {capabilities.map((capability) => (
                <optgroup label={capability}>
                  {declared
                    .filter((d) => d.capability === capability)
                    .map((d) => (
                      <option value={d.action} selected={actions.includes(d.action)}>
                        {d.action}: {d.means}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
        <DataTable
          caption="Audit events"
          rows={rows}
          empty="No audit events match."
          columns={[
            { label: "#", numeric: true, cell: (r) => r.seq },
            { label: "When", cell: (r) => formatInstant(r.at) },
            { label: "Who", cell: (r) => r.actorLabel },
            {
              label: "Action",
              cell: (r) => (
                <>
                  <code>{r.action}</code> <span class="hint">{describeAuditEvent(r.action)}</span>
                </>
              ),
            },
            {
              label: "Subject",
              cell: (r) => `${r.subjectType}${r.subjectId ? ` ${r.subjectId.slice(0, 8)}` : ""}`,
            },
          ]}
        />
        {last && rows.length === PAGE ? (
          <p>
            <a href={`/admin/audit?${new URLSearchParams([...query, ["before", String(last.seq)]])}`}>
              Older events
            </a>
          </p>
        ) : null}
      </Layout>,
    );
  })
  .post("/admin/audit/verify", { action: "audit.verify" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const report = await verifyAuditChain(db);
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "audit.verified",
      subjectType: "audit",
      detail: report,
    });
    const message = report.ok
      ? `The audit trail is intact: ${report.rows} rows checked.`
      : `The audit trail is broken at row ${report.brokenAt}: ${report.reason}.`;
    return c.html(
      <Layout title="Audit trail check" user={user} current="/admin">
        <p role="status">
          <span class={report.ok ? "tag good" : "tag bad"}>{report.ok ? "Intact" : "Broken"}</span> {message}
        </p>
        <p>
          <a href="/admin/audit">Back to the audit trail</a>
        </p>
      </Layout>,
      report.ok ? 200 : 409,
    );
  })
  .get("/admin/outbox", { action: "outbox.view" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const rows = await db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(100);
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "outbox.viewed",
      subjectType: "outbox",
    });
    return c.html(
      <Layout title="Outbox" user={user} current="/admin" wide>
        <p>
          {c.get("services").config.smtpUrl
            ? "Email is sent through the configured SMTP server; every message is also kept here."
            : "No SMTP server is configured (SMTP_URL), so emails are kept here for you to pass on."}
        </p>
        <DataTable
          caption="Latest emails"
          rows={rows}
          empty="No emails have been sent."
          columns={[
            { label: "When", cell: (m) => formatInstant(m.createdAt) },
            { label: "To", cell: (m) => m.to },
            { label: "Subject", cell: (m) => m.subject },
            { label: "Status", cell: (m) => m.status },
            {
              label: "Message",
              cell: (m) =>
                m.sensitive ? (
                  // A reset link would let whoever reads it become that person: never shown.
                  <span class="muted">
                    A password reset email{m.status === "sent" ? " was sent" : " is waiting"}; its link is not
                    shown. Without email set up, the person can be given a link with{" "}
                    <code>conduct users password-link {m.to}</code>.
                  </span>
                ) : (
                  <pre>{m.text}</pre>
                ),
            },
          ]}
        />
      </Layout>,
    );
  });
