// A school's monitoring rules kept in Conduct, on a real database: leaders edit the bell schedule
// (form and JSON) and upload timetables (errors with line and field, all or nothing, a re-upload
// replaces); staff and another school's principal are refused every route; ingest uses the kept
// rules; and when the rules change, stored minutes and findings are re-classed, exactly across the
// change of the clocks, with a reviewed finding kept and noted.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schoolClosures } from "../core/calendar/schema";
import { staff } from "../core/people/schema";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { ingestLog } from "./ingest-log";
import { reclassSchoolMinutes } from "./reclass-minutes";
import { monitoringFindings, monitoringTimetableEntries } from "./schema";
import { loadThresholds } from "./school-rules";
import { parseStaffCsv } from "./parse-staff-csv";
import { bellsJson, plantedRequests, squidLine, staffCsv, storedMinutes, timetableCsv } from "./test-support";

let t: TestApp;
let seeded: SeededTrust;
let file: string;
const base = () => `/monitoring/schools/${seeded.schoolA.slug}/settings`;

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedTrust(t);
  await t.database.db.insert(staff).values(
    ["alice", "bob", "carol", "dave"].map((name, i) => ({
      schoolId: seeded.schoolA.id,
      externalId: `S${i}`,
      firstName: name,
      lastName: "Test",
      email: `${name}@summit.org`,
      jobTitle: "Teacher",
      employment: "employee" as const,
      startDate: "2020-09-01",
    })),
  );
  const dir = mkdtempSync(path.join(tmpdir(), "conduct-monitoring-settings-"));
  file = path.join(dir, "access.log");
  writeFileSync(file, `${plantedRequests().map(squidLine).join("\n")}\n`);
});

afterAll(async () => {
  await t?.close();
});

describe("who may keep the rules", () => {
  it("refuses staff and another school's principal on every route, and thresholds to a principal", async () => {
    const staffMember = await signInAs(t, "staff", { schoolId: seeded.schoolA.id });
    const elsewhere = await signInAs(t, "principal", { schoolId: seeded.schoolB.id });
    for (const who of [staffMember, elsewhere]) {
      expect((await t.request(base(), { cookie: who.cookie })).status).toBe(403);
      for (const [p, form] of [
        ["bells", { timezone: "Europe/London", directedStart: "08:30", directedEnd: "16:00" }],
        ["bells-json", { json: bellsJson }],
        ["timetable", { csv: timetableCsv }],
      ] as const)
        expect((await t.request(`${base()}/${p}`, { cookie: who.cookie, form })).status, p).toBe(403);
      expect((await t.request("/monitoring/thresholds", { cookie: who.cookie })).status).toBe(403);
    }
    const principal = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
    const thresholds = {
      pupilsPresentMinutesPerDay: "0",
      dailyMinutesOutsideBreaks: "5",
      weeklyMinutes: "60",
    };
    expect(
      (await t.request("/monitoring/thresholds", { cookie: principal.cookie, form: thresholds })).status,
    ).toBe(403);
    expect((await t.request(base(), { cookie: principal.cookie })).status).toBe(200);
  });
});

