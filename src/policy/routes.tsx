/** @jsxImportSource hono/jsx */
// The live policy page (every clause with a stable link, and for leaders the control and its
// evidence beside it), responsibilities, and versions: import, lint findings, approval, diff.
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { can, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { notFound, Routes } from "../platform/web/guard";
import { DataTable } from "../platform/web/components";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { trusts } from "../core/people/schema";
import {
  approvalIso,
  approvePolicyVersion,
  nextReviewIso,
  proposeNextReview,
} from "./approve-policy-version";
import { controlByKey, controlCatalogue } from "./control-catalogue";
import { listGuidance } from "../questions/list-guidance";
import { controlEvidence, type Evidence } from "./control-evidence";
import { keptWhileUnchanged } from "../platform/kept-while-unchanged";
import { diffPolicyVersions } from "./diff-policy-versions";
import { importPolicyVersion, knownDocuments } from "./import-policy-version";
import { lintPolicy } from "./lint-policy";
import { loadCurrentPolicy } from "./load-current-policy";
import { listResponsibilities } from "./list-responsibilities";
import { coverage, mapControl, unmapControl } from "./map-controls";
import type { PolicyClause } from "./parsed-policy";
import { controlMappings, policyVersions, type StoredFinding } from "./schema";
import type { Db } from "../platform/db";
import "./audit-events";
import { formatDay, formatMonth } from "../platform/format-date";
import { RegisterCsvLink } from "../platform/web/register-csv-link";

// Every capability's evidence, for the policy page and each clause's: the costliest part of both
// views, kept while nothing has been written through the pool (and 15 s at most), by school scope.
const keptEvidence = keptWhileUnchanged<Record<string, Evidence>>({ keepMs: 15_000, maxEntries: 500 });
function evidenceFor(c: Context<SignedInEnv>): Promise<Record<string, Evidence>> {
  const { database } = c.get("services");
  const scope = schoolsWhere(c.get("user"), "policy.evidence");
  return keptEvidence.get(database.pool, JSON.stringify(scope), () => controlEvidence(database.db, scope));
}

const MAX_POLICY_BYTES = 20 * 1024 * 1024;

/** How far the clauses are put into practice: pure, so the page and its test agree. */
export function coverageTally(clauses: PolicyClause[], byClause: Map<string, string[]> | undefined) {
  const t = { obligations: 0, working: 0, planned: 0, gaps: 0, statements: 0, statementsCovered: 0 };
  for (const clause of clauses) {
    const keys = byClause?.get(clause.id) ?? [];
    const built = keys.some((k) => controlByKey(k)?.built);
    if (clause.modality === "none") {
      t.statements++;
      if (keys.length) t.statementsCovered++;
      continue;
    }
    t.obligations++;
    if (built) t.working++;
    else if (keys.length) t.planned++;
    else t.gaps++;
  }
  return t;
}

/** The start of a long text, cut at a word, for lists. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[,;:.]$/, "")}…`;
}

export function clauseAnchorId(clauseId: string): string {
  return `clause-${clauseId.replace(/[^0-9A-Za-z]+/g, "-")}`;
}

function currentVersion(c: Context<SignedInEnv>) {
  return loadCurrentPolicy(c.get("services").database.db);
}

/** The findings as of today, against the documents the trust has recorded since the import. */
async function lintFindingsNow(db: Db, v: typeof policyVersions.$inferSelect): Promise<StoredFinding[]> {
  return lintPolicy({
    policy: v.parsed,
    asOf: new Date(),
    knownDocuments: await knownDocuments(db, v.trustId),
    fileName: v.fileName,
  }).map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    line: f.line ?? null,
    clauseId: f.clauseId,
  }));
}

function FindingsTable(props: { findings: StoredFinding[]; caption: string }) {
  return (
    <DataTable
      caption={props.caption}
      rows={props.findings}
      empty="No findings: the document is consistent."
      columns={[
        {
          label: "Severity",
          cell: (f) => (
            <span
              class={`tag ${f.severity === "error" ? "bad" : f.severity === "warning" ? "warn" : "info"}`}
            >
              {f.severity}
            </span>
          ),
        },
        { label: "Line", numeric: true, cell: (f) => f.line ?? "" },
        { label: "Finding", cell: (f) => f.message },
        { label: "Code", cell: (f) => <code>{f.code}</code> },
      ]}
    />
  );
}

