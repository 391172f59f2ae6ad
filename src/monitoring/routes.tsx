/** @jsxImportSource hono/jsx */
// Monitoring pages: the member of staff's own page (their minutes, findings with the reason in plain
// words, a challenge they can add, and who looked at their data, when and why); a school's report
// for leaders, totals and the heatmap first, locked until the DPO record is complete; a named
// person's detail only with a recorded reason; and a leader's review of a finding.
import type { Context } from "hono";
import { loadDeviceSites } from "../accounts/load-device-sites";
import { findStaffSchool } from "../core/people/find-staff-school";
import { can } from "../platform/auth/permissions";
import type { SignedInEnv } from "../platform/web/context";
import { formValues } from "../platform/web/form";
import { setFlash } from "../platform/web/flash";
import { forbidden, Routes } from "../platform/web/guard";
import { Layout } from "../platform/web/layout";
import { buildSchoolReport } from "./build-school-report";
import { type DpoRecordInput, loadDpoRecord, missingForReports, saveDpoRecord } from "./save-dpo-record";
import { HeatmapSvg } from "./render-heatmap-svg";
import { rulesChangedSince } from "./reclass-minutes";
import { challengeFinding, reviewFinding } from "./review-finding";
import {
  detailViewsOf,
  findingsOf,
  type PersonDay,
  personDays,
  viewPersonDetail,
} from "./view-person-detail";
import { formatInstant } from "../platform/format-date";

const OWN = { action: "monitoring.own" } as const;
const REPORT = { action: "monitoring.report", schoolParam: "school" } as const;
const DETAIL = { action: "monitoring.detail", schoolParam: "school" } as const;
const REVIEW = { action: "monitoring.detail" } as const;
const DPO = { action: "monitoring.dpo", schoolParam: "school" } as const;

const DPO_FIELDS: { name: keyof DpoRecordInput; label: string; date?: boolean }[] = [
  { name: "purpose", label: "Purpose of monitoring" },
  { name: "lawfulBasis", label: "Lawful basis" },
  { name: "dpiaReference", label: "DPIA reference" },
  { name: "dpiaDate", label: "DPIA date", date: true },
  { name: "dpiaNextReview", label: "DPIA next review", date: true },
  { name: "privacyNotice", label: "Privacy notice shown to staff (where to find it)" },
  { name: "privacyNoticeShownOn", label: "Privacy notice shown on", date: true },
  { name: "seniorLeader", label: "Senior leader responsible for filtering and monitoring" },
  { name: "governor", label: "Governor responsible for filtering and monitoring" },
  { name: "annualReviewOn", label: "Annual review on", date: true },
];

const CLASS_WORDS = {
  pupilsPresent: "with pupils present (clause 8.6.2)",
  directedNoPupils: "in directed time without pupils",
  allowed: "in breaks, lunch or outside the directed day",
};

