// Setting a school's calendar through its page: saved whole or not at all, and only by its leaders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  seedTrust,
  signInAs,
  type SeededTrust,
  type TestApp,
} from "../../platform/testing/test-app";
import { loadSchoolCalendar } from "./load-school-calendar";
import { addSchoolDays } from "./school-days";

let t: TestApp;
let trust: SeededTrust;
beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
});
afterAll(async () => t?.close());

describe("the school calendar page", () => {
  it("saves terms and closures, and deadlines then skip half-term", async () => {
    const principal = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
    const res = await t.request(`/admin/calendar/${trust.schoolA.slug}`, {
      cookie: principal.cookie,
      form: {
        calendar:
          "term, Autumn 1, 2026-09-02, 2026-10-23\nterm, Autumn 2, 2026-11-02, 2026-12-18\nclosed, 2026-11-27, INSET day",
      },
    });
    expect(res.status).toBe(303);
    const calendar = await loadSchoolCalendar(t.database.db, trust.schoolA.id);
    expect(calendar.terms).toHaveLength(2);
    expect(calendar.closures).toEqual([{ date: "2026-11-27", reason: "INSET day" }]);
    expect(addSchoolDays(calendar, "2026-10-16", 10)).toBe("2026-11-06");
    const page = await t.request(`/admin/calendar/${trust.schoolA.slug}`, { cookie: principal.cookie });
    expect(await page.text()).toContain("term, Autumn 1, 2026-09-02, 2026-10-23");
  });

  it("refuses a bad line with its number, and keeps what was saved", async () => {
    const principal = await signInAs(t, "principal", { schoolId: trust.schoolA.id });
    const res = await t.request(`/admin/calendar/${trust.schoolA.slug}`, {
      cookie: principal.cookie,
      form: { calendar: "term, Spring 1, 2027-01-05, 2027-02-12\nclosed, 2027-02-30, Snow<script>" },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Line 2, date");
    expect(html).not.toContain("<script>");
    expect((await loadSchoolCalendar(t.database.db, trust.schoolA.id)).terms).toHaveLength(2);
  });

  it("refuses another school's principal and a member of staff", async () => {
    const principalB = await signInAs(t, "principal", { schoolId: trust.schoolB.id });
    const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
    for (const who of [principalB, staff]) {
      const res = await t.request(`/admin/calendar/${trust.schoolA.slug}`, {
        cookie: who.cookie,
        form: { calendar: "closed, 2026-12-01, Nothing" },
      });
      expect(res.status).toBe(403);
    }
    expect((await loadSchoolCalendar(t.database.db, trust.schoolA.id)).closures).toHaveLength(1);
  });
});