describe("the bell schedule", () => {
  it("is saved from the form, with errors naming the field", async () => {
    const leader = await signInAs(t, "senior-leader", { schoolId: seeded.schoolA.id });
    const bad = await t.request(`${base()}/bells`, {
      cookie: leader.cookie,
      body: new URLSearchParams([
        ["timezone", "Mars/Olympus"],
        ["directedStart", "08:30"],
        ["directedEnd", "16:00"],
        ["name", "Period 1"],
        ["start", "09:00"],
        ["end", "8:00"],
        ["kind", "lesson"],
      ]).toString(),
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("timezone: &quot;Mars/Olympus&quot; is not a time zone");
    expect(html).toContain("periods[0]: the end is not after the start");
    const good = await t.request(`${base()}/bells`, {
      cookie: leader.cookie,
      body: new URLSearchParams([
        ["timezone", "Europe/London"],
        ["directedStart", "08:30"],
        ["directedEnd", "16:00"],
        ["name", "Period 1"],
        ["start", "09:00"],
        ["end", "10:00"],
        ["kind", "lesson"],
        ["name", ""],
        ["start", ""],
        ["end", ""],
        ["kind", ""],
      ]).toString(),
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(good.status).toBe(303);
    const page = await (await t.request(base(), { cookie: leader.cookie })).text();
    expect(page).toContain('value="Period 1"');
  });

  it("is uploaded as JSON, with errors naming the field", async () => {
    const leader = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
    const wrong = JSON.parse(bellsJson);
    wrong.periods[2].kind = "assembly";
    const bad = await t.request(`${base()}/bells-json`, {
      cookie: leader.cookie,
      form: { json: JSON.stringify(wrong) },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("periods[2].kind: &quot;assembly&quot; is not one of");
    const good = await t.request(`${base()}/bells-json`, {
      cookie: leader.cookie,
      form: { json: bellsJson },
    });
    expect(good.status).toBe(303);
    expect(await (await t.request(base(), { cookie: leader.cookie })).text()).toContain('value="Period 5"');
  });
});

describe("timetables", () => {
  it("reports errors with line and field, stores nothing then, and a re-upload replaces", async () => {
    const leader = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
    const wrong = [
      "staff_email,weekday,start,end,activity",
      "bob@summit.org,Mon,09:00,10:00,lesson",
      "bob@summit.org,Sat,10:00,11:00,ppa",
      "nobody@summit.org,Tue,10:00,11:00,ppa",
    ].join("\n");
    const bad = await t.request(`${base()}/timetable`, { cookie: leader.cookie, form: { csv: wrong } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/timetable\.csv:3: weekday: &quot;Sat&quot; is not a weekday/);
    const unknown = wrong
      .split("\n")
      .filter((_, i) => i !== 2)
      .join("\n");
    const bad2 = await t.request(`${base()}/timetable`, { cookie: leader.cookie, form: { csv: unknown } });
    expect(await bad2.text()).toMatch(
      /timetable\.csv:3: staff_email: &quot;nobody@summit.org&quot; is not a member/,
    );
    const count = async () => (await t.database.db.select().from(monitoringTimetableEntries)).length;
    expect(await count()).toBe(0);
    const first = "staff_email,weekday,start,end,activity\nbob@summit.org,Mon,10:00,11:00,ppa";
    expect(
      (await t.request(`${base()}/timetable`, { cookie: leader.cookie, form: { csv: first } })).status,
    ).toBe(303);
    expect(
      (await t.request(`${base()}/timetable`, { cookie: leader.cookie, form: { csv: first } })).status,
    ).toBe(303);
    expect(await count()).toBe(1);
    // Back to no timetables for the re-class test below.
    await t.database.db.delete(monitoringTimetableEntries);
  });

  it("warns, on upload and on the page, about a timetable that lists no lessons", async () => {
    const leader = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
    const rota = [
      "staff_email,weekday,start,end,activity",
      "carol@summit.org,Mon,11:00,11:20,duty",
      "bob@summit.org,Mon,09:00,10:00,lesson",
    ].join("\n");
    const upload = await t.request(`${base()}/timetable`, { cookie: leader.cookie, form: { csv: rota } });
    expect(upload.status).toBe(303);
    const warning =
      "timetable for carol@summit.org lists no lessons: every lesson period counts as time without pupils for them";
    const page = await (await t.request(base(), { cookie: leader.cookie })).text();
    expect(page).toContain(warning);
    expect(page).not.toContain("timetable for bob@summit.org lists no lessons");
    await t.database.db.delete(monitoringTimetableEntries);
    const after = await (await t.request(base(), { cookie: leader.cookie })).text();
    expect(after).not.toContain(warning);
  });
});

describe("thresholds", () => {
  it("are stored by the IT director and read by ingest", async () => {
    const it_ = await signInAs(t, "it-director");
    const bad = await t.request("/monitoring/thresholds", {
      cookie: it_.cookie,
      form: { pupilsPresentMinutesPerDay: "0", dailyMinutesOutsideBreaks: "lots", weeklyMinutes: "180" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("dailyMinutesOutsideBreaks: &quot;lots&quot;");
    const good = await t.request("/monitoring/thresholds", {
      cookie: it_.cookie,
      form: { pupilsPresentMinutesPerDay: "0", dailyMinutesOutsideBreaks: "30", weeklyMinutes: "40" },
    });
    expect(good.status).toBe(303);
    expect((await loadThresholds(t.database.db)).weeklyMinutes).toBe(40);
  });
});

describe("re-classing when the rules change", () => {
  const classOf = async (utc: string, email: string) => {
    const [person] = await t.database.db.select().from(staff).where(eq(staff.email, email));
    const rows = (await storedMinutes(t.database.db)).filter(
      (r) => r.staffId === person!.id && r.minute.getTime() === new Date(utc).getTime(),
    );
    return rows.map((r) => r.minuteClass);
  };

  it("re-classes stored minutes by the new timetable, on BST, and notes a reviewed finding", async () => {
    const people = parseStaffCsv(staffCsv, "staff.csv");
    const ingested = await ingestLog({
      db: t.database.db,
      actor: { id: null, label: "test" },
      schoolSlug: seeded.schoolA.slug,
      source: file,
      format: "squid",
      staffFile: people.ok ? people.staff : [],
    });
    expect(ingested.ok).toBe(true);
    // Kept weekly threshold (40) used by ingest: Bob's week is over it.
    const [bob] = await t.database.db.select().from(staff).where(eq(staff.email, "bob@summit.org"));
    const weekly = await t.database.db
      .select()
      .from(monitoringFindings)
      .where(and(eq(monitoringFindings.staffId, bob!.id), eq(monitoringFindings.kind, "weekly-excessive")));
    expect(weekly[0]?.threshold).toBe(40);
    expect((await reclassSchoolMinutes({ db: t.database.db, schoolId: seeded.schoolA.id })).status).toBe(
      "reclassed",
    );
    expect((await reclassSchoolMinutes({ db: t.database.db, schoolId: seeded.schoolA.id })).status).toBe(
      "up-to-date",
    );
    // Monday 30 March 2026 is BST: 10:10 local is 09:10 UTC, Period 2. No timetable: pupils present.
    expect(await classOf("2026-03-30T09:10:00Z", "bob@summit.org")).toEqual(["pupilsPresent"]);
    const [pp] = await t.database.db
      .select()
      .from(monitoringFindings)
      .where(
        and(
          eq(monitoringFindings.staffId, bob!.id),
          eq(monitoringFindings.kind, "pupils-present"),
          eq(monitoringFindings.day, "2026-03-30"),
        ),
      );
    // 09:10 (one minute on two platforms), Period 2 (10) and Period 4 (10).
    expect(pp!.minutes).toBe(21);
    await t.database.db
      .update(monitoringFindings)
      .set({ status: "confirmed", reviewReason: "Seen and discussed" })
      .where(eq(monitoringFindings.id, pp!.id));

    const leader = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
    await t.request(`${base()}/timetable`, { cookie: leader.cookie, form: { csv: timetableCsv } });
    const result = await reclassSchoolMinutes({ db: t.database.db, schoolId: seeded.schoolA.id });
    expect(result).toMatchObject({ status: "reclassed" });
    // PPA 10:00-11:00 local: 09:10 UTC is PPA (were it read as GMT it would be Period 1, a lesson).
    expect(await classOf("2026-03-30T09:10:00Z", "bob@summit.org")).toEqual(["directedNoPupils"]);
    // Break duty 11:02 local (10:02 UTC): pupils present, by the timetable.
    expect(await classOf("2026-03-30T10:02:00Z", "bob@summit.org")).toEqual(["pupilsPresent"]);
    const [after] = await t.database.db
      .select()
      .from(monitoringFindings)
      .where(eq(monitoringFindings.id, pp!.id));
    expect(after!.status).toBe("confirmed");
    expect(after!.minutes).toBe(21);
    expect(after!.basisNote).toContain("counts 6 minutes (reviewed at 21)");
  });

  it("re-classes when core's calendar gains a closure, and withdraws findings still to review", async () => {
    await t.database.db
      .insert(schoolClosures)
      .values({ schoolId: seeded.schoolA.id, date: "2026-03-30", reason: "Snow" });
    const result = await reclassSchoolMinutes({ db: t.database.db, schoolId: seeded.schoolA.id });
    expect(result).toMatchObject({ status: "reclassed" });
    expect(await classOf("2026-03-30T10:02:00Z", "bob@summit.org")).toEqual(["allowed"]);
    const open = await t.database.db
      .select()
      .from(monitoringFindings)
      .where(and(eq(monitoringFindings.day, "2026-03-30"), eq(monitoringFindings.status, "to review")));
    expect(open).toHaveLength(0);
    // Friday 27 March is untouched: Alice's finding there stays.
    const friday = await t.database.db
      .select()
      .from(monitoringFindings)
      .where(eq(monitoringFindings.day, "2026-03-27"));
    expect(friday.length).toBeGreaterThan(0);
  });
});

describe("the DPO record", () => {
  it("shows the school's device-site decisions (8.6.3) kept by accounts, not another school's", async () => {
    const { deviceSites } = await import("../accounts/schema");
    await t.database.db.insert(deviceSites).values([
      {
        schoolId: seeded.schoolA.id,
        site: "padlet.com",
        decidedBy: "A. Head",
        reason: "class walls",
        decidedOn: "2026-01-05",
      },
      {
        schoolId: seeded.schoolB.id,
        site: "elsewhere.example",
        decidedBy: "B. Head",
        reason: "other",
        decidedOn: "2026-01-05",
      },
    ]);
    const principal = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
    const page = await (
      await t.request(`/monitoring/schools/${seeded.schoolA.slug}/dpo`, { cookie: principal.cookie })
    ).text();
    expect(page).toContain("padlet.com: decided by A. Head on 2026-01-05, because class walls");
    expect(page).not.toContain("elsewhere.example");
  });
});