function one(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

function DaysTable(props: { days: PersonDay[]; caption: string }) {
  if (props.days.length === 0) return <p>No social media use on school equipment is recorded.</p>;
  return (
    // Focusable and named, so a keyboard user can scroll it on a phone, as DataTable does.
    <section class="table-scroll" tabindex={0} aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Pupils present</th>
            <th scope="col">Directed, no pupils</th>
            <th scope="col">Allowed</th>
          </tr>
        </thead>
        <tbody>
          {props.days.map((d) => (
            <tr>
              <th scope="row">{d.day}</th>
              <td>{d.pupilsPresent}</td>
              <td>{d.directedNoPupils}</td>
              <td>{d.allowed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type FindingView = Awaited<ReturnType<typeof findingsOf>>[number];

function Findings(props: { findings: FindingView[]; own: boolean; canReview: boolean }) {
  if (props.findings.length === 0) return <p>No findings.</p>;
  return (
    <ul>
      {props.findings.map((f) => (
        <li>
          <p>
            <strong>
              {f.day}, clause {f.clause}: {f.status}
            </strong>
            . {f.reason}
          </p>
          {f.reviewReason ? <p>Reviewer's reason: {f.reviewReason}</p> : null}
          {f.basisNote ? <p>Note: {f.basisNote}</p> : null}
          {f.challenges.map((ch) => (
            <p>
              Challenge: {ch.text}
              {ch.answer ? ` Answer: ${ch.answer}` : " (not answered yet)"}
            </p>
          ))}
          {props.own && f.status === "to review" ? (
            <form method="post" action={`/monitoring/findings/${f.id}/challenge`}>
              <label for={`challenge-${f.id}`}>
                Add your side (for example: "I was on PPA that lesson; the timetable is wrong")
              </label>
              <textarea id={`challenge-${f.id}`} name="text" rows={3} required maxlength={2000} />
              <button type="submit">Send my challenge</button>
            </form>
          ) : null}
          {props.canReview && f.status === "to review" ? (
            <form method="post" action={`/monitoring/findings/${f.id}/review`}>
              <fieldset>
                <legend>Review this finding</legend>
                <label>
                  <input type="radio" name="outcome" value="confirmed" required /> Confirm
                </label>
                <label>
                  <input type="radio" name="outcome" value="dismissed" /> Dismiss
                </label>
                <label for={`reason-${f.id}`}>Your reason</label>
                <textarea id={`reason-${f.id}`} name="reason" rows={2} required minlength={10} />
                {f.challenges.some((ch) => !ch.answer) ? (
                  <>
                    <label for={`answer-${f.id}`}>Your answer to their challenge</label>
                    <textarea id={`answer-${f.id}`} name="answer" rows={2} required minlength={10} />
                  </>
                ) : null}
                <button type="submit">Record the review</button>
              </fieldset>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

async function ownPage(c: Context<SignedInEnv>) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const school = await findStaffSchool({ db, user });
  if (!user.staffId || !school) {
    return c.html(
      <Layout title="Your monitoring data" user={user} current="/monitoring">
        <p>You have no staff record at a school, so no monitoring data is held about you.</p>
      </Layout>,
    );
  }
  const days = await personDays(db, user.staffId, school.timeZone);
  const findings = await findingsOf(db, user.staffId);
  const views = await detailViewsOf(db, user.staffId);
  return c.html(
    <Layout title="Your monitoring data" user={user} current="/monitoring" flash={c.get("flash")}>
      <p>
        {school.name} monitors staff internet use on school equipment (clause 10.1). Only the domains of
        social media platforms and the minutes in which you used them are kept, never pages or content, and
        they are deleted after the retention period. Minutes are counted{" "}
        {Object.values(CLASS_WORDS).join("; ")}.
      </p>
      <h2>Your minutes</h2>
      <DaysTable days={days} caption="Active social media minutes on school equipment, by day" />
      <h2>Findings about you</h2>
      <p>
        No finding is acted on until a named leader reviews it. You can add your side, which the reviewer must
        answer.
      </p>
      <Findings findings={findings} own canReview={false} />
      <h2>Who looked at your monitoring data</h2>
      {views.length === 0 ? (
        <p>No one has looked at your named monitoring data.</p>
      ) : (
        <ul>
          {views.map((v) => (
            <li>
              {v.viewerLabel}, {formatInstant(v.viewedAt)}: {v.reason}
            </li>
          ))}
        </ul>
      )}
    </Layout>,
  );
}

function dateOr(value: string | undefined, fallback: string): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fallback;
}

export const monitoringRoutes = new Routes()
  .get("/monitoring", OWN, ownPage)
  .post("/monitoring/findings/:id/challenge", OWN, async (c) => {
    const form = await formValues(c);
    const result = await challengeFinding({
      db: c.get("services").database.db,
      user: c.get("user"),
      findingId: c.req.param("id") ?? "",
      text: one(form.text),
    });
    if (!result.ok) return c.text(result.message, result.status);
    setFlash(c, "Your challenge is recorded; the reviewer must answer it.");
    return c.redirect("/monitoring", 303);
  })
  .get("/monitoring/schools/:school", REPORT, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const today = new Date().toISOString().slice(0, 10);
    const from = dateOr(
      c.req.query("from"),
      new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10),
    );
    const to = dateOr(c.req.query("to"), today);
    const result = await buildSchoolReport({
      db: c.get("services").database.db,
      schoolSlug: school.slug,
      from,
      to,
    });
    const title = `Monitoring at ${school.name}`;
    if (!result.ok) {
      return c.html(
        <Layout title={title} user={user} current="/monitoring">
          {result.locked ? (
            <>
              <p>Reports are locked until the DPO record for this school has:</p>
              <ul>
                {result.missing.map((m) => (
                  <li>{m}</li>
                ))}
              </ul>
              <p>
                Logs can still be ingested meanwhile
                {can(user, "monitoring.ingest", { schoolId: school.id }) ? (
                  <>
                    {" "}
                    (<a href={`/monitoring/schools/${school.slug}/ingest`}>upload a web filter log</a>)
                  </>
                ) : null}
                .{" "}
                {can(user, "monitoring.dpo", { schoolId: school.id }) ? (
                  <a href={`/monitoring/schools/${school.slug}/dpo`}>Complete the DPO record</a>
                ) : (
                  "Ask the principal or the IT director to complete the DPO record."
                )}
              </p>
            </>
          ) : (
            <p>{result.message}</p>
          )}
        </Layout>,
        result.locked ? 200 : 404,
      );
    }
    const r = result.report;
    const changing = await rulesChangedSince(c.get("services").database.db, school.id);
    return c.html(
      <Layout title={title} user={user} current="/monitoring" wide>
        {changing ? (
          <p class="notice" role="status">
            The bell schedule, timetables, calendar or thresholds changed: the minutes below are still classed
            by the rules before the change, until the re-class (within a minute or two) classes them all
            again.
          </p>
        ) : null}
        {can(user, "monitoring.settings", { schoolId: school.id }) ? (
          <p>
            <a href={`/monitoring/schools/${school.slug}/settings`}>Bell schedule and timetables</a>
          </p>
        ) : null}
        {can(user, "monitoring.ingest", { schoolId: school.id }) ? (
          <p>
            <a href={`/monitoring/schools/${school.slug}/ingest`}>Upload a web filter log</a>
          </p>
        ) : null}
        <form method="get">
          <label for="from">From</label> <input id="from" name="from" type="date" value={from} />{" "}
          <label for="to">to</label> <input id="to" name="to" type="date" value={to} />{" "}
          <button type="submit">Show</button>
        </form>
        <h2>Totals</h2>
        <p>
          Active minutes (distinct person-minutes): {r.totals.pupilsPresent} with pupils present (8.6.2),{" "}
          {r.totals.directedNoPupils} in directed time without pupils, {r.totals.allowed} allowed. Findings:{" "}
          {r.findings.toReview} to review, {r.findings.confirmed} confirmed, {r.findings.dismissed} dismissed.
        </p>
        <h2>Minutes by weekday and hour</h2>
        <HeatmapSvg
          heatmap={r.heatmap}
          title={`Active social media minutes at ${school.name} by weekday and hour, ${from} to ${to}`}
        />
        <h2>By platform</h2>
        <ul>
          {Object.entries(r.byPlatform).map(([p, n]) => (
            <li>
              {p}: {n}
            </li>
          ))}
        </ul>
        {can(user, "monitoring.detail", { schoolId: school.id }) ? (
          <form method="post" action={`/monitoring/schools/${school.slug}/detail`}>
            <h2>A named person's detail</h2>
            <p>Only with a reason: the look and your reason are recorded and shown to that person.</p>
            <label for="email">Their email</label>
            <input id="email" name="email" type="email" required />
            <label for="reason">Your reason</label>
            <textarea id="reason" name="reason" rows={2} required minlength={10} />
            <button type="submit">Open their detail</button>
          </form>
        ) : null}
      </Layout>,
    );
  })
  .post("/monitoring/schools/:school/detail", DETAIL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const form = await formValues(c);
    const result = await viewPersonDetail({
      db: c.get("services").database.db,
      viewer: user,
      school,
      email: one(form.email),
      reason: one(form.reason),
    });
    if (!result.ok) return c.text(result.message, result.status);
    return c.html(
      <Layout title={`Monitoring detail: ${result.person.name}`} user={user} current="/monitoring">
        <p>This look and your reason are recorded and shown to {result.person.name} on their own page.</p>
        <DaysTable days={result.days} caption={`${result.person.name}'s active minutes by day`} />
        <h2>Findings</h2>
        <Findings findings={result.findings} own={false} canReview />
      </Layout>,
    );
  })
  .post("/monitoring/findings/:id/review", REVIEW, async (c) => {
    const form = await formValues(c);
    const outcome = one(form.outcome);
    if (outcome !== "confirmed" && outcome !== "dismissed") return c.text("Choose confirm or dismiss.", 400);
    const result = await reviewFinding({
      db: c.get("services").database.db,
      reviewer: c.get("user"),
      findingId: c.req.param("id") ?? "",
      outcome,
      reason: one(form.reason),
      answer: one(form.answer),
    });
    if (!result.ok) return result.status === 403 ? forbidden(c) : c.text(result.message, result.status);
    setFlash(c, `The finding is ${outcome}.`);
    return c.redirect("/monitoring", 303);
  })
  .get("/monitoring/schools/:school/dpo", DPO, async (c) => {
    const school = c.get("school")!;
    const record = await loadDpoRecord(c.get("services").database.db, school.id);
    const missing = missingForReports(record);
    // Kept by the accounts capability; read through its published function, never its table.
    const sites = await loadDeviceSites(c.get("services").database.db, school.id);
    return c.html(
      <Layout
        title={`DPO record: ${school.name}`}
        user={c.get("user")}
        current="/monitoring"
        flash={c.get("flash")}
      >
        <p>
          What a data protection officer and an inspector ask for. Until the purpose, the lawful basis and the
          DPIA are recorded, monitoring reports stay locked.
        </p>
        {missing.length > 0 ? <p>Still missing: {missing.join(", ")}.</p> : <p>Reports are open.</p>}
        <h2>Sites made available on school devices (clause 8.6.3)</h2>
        {sites.length === 0 ? (
          <p>No decision on sites made available on school devices is recorded.</p>
        ) : (
          <ul>
            {sites.map((d) => (
              <li>
                {d.site}: decided by {d.decidedBy} on {d.decidedOn}, because {d.reason}
              </li>
            ))}
          </ul>
        )}
        <p>These decisions are kept with the official accounts registers.</p>
        <form method="post">
          {DPO_FIELDS.map((f) => (
            <p>
              <label for={f.name}>{f.label}</label>
              <input
                id={f.name}
                name={f.name}
                type={f.date ? "date" : "text"}
                value={
                  record?.[f.name] === null || record?.[f.name] === undefined ? "" : String(record[f.name])
                }
              />
            </p>
          ))}
          <p>
            <label for="retentionDays">Days monitoring minutes are kept</label>
            <input
              id="retentionDays"
              name="retentionDays"
              type="number"
              min={1}
              value={String(record?.retentionDays ?? 90)}
            />
          </p>
          <button type="submit">Save the DPO record</button>
        </form>
      </Layout>,
    );
  })
  .post("/monitoring/schools/:school/dpo", DPO, async (c) => {
    const school = c.get("school")!;
    const form = await formValues(c);
    const input: DpoRecordInput = {};
    for (const f of DPO_FIELDS) {
      const value = one(form[f.name]).trim();
      if (f.date && value !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        return c.text(`${f.label}: not a date`, 400);
      (input as Record<string, string | null>)[f.name] = value === "" ? null : value;
    }
    const days = Number(one(form.retentionDays) || "90");
    if (!Number.isInteger(days) || days < 1) return c.text("Days kept: a whole number, 1 or more", 400);
    input.retentionDays = days;
    await saveDpoRecord({
      db: c.get("services").database.db,
      actor: { id: c.get("user").id, label: c.get("user").email },
      schoolId: school.id,
      input,
    });
    setFlash(c, "The DPO record is saved.");
    return c.redirect(`/monitoring/schools/${school.slug}/dpo`, 303);
  });
