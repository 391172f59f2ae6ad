/** @jsxImportSource hono/jsx */
// Ingest from the browser: a leader uploads a web filter log (Squid, W3C or CSV, gzipped or not) and
// sees the summary `conduct monitor ingest` prints. The upload is read as it arrives (a bound, not a
// buffer: see UPLOAD_LIMIT); re-uploading the same file adds nothing.
import type { Context } from "hono";
import type { SignedInEnv } from "../platform/web/context";
import { Routes } from "../platform/web/guard";
import { formatInstant } from "../platform/format-date";
import { Layout } from "../platform/web/layout";
import type { IngestSummary } from "./ingest-log";
import { ingestUploadedLog, keepUploadedLeases, MAX_IP_MAP_BYTES } from "./ingest-uploaded-log";
import { countKeptLeases } from "./kept-leases";
import { loadBellSchedule } from "./school-rules";

const INGEST = { action: "monitoring.ingest", schoolParam: "school" } as const;

const MB = 1024 * 1024;
/**
 * The most a log upload may be: a large school's week plain, or a month gzipped. The scan reads the
 * upload as it arrives (~10 MB/s of lines on a busy machine here), so a gzipped 100 MB (about 1 GB of
 * lines) is in well within the server's 5-minute limit for receiving a request; larger logs go
 * through `conduct monitor ingest`, which has no such limit and splits a plain file across cores.
 */
export const MAX_UPLOAD_BYTES = 100 * MB;

export const UPLOAD_LIMIT = {
  path: /^\/monitoring\/schools\/[^/]+\/ingest$/,
  maxBytes: MAX_UPLOAD_BYTES + 4 * MB,
  what: "a log file (at most 100 MB: gzip it, or use conduct monitor ingest)",
  stream: true,
};

/** An IP-to-staff map loaded on its own: a settings file, read whole. */
export const LEASES_LIMIT = {
  path: /^\/monitoring\/schools\/[^/]+\/leases$/,
  maxBytes: MAX_IP_MAP_BYTES + 256 * 1024,
  what: `an IP-to-staff map (at most ${MAX_IP_MAP_BYTES / MB} MB)`,
  stream: true,
};

const FORMATS = [
  { value: "squid", label: "Squid native access.log" },
  { value: "w3c", label: "W3C extended (#Fields: header)" },
  { value: "csv", label: "CSV with a header (timestamp,username,client_ip,url,bytes,action)" },
] as const;