function ClauseControls(props: {
  clauseNumber: string;
  controls: string[];
  evidence: Record<string, Evidence>;
  obligation: boolean;
}) {
  if (props.controls.length === 0 && !props.obligation)
    return <p class="muted">A statement, not an obligation: it needs no control.</p>;
  if (props.controls.length === 0)
    return (
      <p class="gap">
        <strong>Gap:</strong> no control puts this clause into practice yet.
      </p>
    );
  return (
    <ul class="controls">
      {props.controls.map((key) => {
        const control = controlByKey(key);
        if (!control) return <li>{key}</li>;
        if (!control.built)
          return (
            <li class="gap">
              <strong>Gap:</strong> {control.name} (planned, not built yet)
            </li>
          );
        const ev = props.evidence[key];
        return (
          <li>
            {control.href ? <a href={control.href}>{control.name}</a> : control.name}
            {ev ? (
              <>
                :{" "}
                <span
                  class={`tag ${ev.status === "working" ? "good" : ev.status === "attention" ? "warn" : "info"}`}
                >
                  {ev.status === "no-data" ? "no data yet" : ev.status}
                </span>{" "}
                {ev.byClause
                  ? (ev.byClause[props.clauseNumber] ??
                    `${ev.headline}; none had a finding under this clause`)
                  : ev.headline}
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

type ClauseGuidance = { id: string; question: string; answer: string };

function ClauseBlock(props: {
  clause: PolicyClause;
  controls?: string[];
  evidence?: Record<string, Evidence>;
  guidance?: ClauseGuidance[];
}) {
  const c = props.clause;
  return (
    <article class="clause" id={clauseAnchorId(c.id)} aria-labelledby={`${clauseAnchorId(c.id)}-h`}>
      <h3 id={`${clauseAnchorId(c.id)}-h`}>
        <a href={`/policy/clause/${encodeURIComponent(c.id)}`}>{c.number}</a>
        {c.heading ? ` ${c.heading}` : ""}
      </h3>
      {c.heading ? null : <p class="clause-text">{c.text}</p>}
      <p class="muted">
        {c.actor ? `Binds: ${c.actor}` : "Binds: no one in particular"} ·{" "}
        {c.modality === "none" ? "no obligation" : c.modality}
      </p>
      {props.controls && props.evidence ? (
        <ClauseControls
          clauseNumber={c.number}
          controls={props.controls}
          evidence={props.evidence}
          obligation={props.clause.modality !== "none"}
        />
      ) : null}
      {props.guidance?.length ? (
        <details class="clause-guidance">
          <summary>
            Answers to staff questions about {c.number} ({props.guidance.length})
          </summary>
          <dl>
            {props.guidance.map((g) => (
              <>
                <dt>{g.question}</dt>
                <dd>{g.answer}</dd>
              </>
            ))}
          </dl>
        </details>
      ) : null}
    </article>
  );
}

export const policyRoutes = new Routes()
  .get("/policy", { action: "policy.view" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const version = await currentVersion(c);
    if (!version) {
      return c.html(
        <Layout title="Policy" user={user} current="/policy">
          <p>No version of the policy has been approved yet.</p>
          {can(user, "policy.manage") ? (
            <p>
              <a href="/policy/versions">Import the policy and approve it</a>.
            </p>
          ) : (
            <p>Your trust administrator will publish it here.</p>
          )}
        </Layout>,
      );
    }
    const p = version.parsed;
    const leader = can(user, "policy.evidence");
    let byClause: Map<string, string[]> | undefined;
    let evidence: Record<string, Evidence> | undefined;
    if (leader) {
      const mappings = await db
        .select()
        .from(controlMappings)
        .where(eq(controlMappings.trustId, version.trustId));
      byClause = coverage(p, mappings);
      evidence = await evidenceFor(c);
    }
    const tally = coverageTally(p.clauses, byClause);
    // Published answers to staff questions, under their clause (the questions capability's read).
    const guidance = new Map<string, ClauseGuidance[]>();
    for (const g of await listGuidance(db, version.id))
      guidance.set(g.clauseId, [...(guidance.get(g.clauseId) ?? []), g]);
    const openFindings = version.findings.filter((f) => f.severity !== "info");
    return c.html(
      <Layout title={version.title} user={user} current="/policy" wide={leader}>
        <RegisterCsvLink user={user} table="policy-coverage" />
        <p>
          Version {version.number}, approved by {version.approvingBody}{" "}
          {approvalIso(version)?.length === 7 ? "in" : "on"} {formatDay(approvalIso(version))}. Next review
          due {formatDay(nextReviewIso(version))}.
          {version.nextReviewDue && version.nextReviewDue < new Date().toISOString().slice(0, 10) ? (
            <strong class="error"> The review is overdue.</strong>
          ) : null}
        </p>
        <p>
          <a href="/policy/responsibilities">Who must do what</a>
          {can(user, "policy.manage") ? (
            <>
              {" "}
              · <a href="/policy/versions">Versions</a>
            </>
          ) : null}
        </p>
        {leader && byClause ? (
          <p>
            Of {p.clauses.length} clauses, {tally.obligations} ask something of someone: {tally.working} have
            a working control, {tally.planned} wait for a control still to be built, and {tally.gaps} have
            none ({tally.gaps === 1 ? "a gap" : "gaps"}). {tally.statements} are statements that need no
            control
            {tally.statementsCovered
              ? ` (${tally.statementsCovered} of them ${tally.statementsCovered === 1 ? "has" : "have"} one anyway)`
              : ""}
            .
            {openFindings.length
              ? ` The document itself has ${openFindings.length} findings for its owner to fix (see Versions).`
              : ""}
          </p>
        ) : null}
        {p.sections.map((s) => (
          <section aria-labelledby={`section-${s.number}`}>
            <h2 id={`section-${s.number}`}>
              {s.number}. {s.title}
            </h2>
            {s.intro ? <p>{s.intro.split("\n")[0]}</p> : null}
            {s.items.length ? (
              <ul>
                {s.items.map((i) => (
                  <li>{i}</li>
                ))}
              </ul>
            ) : null}
            {p.clauses
              .filter((cl) => cl.sectionNumber === s.number)
              .map((cl) => (
                <ClauseBlock
                  clause={cl}
                  controls={byClause?.get(cl.id)}
                  evidence={evidence}
                  guidance={guidance.get(cl.id)}
                />
              ))}
          </section>
        ))}
      </Layout>,
    );
  })
  .get("/policy/clause/:clause", { action: "policy.view" }, async (c) => {
    const user = c.get("user");
    const version = await currentVersion(c);
    const clause = version?.parsed.clauses.find((cl) => cl.id === c.req.param("clause"));
    if (!version || !clause) return notFound(c, "clause in the current policy");
    let controls: string[] | undefined;
    let evidence: Record<string, Evidence> | undefined;
    const { db } = c.get("services").database;
    if (can(user, "policy.evidence")) {
      const mappings = await db
        .select()
        .from(controlMappings)
        .where(and(eq(controlMappings.trustId, version.trustId), eq(controlMappings.clauseId, clause.id)));
      controls = mappings.map((m) => m.controlKey);
      evidence = await evidenceFor(c);
    }
    const parent = clause.parentId
      ? version.parsed.clauses.find((cl) => cl.id === clause.parentId)
      : undefined;
    const children = version.parsed.clauses.filter((cl) => cl.parentId === clause.id);
    // A repeated number ("3.2" twice) gives the second clause the id "3.2#2"; whoever follows a
    // link to 3.2 must learn that there is another clause of that number.
    const sameNumber = version.parsed.clauses.filter((cl) => cl.number === clause.number);
    return c.html(
      <Layout title={`Clause ${clause.number}`} user={user} current="/policy" flash={c.get("flash")}>
        <p>
          From {version.title}, version {version.number}.{" "}
          <a href={`/policy#${clauseAnchorId(clause.id)}`}>See it in the whole policy</a>.
        </p>
        {sameNumber.length > 1 ? (
          <p class="warning" role="note">
            This version numbers {sameNumber.length} clauses {clause.number}; the policy owner should renumber
            them. This is the one at line {clause.line}. The{" "}
            {sameNumber.length === 2 ? "other is" : "others are"}:{" "}
            {sameNumber
              .filter((cl) => cl.id !== clause.id)
              .map((cl, index) => (
                <>
                  {index > 0 ? ", " : ""}
                  <a href={`/policy/clause/${encodeURIComponent(cl.id)}`}>
                    {cl.number} at line {cl.line}
                  </a>
                </>
              ))}
            .
          </p>
        ) : null}
        {parent ? (
          <p class="muted">
            Part of {parent.number}: {parent.heading ?? parent.text}
          </p>
        ) : null}
        <ClauseBlock clause={clause} controls={controls} evidence={evidence} />
        {can(user, "policy.manage") ? (
          <section aria-labelledby="mapping-heading">
            <h2 id="mapping-heading">Which controls put this clause into practice</h2>
            <p>The mapping is the trust's own: it follows the clause's wording into later versions.</p>
            {(controls ?? []).length ? (
              <ul>
                {(controls ?? []).map((key) => (
                  <li>
                    <form
                      method="post"
                      action={`/policy/clause/${encodeURIComponent(clause.id)}/controls`}
                      class="inline"
                    >
                      {controlByKey(key)?.name ?? key} <input type="hidden" name="control" value={key} />
                      <input type="hidden" name="change" value="remove" />
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={`Remove ${controlByKey(key)?.name ?? key} from clause ${clause.number}`}
                      >
                        Remove
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            ) : null}
            <form
              method="post"
              action={`/policy/clause/${encodeURIComponent(clause.id)}/controls`}
              class="stack"
            >
              <input type="hidden" name="change" value="add" />
              <div class="field">
                <label for="control">Add a control</label>
                <select id="control" name="control">
                  {controlCatalogue()
                    .filter((k) => !(controls ?? []).includes(k.key))
                    .map((k) => (
                      <option value={k.key}>
                        {k.name}
                        {k.built ? "" : " (planned)"}
                      </option>
                    ))}
                </select>
              </div>
              <button type="submit">Add</button>
            </form>
          </section>
        ) : null}
        {children.length ? (
          <>
            <h2>Clauses under {clause.number}</h2>
            <ul>
              {children.map((ch) => (
                <li>
                  <a href={`/policy/clause/${encodeURIComponent(ch.id)}`}>{ch.number}</a>{" "}
                  {shorten(ch.text, 140)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Layout>,
    );
  })
  .post("/policy/clause/:clause/controls", { action: "policy.manage" }, async (c) => {
    const user = c.get("user");
    const version = await currentVersion(c);
    const clause = version?.parsed.clauses.find((cl) => cl.id === c.req.param("clause"));
    if (!version || !clause) return notFound(c, "clause in the current policy");
    const form = await c.req.parseBody();
    const control = controlByKey(String(form.control ?? ""));
    if (!control) return c.redirect(`/policy/clause/${encodeURIComponent(clause.id)}`, 303);
    const actor = { id: user.id, label: user.email };
    const { db } = c.get("services").database;
    await db.transaction((tx) =>
      form.change === "remove"
        ? unmapControl(tx, version.trustId, control.key, clause.id, actor)
        : mapControl(tx, version.trustId, control.key, clause, actor),
    );
    setFlash(
      c,
      form.change === "remove"
        ? `${control.name} no longer covers ${clause.number}.`
        : `${control.name} now covers ${clause.number}.`,
    );
    return c.redirect(`/policy/clause/${encodeURIComponent(clause.id)}`, 303);
  })
  .get("/policy/responsibilities", { action: "policy.view" }, async (c) => {
    const user = c.get("user");
    const version = await currentVersion(c);
    if (!version) return c.redirect("/policy", 303);
    const rows = listResponsibilities({ policy: version.parsed });
    const modalities = ["must", "must not", "should", "should not", "can", "can only", "cannot"] as const;
    return c.html(
      <Layout title="Who must do what" user={user} current="/policy" wide>
        <p>
          Generated from the clauses of version {version.number}: each clause is listed under the people it
          binds and the strength of what it asks.
        </p>
        <table class="cards-on-phone">
          <caption>Responsibilities by actor and modality</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              {modalities.map((m) => (
                <th scope="col">{m}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.actor}</th>
                {modalities.map((m) => (
                  <td data-label={m}>
                    {((r.byModality as Record<string, string[]>)[m] ?? []).map((id, i) => (
                      <>
                        {i ? ", " : ""}
                        <a href={`/policy/clause/${encodeURIComponent(id)}`}>{id}</a>
                      </>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  })
  .get("/policy/versions", { action: "policy.manage" }, (c) => versionsPage(c))
  .post("/policy/versions", { action: "policy.manage" }, async (c) => {
    const user = c.get("user");
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0)
      return versionsPage(c, "Choose a .txt, .md or .docx file of the policy.", 400);
    if (file.size > MAX_POLICY_BYTES)
      return versionsPage(c, `${file.name} is larger than 20 MB; is it really a policy?`, 400);
    const result = await importPolicyVersion({
      db: c.get("services").database.db,
      actor: { id: user.id, label: user.email },
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    if (!result.ok)
      return versionsPage(
        c,
        `${result.error.file}${result.error.line ? `, line ${result.error.line}` : ""}: ${result.error.message}`,
        400,
      );
    setFlash(
      c,
      result.created
        ? `Imported as draft version ${result.number} with ${result.findings.length} findings.`
        : `This file is already version ${result.number}; nothing new was stored.`,
    );
    return c.redirect(`/policy/versions/${result.versionId}`, 303);
  })
  .get("/policy/versions/:id", { action: "policy.manage" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const id = c.req.param("id") ?? "";
    if (!/^[0-9a-f-]{36}$/.test(id)) return notFound(c, "policy version");
    const [v] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
    if (!v) return notFound(c, "policy version");
    const others = await db
      .select({ id: policyVersions.id, number: policyVersions.number })
      .from(policyVersions)
      .where(eq(policyVersions.trustId, v.trustId))
      .orderBy(desc(policyVersions.number));
    const problem = c.req.query("problem");
    const field = c.req.query("field");
    const approvalGuess = v.parsed.metadata.approvalDate?.iso ?? null;
    const today = new Date().toISOString().slice(0, 10);
    const findings = await lintFindingsNow(db, v);
    const errors = findings.filter((f) => f.severity === "error").length;
    const documentDue = v.parsed.metadata.nextReviewDue?.iso ?? null;
    return c.html(
      <Layout
        title={`Version ${v.number}: ${v.title}`}
        user={user}
        current="/policy"
        flash={c.get("flash")}
        wide
      >
        <p>
          <span class={`tag ${v.status === "current" ? "good" : v.status === "draft" ? "warn" : "info"}`}>
            {v.status}
          </span>{" "}
          Imported from {v.fileName} by {v.importedBy} on {formatDay(v.importedAt)}.{" "}
          {v.parsed.sections.length} sections, {v.parsed.clauses.length} clauses.
          {v.status !== "draft"
            ? ` Approved by ${v.approvingBody} ${approvalIso(v)?.length === 7 ? "in" : "on"} ${formatDay(approvalIso(v))}; next review ${formatDay(nextReviewIso(v))}.`
            : ""}
        </p>
        <h2>What the document's owner should fix</h2>
        <p class="muted">
          Checked today against the documents the trust has recorded (
          <a href="/admin/documents">record one</a>
          ); {v.findings.length} findings were raised when it was imported.
        </p>
        <FindingsTable findings={findings} caption={`Lint findings for ${v.fileName}`} />
        {v.warnings.length ? (
          <FindingsTable
            findings={v.warnings.map((w) => ({ ...w, severity: "info" as const }))}
            caption="Import warnings"
          />
        ) : null}
        {v.status === "draft" && can(user, "policy.approve") ? (
          <section aria-labelledby="approve-heading">
            <h2 id="approve-heading">Approve this version</h2>
            <p>
              Approval records who approved it and when, and makes it the version every member of staff reads.
              The current version, if any, is superseded.
            </p>
            {problem ? <ErrorSummary errors={{ [field ?? "approvingBody"]: problem }} /> : null}
            {errors > 0 ? (
              <p class="warning" role="note">
                This draft has {errors} {errors === 1 ? "error" : "errors"} in the findings above. Staff will
                read it as it stands: approve it only if the approving body accepted it so.
              </p>
            ) : null}
            <form method="post" action={`/policy/versions/${v.id}/approve`} class="stack">
              <Field
                name="approvingBody"
                label="Approved by (body or committee)"
                value={v.parsed.metadata.approvedBy ?? ""}
                error={field === "approvingBody" ? problem : undefined}
                required
              />
              <Field
                name="approvalDate"
                label="Approval date"
                type="date"
                value={approvalGuess && approvalGuess.length === 10 ? approvalGuess : today}
                hint={
                  approvalGuess && approvalGuess.length === 7
                    ? `The document gives only ${formatMonth(approvalGuess)}: enter the day it was approved.`
                    : undefined
                }
                error={field === "approvalDate" ? problem : undefined}
                required
              />
              <Field
                name="nextReviewDue"
                label="Next review due"
                type="date"
                value={proposeNextReview({ documentDue, approvalDate: today })}
                hint={
                  documentDue && documentDue.length === 7
                    ? `The document says ${formatMonth(documentDue)}: by the end of that month when it is still ahead (kept as ${formatMonth(documentDue)}), otherwise two years from approval.`
                    : "From the document when it is still ahead, otherwise two years from approval."
                }
                error={field === "nextReviewDue" ? problem : undefined}
              />
              {errors > 0 ? (
                <div class={field === "approveDespiteErrors" ? "field has-error" : "field"}>
                  {field === "approveDespiteErrors" ? (
                    <p class="error" id="approveDespiteErrors-error">
                      {problem}
                    </p>
                  ) : null}
                  <label>
                    <input
                      type="checkbox"
                      name="approveDespiteErrors"
                      value="yes"
                      id="approveDespiteErrors"
                    />{" "}
                    I have read the {errors === 1 ? "error" : "errors"} and approve this version as it stands
                  </label>
                </div>
              ) : null}
              <button type="submit">Approve and make current</button>
            </form>
          </section>
        ) : null}
        {others.length > 1 ? (
          <section aria-labelledby="compare-heading">
            <h2 id="compare-heading">Compare with another version</h2>
            <ul>
              {others
                .filter((o) => o.id !== v.id)
                .map((o) => (
                  <li>
                    <a href={`/policy/versions/${v.id}/diff?against=${o.id}`}>
                      Changes from version {o.number} to version {v.number}
                    </a>
                  </li>
                ))}
            </ul>
          </section>
        ) : null}
      </Layout>,
    );
  })
  .post("/policy/versions/:id/approve", { action: "policy.approve" }, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (!/^[0-9a-f-]{36}$/.test(id)) return notFound(c, "policy version");
    const form = await c.req.parseBody();
    const { db } = c.get("services").database;
    const [draft] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
    if (!draft) return notFound(c, "policy version");
    // An error finding (a clause cited that does not exist, a missing section) goes to every member
    // of staff once approved: the approver says they saw it.
    const errors = (await lintFindingsNow(db, draft)).filter((f) => f.severity === "error").length;
    if (errors > 0 && form.approveDespiteErrors !== "yes")
      return c.redirect(
        `/policy/versions/${id}?field=approveDespiteErrors&problem=${encodeURIComponent(
          `This draft has ${errors} ${errors === 1 ? "error" : "errors"}: tick the box to approve it as it stands, or import a corrected file.`,
        )}`,
        303,
      );
    const result = await approvePolicyVersion(
      c.get("services").database.db,
      { id: user.id, label: user.email },
      {
        versionId: id,
        approvingBody: String(form.approvingBody ?? ""),
        approvalDate: String(form.approvalDate ?? ""),
        nextReviewDue: String(form.nextReviewDue ?? "") || null,
      },
    );
    if (!result.ok)
      return c.redirect(
        `/policy/versions/${id}?field=${result.field}&problem=${encodeURIComponent(result.message)}`,
        303,
      );
    setFlash(c, "Approved: this is now the current policy.");
    return c.redirect("/policy", 303);
  })
  .get("/policy/versions/:id/diff", { action: "policy.manage" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const id = c.req.param("id") ?? "";
    const against = c.req.query("against") ?? "";
    if (!/^[0-9a-f-]{36}$/.test(id) || !/^[0-9a-f-]{36}$/.test(against)) return notFound(c, "policy version");
    const [to] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
    const [from] = await db.select().from(policyVersions).where(eq(policyVersions.id, against));
    if (!to || !from) return notFound(c, "policy version");
    const changes = diffPolicyVersions({ from: from.parsed, to: to.parsed }).filter(
      (ch) => ch.kind !== "unchanged",
    );
    return c.html(
      <Layout
        title={`Changes from version ${from.number} to ${to.number}`}
        user={user}
        current="/policy"
        wide
      >
        {changes.length === 0 ? <p>The two versions have the same clauses, word for word.</p> : null}
        <table class="cards-on-phone">
          <caption>Clause by clause</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Version {from.number}</th>
              <th scope="col">Version {to.number}</th>
              <th scope="col">Wording</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((ch) => (
              <tr>
                <td data-label="Change">{ch.kind}</td>
                <td data-label={`Version ${from.number}`}>{ch.fromId ?? ""}</td>
                <td data-label={`Version ${to.number}`}>{ch.toId ?? ""}</td>
                <td data-label="Wording">
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
                    : (ch.toText ?? ch.fromText ?? "")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });

async function versionsPage(c: Context<SignedInEnv>, error?: string, status: 200 | 400 = 200) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const [trust] = await db.select().from(trusts).limit(1);
  const versions = trust
    ? await db
        .select()
        .from(policyVersions)
        .where(eq(policyVersions.trustId, trust.id))
        .orderBy(desc(policyVersions.number))
    : [];
  return c.html(
    <Layout title="Policy versions" user={user} current="/policy" flash={c.get("flash")}>
      <RegisterCsvLink user={user} table="policy-versions" />
      {error ? <ErrorSummary errors={{ file: error }} /> : null}
      {versions.length ? (
        <DataTable
          caption="Versions, newest first"
          rows={versions}
          columns={[
            { label: "Version", cell: (v) => <a href={`/policy/versions/${v.id}`}>Version {v.number}</a> },
            { label: "Status", cell: (v) => v.status },
            { label: "File", cell: (v) => v.fileName },
            { label: "Clauses", numeric: true, cell: (v) => v.parsed.clauses.length },
            { label: "Findings", numeric: true, cell: (v) => v.findings.length },
          ]}
        />
      ) : (
        <p>No policy has been imported yet.</p>
      )}
      <h2>Import a version</h2>
      <p>
        Upload the policy as .txt, .md or .docx. It is stored as a draft with its lint findings; nothing
        changes for staff until you approve it. Controls offered by Conduct:{" "}
        {controlCatalogue()
          .filter((k) => k.built)
          .map((k) => k.name)
          .join(", ")}
        .
      </p>
      <form method="post" action="/policy/versions" enctype="multipart/form-data" class="stack">
        <div class="field">
          <label for="file">Policy file</label>
          <input id="file" name="file" type="file" accept=".txt,.md,.markdown,.docx" required />
        </div>
        <button type="submit">Import as draft</button>
      </form>
    </Layout>,
    status,
  );
}
