/** @jsxImportSource hono/jsx */
// Each school's term dates and closures, set by its leaders (or the trust administrator): one line
// each, as a school office would paste them. Deadlines in school days count against this.
import { schoolsWhere } from "../../platform/auth/permissions";
import { setFlash } from "../../platform/web/flash";
import { Routes } from "../../platform/web/guard";
import { ErrorSummary, Layout } from "../../platform/web/layout";
import { TextArea } from "../../platform/web/components";
import { formValues } from "../../platform/web/form";
import { schoolsOfUser } from "../../core/people/schools-of-user";
import { loadSchoolCalendar } from "./load-school-calendar";
import { parseCalendarLines, saveSchoolCalendar } from "./save-school-calendar";
import type { SchoolCalendar } from "./school-days";

const MAX_CALENDAR_CHARS = 20_000;

function asLines(calendar: SchoolCalendar): string {
  return [
    ...calendar.terms.map((t) => `term, ${t.name}, ${t.startsOn}, ${t.endsOn}`),
    ...calendar.closures.map((c) => `closed, ${c.date}, ${c.reason}`),
  ].join("\n");
}

function CalendarPage(props: {
  user: Parameters<typeof Layout>[0]["user"];
  school: { name: string; slug: string };
  text: string;
  error?: string;
}) {
  return (
    <Layout title={`Calendar: ${props.school.name}`} user={props.user} current="/admin">
      {props.error ? <ErrorSummary errors={{ calendar: props.error }} /> : null}
      <p>
        One line for each term and each day the school is closed. Weekends and England and Wales's bank
        holidays are never school days; without any term, every other weekday is one.
      </p>
      <form method="post" action={`/admin/calendar/${props.school.slug}`} class="stack">
        <TextArea
          name="calendar"
          label="Terms and closures"
          hint="For example: term, Autumn 1, 2026-09-02, 2026-10-23 — and: closed, 2026-11-27, INSET day"
          value={props.text}
          error={props.error}
          maxLength={MAX_CALENDAR_CHARS}
        />
        <button type="submit">Save the calendar</button>
      </form>
      <p>
        <a href="/admin/calendar">All schools</a>
      </p>
    </Layout>
  );
}

export const calendarRoutes = new Routes()
  .get("/admin/calendar", { action: "calendar.manage" }, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const where = schoolsWhere(user, "calendar.manage");
    const mine = (await schoolsOfUser(db, user)).filter((s) => where === "all" || where.includes(s.id));
    return c.html(
      <Layout title="School calendars" user={user} current="/admin">
        <ul>
          {mine.map((s) => (
            <li>
              <a href={`/admin/calendar/${s.slug}`}>{s.name}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  })
  .get("/admin/calendar/:school", { action: "calendar.manage", schoolParam: "school" }, async (c) => {
    const school = c.get("school")!;
    const calendar = await loadSchoolCalendar(c.get("services").database.db, school.id);
    return c.html(<CalendarPage user={c.get("user")} school={school} text={asLines(calendar)} />);
  })
  .post("/admin/calendar/:school", { action: "calendar.manage", schoolParam: "school" }, async (c) => {
    const user = c.get("user");
    const school = c.get("school")!;
    const text = String((await formValues(c)).calendar ?? "");
    if (text.length > MAX_CALENDAR_CHARS)
      return c.html(
        <CalendarPage user={user} school={school} text="" error="That is too long for a school calendar." />,
        400,
      );
    const parsed = parseCalendarLines(text);
    if (parsed.problems.length) {
      const first = parsed.problems[0]!;
      const where = first.line ? `Line ${first.line}, ${first.field}: ` : "";
      return c.html(
        <CalendarPage
          user={user}
          school={school}
          text={text}
          error={`${where}${first.message}. Nothing was saved.`}
        />,
        400,
      );
    }
    await saveSchoolCalendar({
      db: c.get("services").database.db,
      actor: { id: user.id, label: user.email },
      schoolId: school.id,
      terms: parsed.terms,
      closures: parsed.closures,
    });
    setFlash(c, `Saved: ${parsed.terms.length} terms and ${parsed.closures.length} closures.`);
    return c.redirect(`/admin/calendar/${school.slug}`, 303);
  });
