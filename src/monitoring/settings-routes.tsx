/** @jsxImportSource hono/jsx */
// A school's monitoring rules, for its leaders: the bell schedule (a form, or a JSON upload in the
// shape `monitor ingest --bells` takes) and the staff timetables (a CSV upload that replaces the
// last); and the trust's excessive-use thresholds (9.1). Every error names its field (and for a CSV,
// its line). Saving queues nothing by hand: the re-class job sees the rules changed.
import type { Context } from "hono";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { Routes } from "../platform/web/guard";
import { Layout } from "../platform/web/layout";
import { PERIOD_KINDS } from "./parse-bell-schedule";
import { noLessonsWarning, timetablesWithoutLessons } from "./parse-timetable-csv";
import { formatSettingsError } from "./read-settings-csv";
import {
  type BellScheduleJson,
  loadBellSchedule,
  loadThresholds,
  loadTimetables,
  saveBellSchedule,
  saveThresholds,
  uploadTimetable,
} from "./school-rules";
import { defaultThresholds, type Thresholds } from "./summarise-minutes";

const SETTINGS = { action: "monitoring.settings", schoolParam: "school" } as const;
const THRESHOLDS = { action: "monitoring.thresholds" } as const;

const EMPTY_ROWS = 3;

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

async function settingsPage(
  c: Context<SignedInEnv>,
  errors: readonly string[] = [],
  status: 200 | 400 = 200,
) {
  const school = c.get("school")!;
  const { db } = c.get("services").database;
  const stored = await loadBellSchedule(db, school.id);
  const timetables = await loadTimetables(db, school.id);
  const withoutLessons = timetablesWithoutLessons(timetables);
  const json: BellScheduleJson = stored?.json ?? {
    timezone: school.timeZone,
    directedDay: ["08:30", "16:00"],
    periods: [],
  };
  const rows = [...json.periods, ...Array.from({ length: EMPTY_ROWS }, () => null)];
  const base = `/monitoring/schools/${school.slug}/settings`;
  return c.html(
    <Layout title={`Bell schedule and timetables: ${school.name}`} user={c.get("user")} current="/monitoring">
      <Problems errors={errors} />
      <p>
        Minutes of social media use are classed by these: pupils present (a lesson, registration, or a duty
        even in a break: clause 8.6.2), directed time without pupils, or allowed (breaks, lunch, outside the
        directed day). When they change, the stored minutes and the findings are worked out again.
      </p>
      <h2>Bell schedule</h2>
      {stored ? (
        <p>
          Last saved by {stored.updatedBy}, {stored.updatedAt.toISOString().slice(0, 16).replace("T", " ")}{" "}
          UTC.
        </p>
      ) : (
        <p>No bell schedule is kept for this school yet.</p>
      )}
      <form method="post" action={`${base}/bells`}>
        <p>
          <label for="timezone">Time zone</label>
          <input id="timezone" name="timezone" value={json.timezone} required />
        </p>
        <p>
          <label for="directedStart">Directed day starts</label>
          <input id="directedStart" name="directedStart" type="time" value={json.directedDay[0]} required />
        </p>
        <p>
          <label for="directedEnd">Directed day ends</label>
          <input id="directedEnd" name="directedEnd" type="time" value={json.directedDay[1]} required />
        </p>
        {rows.map((p, i) => (
          <fieldset>
            <legend>{p ? `Period ${i + 1}: ${p.name}` : `New period ${i + 1 - json.periods.length}`}</legend>
            <label for={`name-${i}`}>Name</label>
            <input id={`name-${i}`} name="name" value={p?.name ?? ""} />
            <label for={`start-${i}`}>Starts</label>
            <input id={`start-${i}`} name="start" type="time" value={p?.start ?? ""} />
            <label for={`end-${i}`}>Ends</label>
            <input id={`end-${i}`} name="end" type="time" value={p?.end ?? ""} />
            <label for={`kind-${i}`}>Kind</label>
            <select id={`kind-${i}`} name="kind">
              <option value="">(not used)</option>
              {PERIOD_KINDS.map((k) => (
                <option value={k} selected={p?.kind === k}>
                  {k}
                </option>
              ))}
            </select>
          </fieldset>
        ))}
        <p class="hint">Leave a period's name, times and kind blank to remove it.</p>
        <button type="submit">Save the bell schedule</button>
      </form>
      <form method="post" action={`${base}/bells-json`} enctype="multipart/form-data">
        <h3>Or upload it as JSON</h3>
        <p class="hint" id="bells-file-hint">
          {
            '{"timezone":"Europe/London","directedDay":["08:30","16:00"],"periods":[{"name","start","end","kind"}]}'
          }
        </p>
        <label for="bells-file">Bell schedule JSON file</label>
        <input
          id="bells-file"
          name="file"
          type="file"
          accept=".json,application/json"
          aria-describedby="bells-file-hint"
        />
        <label for="bells-json">or paste it here</label>
        <textarea id="bells-json" name="json" rows={4} />
        <button type="submit">Upload the bell schedule</button>
      </form>
      <h2>Staff timetables</h2>
      <p>
        {timetables.size === 0
          ? "No timetables are kept: lesson and registration periods count as pupils present for everyone."
          : `Timetables are kept for ${timetables.size} ${timetables.size === 1 ? "member" : "members"} of staff (${[...timetables.values()].reduce((n, l) => n + l.length, 0)} entries). A timetable is the whole of that person's week: a lesson or registration period it leaves free is time without pupils for them.`}
      </p>
      {withoutLessons.length > 0 && (
        <div class="notice" role="status">
          <p>
            {withoutLessons.length === 1
              ? "1 timetable lists no lessons. "
              : `${withoutLessons.length} timetables list no lessons. `}
            If they teach, upload their lessons too (a duty rota alone turns every lesson into time without
            pupils, and clause 8.6.2 findings are lost):
          </p>
          <ul>
            {withoutLessons.slice(0, 20).map((email) => (
              <li>{noLessonsWarning(email)}</li>
            ))}
            {withoutLessons.length > 20 && <li>and {withoutLessons.length - 20} more</li>}
          </ul>
        </div>
      )}
      <form method="post" action={`${base}/timetable`} enctype="multipart/form-data">
        <p class="hint" id="timetable-hint">
          CSV: staff_email,weekday,start,end,activity. Weekday Mon to Fri (A-Mon to B-Fri for a two-week
          timetable); activity lesson, duty, ppa or meeting. A new upload replaces every timetable at the
          school.
        </p>
        <label for="timetable-file">Timetable CSV file</label>
        <input
          id="timetable-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="timetable-hint"
        />
        <label for="timetable-csv">or paste it here</label>
        <textarea id="timetable-csv" name="csv" rows={4} />
        <button type="submit">Upload the timetables</button>
      </form>
    </Layout>,
    status,
  );
}