function Problems(props: { errors: readonly string[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="problems-title" tabindex={-1}>
      <h2 id="problems-title">There is a problem</h2>
      <ul>
        {props.errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );
}

async function uploadPage(
  c: Context<SignedInEnv>,
  errors: readonly string[] = [],
  status: 200 | 400 | 413 = 200,
) {
  const school = c.get("school")!;
  const { db } = c.get("services").database;
  const bells = await loadBellSchedule(db, school.id);
  const leases = await countKeptLeases(db, school.id);
  return c.html(
    <Layout title={`Upload a web filter log: ${school.name}`} user={c.get("user")} current="/monitoring">
      <Problems errors={errors} />
      <p>
        Conduct reads the log as it arrives and keeps only, for each member of staff, the minutes in which
        they used a social media platform, classed by the school's bell schedule and timetables. No line, page
        or address is kept. Uploading the same file, or one that overlaps, never counts a minute twice.
      </p>
      {bells ? (
        <form method="post" enctype="multipart/form-data">
          <p>
            <label for="format">Format of the log</label>
            <select id="format" name="format" required>
              {FORMATS.map((f) => (
                <option value={f.value}>{f.label}</option>
              ))}
            </select>
          </p>
          <p>
            <label for="ipMap">
              IP-to-staff map, optional (CSV ip,staff_email,from,to): kept for this and later logs
            </label>
            <input id="ipMap" name="ipMap" type="file" accept=".csv,text/csv" />
          </p>
          <p>
            <label for="log">Log file (plain or .gz, at most 100 MB)</label>
            <input id="log" name="log" type="file" required />
          </p>
          <button type="submit">Upload and count</button>
        </form>
      ) : (
        <p>
          {school.name} keeps no bell schedule yet, so minutes cannot be classed.{" "}
          <a href={`/monitoring/schools/${school.slug}/settings`}>Set the bell schedule</a> first.
        </p>
      )}
      <KeptLeases school={school} leases={leases} />
      <p>
        For a larger log, or to ingest every night, use{" "}
        <code>conduct monitor ingest FILE --format squid --school {school.slug}</code> on the server.
      </p>
    </Layout>,
    status,
  );
}

/** The IP-to-staff map the school keeps, and a form to add to it without a log. */
function KeptLeases(props: {
  school: { slug: string; name: string };
  leases: Awaited<ReturnType<typeof countKeptLeases>>;
}) {
  const { leases } = props;
  return (
    <section aria-labelledby="leases-title">
      <h2 id="leases-title">IP-to-staff map kept</h2>
      <p>
        {leases.leases === 0
          ? `${props.school.name} keeps no IP leases: requests with no known username are counted as unattributed.`
          : `${props.school.name} keeps ${leases.leases} IP lease${leases.leases === 1 ? "" : "s"}` +
            (leases.from && leases.to
              ? `, from ${formatInstant(leases.from)} to ${formatInstant(leases.to)}`
              : "") +
            ". Every log uploaded is attributed through them where its lines have no known username."}{" "}
        Loading the same map again adds nothing; leases that ended before the retention period are deleted
        with the minutes.
      </p>
      <form
        method="post"
        action={`/monitoring/schools/${props.school.slug}/leases`}
        enctype="multipart/form-data"
      >
        <p>
          <label for="leasesMap">Add an IP-to-staff map (CSV ip,staff_email,from,to)</label>
          <input id="leasesMap" name="ipMap" type="file" accept=".csv,text/csv" required />
        </p>
        <button type="submit" class="secondary">
          Keep the map
        </button>
      </form>
    </section>
  );
}

function SummaryList(props: { s: IngestSummary }) {
  const { s } = props;
  return (
    <dl class="summary">
      <dt>Lines</dt>
      <dd>{s.lines}</dd>
      <dt>Malformed lines</dt>
      <dd>{s.malformedLines}</dd>
      <dt>Requests to social media attributed to staff</dt>
      <dd>{s.attributedRequests}</dd>
      <dt>Requests to social media not attributed</dt>
      <dd>
        {s.unattributedRequests} ({s.unattributedMinutes} unattributed minutes, counted, never guessed)
      </dd>
      <dt>Social minutes added</dt>
      <dd>{s.minutesAdded}</dd>
      <dt>Minutes already known</dt>
      <dd>{s.minutesAlreadyKnown}</dd>
      <dt>Findings opened (to review)</dt>
      <dd>{s.findingsOpened}</dd>
    </dl>
  );
}

/** Warnings about a kept map or a counted log: nothing failed, but a person should look. */
function WorthChecking({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div class="warning" role="note">
      <h2>Worth checking</h2>
      <ul>
        {warnings.map((w) => (
          <li>{w}</li>
        ))}
      </ul>
    </div>
  );
}

export const monitoringIngestRoutes = new Routes()
  .get("/monitoring/schools/:school/ingest", INGEST, (c) => uploadPage(c))
  .post("/monitoring/schools/:school/leases", INGEST, async (c) => {
    const school = c.get("school")!;
    const user = c.get("user");
    const result = await keepUploadedLeases({
      db: c.get("services").database.db,
      actor: { id: user.id, label: user.email },
      schoolId: school.id,
      contentType: c.req.header("content-type"),
      body: c.req.raw.body,
    });
    if (!result.ok) return uploadPage(c, result.errors, result.status);
    return c.html(
      <Layout title={`IP-to-staff map kept: ${school.name}`} user={user} current="/monitoring">
        <p role="status">
          {result.fileName}: {result.kept.added} new lease{result.kept.added === 1 ? "" : "s"} kept (
          {result.kept.alreadyKept} already kept). {school.name} now keeps {result.kept.kept}.
        </p>
        <WorthChecking warnings={result.kept.warnings} />
        <p>
          <a href={`/monitoring/schools/${school.slug}/ingest`}>Upload a log</a>
        </p>
      </Layout>,
    );
  })
  .post("/monitoring/schools/:school/ingest", INGEST, async (c) => {
    const school = c.get("school")!;
    const user = c.get("user");
    const result = await ingestUploadedLog({
      db: c.get("services").database.db,
      actor: { id: user.id, label: user.email },
      schoolSlug: school.slug,
      contentType: c.req.header("content-type"),
      body: c.req.raw.body,
    });
    if (!result.ok) return uploadPage(c, result.errors, result.status);
    const s = result.summary;
    return c.html(
      <Layout title={`Log counted: ${school.name}`} user={user} current="/monitoring">
        <p role="status">
          {result.fileName} ({result.format}) is counted. Only the minutes below are kept, not the file.
        </p>
        <WorthChecking warnings={result.warnings} />
        <SummaryList s={s} />
        {s.malformed.length > 0 ? (
          <>
            <h2>Malformed lines</h2>
            <p>
              They were skipped; the rest of the file was counted.
              {s.malformedLines > s.malformed.length ? ` The first ${s.malformed.length}:` : ""}
            </p>
            <ul>
              {s.malformed.map((m) => (
                <li>
                  {result.fileName}:{m.line}: {m.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <a href={`/monitoring/schools/${school.slug}`}>The school's monitoring report</a> ·{" "}
          <a href={`/monitoring/schools/${school.slug}/ingest`}>Upload another log</a>
        </p>
      </Layout>,
    );
  });
