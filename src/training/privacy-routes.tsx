/** @jsxImportSource hono/jsx */
// Account privacy check-up pages (4.9): a member of staff works through the checklist platform by
// platform and sees their own record; leaders see how many of their school's staff did it in the
// last year (never whose answers); the trust administrator edits the checklist.
import { formatDay } from "../platform/format-date";
import type { Context } from "hono";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { can, schoolsWhere } from "../platform/auth/permissions";
import { DataTable, TextArea } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { Routes } from "../platform/web/guard";
import { ErrorSummary, Layout } from "../platform/web/layout";
import {
  CHECK_UP_CURRENT_DAYS,
  checkedUpBySchool,
  loadCurrentChecklist,
  myCheckUps,
  recordCheckUp,
  saveChecklist,
} from "./privacy-check-ups";
import { checklistText, parseChecklistText, readCheckUpAnswers, stillToDo } from "./privacy-checklist";

const OWN = { action: "training.privacy.own" } as const;
const COUNT = { action: "training.privacy.count" } as const;
const EDIT = { action: "training.privacy.checklist" } as const;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
const when = (d: Date) => formatDay(d);

async function checkUpPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string> = {},
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const checklist = await loadCurrentChecklist(db);
  const mine = user.staffId ? await myCheckUps(db, user.staffId) : [];
  const latest = mine[0];
  return c.html(
    <Layout title="Account privacy check-up" user={user} current="/training/privacy">
      <ErrorSummary errors={errors} />
      <p>
        You are responsible for the security and privacy of your personal social media accounts. Work through
        each platform you use and tick what you have checked. Your answers are kept as your own record:
        leaders see only how many staff have done the check-up, never your answers.
      </p>
      {can(user, "training.privacy.count") || can(user, "training.privacy.checklist") ? (
        <ul>
          {can(user, "training.privacy.count") ? (
            <li>
              <a href="/training/privacy/schools">How many staff have done the check-up</a>
            </li>
          ) : null}
          {can(user, "training.privacy.checklist") ? (
            <li>
              <a href="/training/privacy/checklist">Edit the checklist</a>
            </li>
          ) : null}
        </ul>
      ) : null}
      <h2>Your check-ups</h2>
      {user.staffId ? (
        <DataTable
          caption="Check-ups you have done, newest first"
          rows={mine}
          empty="You have not done the check-up yet."
          columns={[
            { label: "Day", cell: (r) => when(r.completedAt) },
            {
              label: "Platforms you have an account on",
              cell: (r) =>
                r.answers
                  .filter((a) => a.hasAccount)
                  .map((a) => a.platform)
                  .join(", ") || "None",
            },
            { label: "Still to do", numeric: true, cell: (r) => String(stillToDo(r.answers)) },
          ]}
        />
      ) : (
        <p>Your account is not linked to a staff record, so there is no check-up to keep for you.</p>
      )}
      {latest && stillToDo(latest.answers) > 0 ? (
        <>
          <h3>Still to do from your last check-up</h3>
          <ul>
            {latest.answers
              .filter((a) => a.hasAccount)
              .flatMap((a) =>
                a.items.filter((i) => !i.done).map((i) => <li>{`${a.platform}: ${i.text}`}</li>),
              )}
          </ul>
        </>
      ) : null}
      {user.staffId ? (
        <>
          <h2 id="version" tabindex={-1}>
            Do the check-up
          </h2>
          <form method="post" action="/training/privacy">
            <input type="hidden" name="version" value={String(checklist.version)} />
            {checklist.platforms.map((p, pi) => (
              <fieldset>
                <legend>{p.name}</legend>
                <div class="checkboxes">
                  <label>
                    <input type="checkbox" name="none" value={String(pi)} /> I do not have an account on{" "}
                    {p.name}
                  </label>
                  {p.items.map((item, ii) => (
                    <label>
                      <input type="checkbox" name="done" value={`${pi}.${ii}`} /> {item}
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
            <button type="submit">Save my check-up</button>
          </form>
        </>
      ) : null}
    </Layout>,
    status,
  );
}

async function checklistPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string> = {},
  value?: string,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const checklist = await loadCurrentChecklist(db);
  return c.html(
    <Layout title="Edit the account privacy checklist" user={user} current="/training/privacy">
      <ErrorSummary errors={errors} />
      <p>
        {checklist.savedAt
          ? `Version ${checklist.version}, saved ${when(checklist.savedAt)}.`
          : "This is Conduct's default checklist: the trust has not saved its own yet."}{" "}
        Platforms change their settings: saving makes a new version, and the next check-up anyone does uses
        it. Check-ups already done keep the wording they were done against.
      </p>
      <form method="post" action="/training/privacy/checklist">
        <TextArea
          name="checklist"
          label="Platforms and the things to check"
          hint='Put each platform on its own line, then each thing to check on a line starting "- ". Leave a blank line between platforms.'
          value={value ?? checklistText(checklist.platforms)}
          error={errors.checklist}
          required
        />
        <button type="submit">Save a new version</button>
      </form>
    </Layout>,
    status,
  );
}

export const privacyRoutes = new Routes()
  .get("/training/privacy", OWN, (c) => checkUpPage(c))
  .post("/training/privacy", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    if (!user.staffId)
      return checkUpPage(c, { version: "Your account is not linked to a staff record." }, 400);
    const body = await c.req.parseBody({ all: true });
    const checklist = await loadCurrentChecklist(db);
    // The list changed while they were filling it in: ask them to go through the new one.
    if (str(body.version) !== String(checklist.version))
      return checkUpPage(
        c,
        { version: "The checklist has changed since you opened it: go through it again." },
        400,
      );
    const answers = readCheckUpAnswers(checklist.platforms, {
      none: strings(body.none),
      done: strings(body.done),
    });
    await recordCheckUp(db, { user, staffId: user.staffId, checklistVersion: checklist.version, answers });
    const left = stillToDo(answers);
    setFlash(
      c,
      left
        ? `Your check-up is saved. ${left} ${left === 1 ? "thing is" : "things are"} still to do: see below.`
        : "Your check-up is saved. Thank you.",
    );
    return c.redirect("/training/privacy", 303);
  })
  .get("/training/privacy/schools", COUNT, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const scope = schoolsWhere(user, "training.privacy.count");
    const counts = await checkedUpBySchool(db, { scope });
    const rows = (await countPeopleBySchool(db))
      .filter((s) => scope === "all" || scope.includes(s.id))
      .map((s) => ({ name: s.name, ...(counts.get(s.id) ?? { inPost: 0, checkedUp: 0 }) }));
    return c.html(
      <Layout title="Account privacy check-ups" user={user} current="/training/privacy">
        <p>
          How many staff in post did the account privacy check-up in the last {CHECK_UP_CURRENT_DAYS} days.
          The answers belong to each member of staff: no one else sees them.
        </p>
        <DataTable
          caption="Staff who did the check-up, by school"
          rows={rows}
          empty="There are no schools for you to see."
          columns={[
            { label: "School", cell: (r) => r.name },
            { label: "Did the check-up", numeric: true, cell: (r) => String(r.checkedUp) },
            { label: "Staff in post", numeric: true, cell: (r) => String(r.inPost) },
          ]}
        />
      </Layout>,
    );
  })
  .get("/training/privacy/checklist", EDIT, (c) => checklistPage(c))
  .post("/training/privacy/checklist", EDIT, async (c) => {
    const user = c.get("user");
    const body = await c.req.parseBody();
    const text = str(body.checklist);
    const parsed = parseChecklistText(text);
    if (!parsed.ok) return checklistPage(c, { checklist: parsed.error }, text, 400);
    const { version } = await saveChecklist(c.get("services").database.db, user, parsed.platforms);
    setFlash(c, `Saved version ${version} of the checklist: the next check-up anyone does uses it.`);
    return c.redirect("/training/privacy/checklist", 303);
  });