function one(value: unknown): string {
  return typeof value === "string" ? value : "";
}
function all(value: unknown): string[] {
  return Array.isArray(value) ? value.map(one) : value === undefined ? [] : [one(value)];
}

/** An uploaded file's text, else the pasted text. */
async function uploadedText(
  form: Record<string, unknown>,
  field: string,
): Promise<{ text: string; name: string }> {
  const file = form.file;
  if (file instanceof File && file.size > 0) return { text: await file.text(), name: file.name };
  return { text: one(form[field]), name: field === "csv" ? "timetable.csv" : "bell.json" };
}

function actor(c: Context<SignedInEnv>) {
  const user = c.get("user");
  return { id: user.id, label: user.email };
}

async function thresholdsPage(c: Context<SignedInEnv>, errors: readonly string[] = [], values?: Thresholds) {
  const current = values ?? (await loadThresholds(c.get("services").database.db));
  const fields: { name: keyof Thresholds; label: string; hint: string }[] = [
    {
      name: "pupilsPresentMinutesPerDay",
      label: "Minutes with pupils present in a day before a finding (clause 8.6.2)",
      hint: `0 means any minute is a finding (the default).`,
    },
    {
      name: "dailyMinutesOutsideBreaks",
      label: "Minutes outside breaks in a day that are excessive (clause 9.1)",
      hint: `Default ${defaultThresholds.dailyMinutesOutsideBreaks}.`,
    },
    {
      name: "weeklyMinutes",
      label: "Minutes in a school week that are excessive (clause 9.1)",
      hint: `Default ${defaultThresholds.weeklyMinutes} (3 hours).`,
    },
  ];
  return c.html(
    <Layout title="Excessive-use thresholds" user={c.get("user")} current="/monitoring">
      <Problems errors={errors} />
      <p>
        The trust's thresholds for findings of excessive use (clause 9.1). Ingest and reports use them; when
        they change, findings still to review are worked out again, and reviewed ones keep a note.
      </p>
      <form method="post">
        {fields.map((f) => (
          <p>
            <label for={f.name}>{f.label}</label>
            <span class="hint" id={`${f.name}-hint`}>
              {f.hint}
            </span>
            <input
              id={f.name}
              name={f.name}
              type="number"
              min={0}
              step={1}
              required
              value={String(current[f.name])}
              aria-describedby={`${f.name}-hint`}
            />
          </p>
        ))}
        <button type="submit">Save the thresholds</button>
      </form>
    </Layout>,
    errors.length > 0 ? 400 : 200,
  );
}

