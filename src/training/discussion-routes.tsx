/** @jsxImportSource hono/jsx */
// Termly discussion pages (3.1.2): the schools' discussions with when each was held; the trust's
// form to schedule the next term's; a leader's record that their school's happened.
import type { Context } from "hono";
import {
  calendarDateAt,
  calendarDateOrThrow,
  defaultTimeZone,
  describeDay,
  parseCalendarDate,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { can, schoolsWhere } from "../platform/auth/permissions";
import { ChoiceGroup, DataTable } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { listDiscussions } from "./list-discussions";
import { recordDiscussion } from "./record-discussion";
import { DEFAULT_REMIND_BEFORE, loadDiscussion, scheduleDiscussions } from "./schedule-discussions";

const VIEW = { action: "training.discussions.view" } as const;
const SCHEDULE = { action: "training.discussions.schedule" } as const;
const RECORD_SCHOOL = { action: "training.discussions.record", schoolParam: "school" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dayText = (date: string) => describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");
const str = (v: unknown) => (typeof v === "string" ? v : "");
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");

async function discussionsPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string> = {},
  values: Record<string, unknown> = {},
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const scope = schoolsWhere(user, "training.discussions.view");
  const rows = await listDiscussions(db, scope);
  const today = calendarDateAt(new Date(), defaultTimeZone);
  const scheduling = can(user, "training.discussions.schedule");
  const allSchools = scheduling ? await countPeopleBySchool(db) : [];
  const picked = strings(values.schools);
  return c.html(
    <Layout title="Termly discussions of the policy" user={user} current="/training/discussions" wide>
      <ErrorSummary errors={errors} />
      <p>
        Principals should give staff opportunities to discuss the policy on a regular basis. The trust
        schedules one discussion a term at each school; the principal is reminded before it is due and records
        when it happened. The policy page shows when each school last discussed it.
      </p>
      <DataTable
        caption="Discussions, newest term first"
        rows={rows}
        empty="No discussion has been scheduled yet."
        columns={[
          { label: "School", cell: (r) => r.schoolName },
          { label: "Term", cell: (r) => r.discussion.termName },
          { label: "Due by", cell: (r) => dayText(r.discussion.dueOn) },
          {
            label: "Held",
            cell: (r) =>
              r.discussion.heldOn ? (
                `${dayText(r.discussion.heldOn)}, led by ${r.discussion.ledByName}, ${r.discussion.attended} took part`
              ) : r.discussion.dueOn < today ? (
                <strong>Not recorded (overdue)</strong>
              ) : (
                "Not yet"
              ),
          },
          {
            label: "Action",
            cell: (r) =>
              !r.discussion.heldOn &&
              can(user, "training.discussions.record", { schoolId: r.discussion.schoolId }) ? (
                <a href={`/training/discussions/${r.schoolSlug}/${r.discussion.id}`}>
                  Record that it happened<span class="visually-hidden"> at {r.schoolName}</span>
                </a>
              ) : (
                ""
              ),
          },
        ]}
      />
      {scheduling ? (
        <>
          <h2>Schedule a term's discussion</h2>
          <form method="post" action="/training/discussions/schedule">
            <Field
              name="inTermOf"
              label="A day in the term"
              type="date"
              value={str(values.inTermOf) || today}
              hint="Each school's term that holds this day, or its next term, from the school's calendar."
              error={errors.inTermOf}
              required
            />
            <Field
              name="remindBefore"
              label="Remind the principal this many school days before it is due"
              type="number"
              value={str(values.remindBefore) || String(DEFAULT_REMIND_BEFORE)}
              error={errors.remindBefore}
              required
            />
            <ChoiceGroup
              type="checkbox"
              name="schools"
              legend="Schools"
              error={errors.schools}
              checked={picked.length ? picked : allSchools.map((s) => s.id)}
              choices={allSchools.map((s) => ({ value: s.id, label: s.name }))}
            />
            <button type="submit">Schedule</button>
          </form>
        </>
      ) : null}
    </Layout>,
    status,
  );
}

async function recordPage(
  c: Context<SignedInEnv>,
  errors: Record<string, string>,
  values: Record<string, unknown>,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const school = c.get("school")!;
  const id = c.req.param("id") ?? "";
  const { db } = c.get("services").database;
  const d = UUID.test(id) ? await loadDiscussion(db, school.id, id) : null;
  if (!d) return notFound(c, "discussion");
  return c.html(
    <Layout
      title={`Record the ${d.termName} discussion at ${school.name}`}
      user={user}
      current="/training/discussions"
    >
      <ErrorSummary errors={errors} />
      <p>
        Due by {dayText(d.dueOn)}. Record the day, who led it and how many took part; no names or notes are
        kept.
      </p>
      <form method="post" action={`/training/discussions/${school.slug}/${d.id}`}>
        <Field
          name="heldOn"
          label="Day it was held"
          type="date"
          value={str(values.heldOn) || d.heldOn || calendarDateAt(new Date(), school.timeZone)}
          error={errors.heldOn}
          required
        />
        <Field
          name="ledByName"
          label="Who led it"
          value={str(values.ledByName) || d.ledByName || ""}
          error={errors.ledByName}
          required
        />
        <Field
          name="attended"
          label="How many took part"
          type="number"
          value={str(values.attended) || (d.attended ? String(d.attended) : "")}
          error={errors.attended}
          required
        />
        <button type="submit">Record it</button>
      </form>
    </Layout>,
    status,
  );
}

export const discussionRoutes = new Routes()
  .get("/training/discussions", VIEW, (c) => discussionsPage(c))
  .post("/training/discussions/schedule", SCHEDULE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const body = await c.req.parseBody({ all: true });
    const errors: Record<string, string> = {};
    const inTermOf = str(body.inTermOf).trim();
    if (!parseCalendarDate(inTermOf).ok) errors.inTermOf = "Enter a day in the term, for example 2027-01-12.";
    const remindText = str(body.remindBefore).trim();
    const remindBefore = Number(remindText);
    if (!/^\d+$/.test(remindText) || remindBefore > 60)
      errors.remindBefore = "Enter a whole number of school days from 0 to 60.";
    const known = new Set((await countPeopleBySchool(db)).map((s) => s.id));
    const chosen = strings(body.schools).filter((id) => known.has(id));
    if (chosen.length === 0) errors.schools = "Choose at least one school.";
    if (Object.keys(errors).length) return discussionsPage(c, errors, body, 400);
    const outcome = await scheduleDiscussions({
      db,
      actor: user,
      schoolIds: chosen,
      inTermOf,
      remindSchoolDaysBefore: remindBefore,
    });
    const parts = [
      `Scheduled at ${outcome.scheduled.length} ${outcome.scheduled.length === 1 ? "school" : "schools"}.`,
    ];
    if (outcome.already.length) parts.push(`${outcome.already.length} already had that term's discussion.`);
    if (outcome.noTerms.length)
      parts.push(
        `${outcome.noTerms.length} have no term dates yet: set them in the school's calendar first.`,
      );
    setFlash(c, parts.join(" "));
    return c.redirect("/training/discussions", 303);
  })
  .get("/training/discussions/:school/:id", RECORD_SCHOOL, (c) => recordPage(c, {}, {}))
  .post("/training/discussions/:school/:id", RECORD_SCHOOL, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "discussion");
    const body = await c.req.parseBody();
    const result = await recordDiscussion({
      db: c.get("services").database.db,
      leader: user,
      school,
      discussionId: id,
      heldOn: str(body.heldOn),
      ledByName: str(body.ledByName),
      attended: str(body.attended),
    });
    if (!result.ok) return recordPage(c, result.errors, body, 400);
    setFlash(c, `Recorded: ${school.name}'s discussion is shown on the policy page.`);
    return c.redirect("/training/discussions", 303);
  });