export const monitoringSettingsRoutes = new Routes()
  .get("/monitoring/schools/:school/settings", SETTINGS, (c) => settingsPage(c))
  .post("/monitoring/schools/:school/settings/bells", SETTINGS, async (c) => {
    const school = c.get("school")!;
    const form = await c.req.parseBody({ all: true });
    const names = all(form.name);
    const starts = all(form.start);
    const ends = all(form.end);
    const kinds = all(form.kind);
    const periods = names
      .map((name, i) => ({
        name: name.trim(),
        start: starts[i] ?? "",
        end: ends[i] ?? "",
        kind: kinds[i] ?? "",
      }))
      .filter((p) => p.name !== "" || p.start !== "" || p.end !== "" || p.kind !== "");
    const json = {
      timezone: one(form.timezone).trim(),
      directedDay: [one(form.directedStart), one(form.directedEnd)],
      periods,
    };
    const result = await saveBellSchedule({
      db: c.get("services").database.db,
      actor: actor(c),
      schoolId: school.id,
      jsonText: JSON.stringify(json),
      source: "Bell schedule",
    });
    if (!result.ok) return settingsPage(c, result.errors, 400);
    setFlash(c, "The bell schedule is saved; stored minutes will be re-classed by it.");
    return c.redirect(`/monitoring/schools/${school.slug}/settings`, 303);
  })
  .post("/monitoring/schools/:school/settings/bells-json", SETTINGS, async (c) => {
    const school = c.get("school")!;
    const { text, name } = await uploadedText(await c.req.parseBody(), "json");
    if (text.trim() === "") return settingsPage(c, ["Choose a bell schedule JSON file, or paste it."], 400);
    const result = await saveBellSchedule({
      db: c.get("services").database.db,
      actor: actor(c),
      schoolId: school.id,
      jsonText: text,
      source: name,
    });
    if (!result.ok) return settingsPage(c, result.errors, 400);
    setFlash(c, "The bell schedule is saved; stored minutes will be re-classed by it.");
    return c.redirect(`/monitoring/schools/${school.slug}/settings`, 303);
  })
  .post("/monitoring/schools/:school/settings/timetable", SETTINGS, async (c) => {
    const school = c.get("school")!;
    const { text, name } = await uploadedText(await c.req.parseBody(), "csv");
    if (text.trim() === "") return settingsPage(c, ["Choose a timetable CSV file, or paste it."], 400);
    const result = await uploadTimetable({
      db: c.get("services").database.db,
      actor: actor(c),
      schoolId: school.id,
      csvText: text,
      fileName: name,
    });
    if (!result.ok) return settingsPage(c, result.errors.map(formatSettingsError), 400);
    const shown = result.withoutLessons.slice(0, 5).map(noLessonsWarning);
    if (result.withoutLessons.length > 5)
      shown.push(`and ${result.withoutLessons.length - 5} more with no lessons`);
    setFlash(
      c,
      `Timetables replaced: ${result.entries} entries for ${result.people} members of staff. Stored minutes will be re-classed.` +
        (shown.length > 0 ? ` Check: ${shown.join("; ")}.` : ""),
    );
    return c.redirect(`/monitoring/schools/${school.slug}/settings`, 303);
  })
  .get("/monitoring/thresholds", THRESHOLDS, (c) => thresholdsPage(c))
  .post("/monitoring/thresholds", THRESHOLDS, async (c) => {
    const form = await c.req.parseBody();
    const errors: string[] = [];
    const values = { ...defaultThresholds };
    for (const key of Object.keys(defaultThresholds) as (keyof Thresholds)[]) {
      const text = one(form[key]).trim();
      const n = Number(text);
      if (text === "" || !Number.isInteger(n) || n < 0 || n > 10_080)
        errors.push(`${key}: "${text}" is not a whole number of minutes from 0 to 10080`);
      else values[key] = n;
    }
    if (errors.length > 0) return thresholdsPage(c, errors, values);
    await saveThresholds({ db: c.get("services").database.db, actor: actor(c), thresholds: values });
    setFlash(c, "The thresholds are saved; findings will be worked out again by them.");
    return c.redirect("/monitoring/thresholds", 303);
  });
