// Monitoring pages on a real database: a named person's detail needs the permission at their school
// and a reason (a trustee and another school's principal are refused), the look is shown on that
// person's own page, they can challenge a finding, and the reviewer must answer the challenge.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addStaffRecord } from "../core/people/test-support";
import { auditEvents } from "../platform/audit/schema";
import { users } from "../platform/auth/schema";
import { signInAs } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { ingestLog } from "./ingest-log";
import { parseBellSchedule } from "./parse-bell-schedule";
import { parseIpMapCsv } from "./parse-ip-map-csv";
import { parseStaffCsv } from "./parse-staff-csv";
import { parseTimetableCsv } from "./parse-timetable-csv";
import { monitoringFindings } from "./schema";
import { bellsJson, ipMapCsv, plantedRequests, squidLine, staffCsv, timetableCsv } from "./test-support";

const ctx = useTestTrust();
let alice: { cookie: string; userId: string };

beforeAll(async () => {
  const { db } = ctx.t.database;
  const rows = [];
  for (const [i, name] of ["alice", "bob", "carol", "dave"].entries())
    rows.push(
      await addStaffRecord(db, name, ctx.trust.schoolA.id, {
        externalId: `S${i}`,
        lastName: "Test",
        email: `${name}@summit.org`,
      }),
    );
  const dir = mkdtempSync(path.join(tmpdir(), "conduct-monitoring-routes-"));
  const file = path.join(dir, "access.log");
  writeFileSync(file, `${plantedRequests().map(squidLine).join("\n")}\n`);
  const bells = parseBellSchedule(bellsJson, "b");
  const tt = parseTimetableCsv(timetableCsv, "t");
  const map = parseIpMapCsv(ipMapCsv, "m");
  const people = parseStaffCsv(staffCsv, "s");
  if (!bells.ok || !tt.ok || !map.ok || !people.ok) throw new Error("settings");
  const ingested = await ingestLog({
    db,
    actor: { id: null, label: "test" },
    schoolSlug: ctx.trust.schoolA.slug,
    source: file,
    format: "squid",
    bells: bells.schedule,
    timetables: tt.timetables,
    leases: map.leases,
    staffFile: people.staff,
  });
  if (!ingested.ok) throw new Error(ingested.message);
  const signedIn = await signInAs(ctx.t, "staff", {
    schoolId: ctx.trust.schoolA.id,
    email: "alice@summit.org",
  });
  await db.update(users).set({ staffId: rows[0]!.id }).where(eq(users.id, signedIn.userId));
  alice = signedIn;
});

const detailPath = () => `/monitoring/schools/${ctx.trust.schoolA.slug}/detail`;
const form = { email: "alice@summit.org", reason: "Check of a finding raised for review" };

describe("a named person's monitoring detail", () => {
  it("is refused to a trustee, to another school's principal and to a member of staff", async () => {
    for (const [role, schoolId] of [
      ["trustee", null],
      ["principal", ctx.trust.schoolB.id],
      ["staff", ctx.trust.schoolA.id],
    ] as const) {
      const { cookie } = await signInAs(ctx.t, role, { schoolId });
      const response = await ctx.t.request(detailPath(), { cookie, form });
      expect(response.status, role).toBe(403);
    }
    const views = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.detail-viewed"));
    expect(views).toHaveLength(0);
  });

  it("needs a reason, is audited, and is shown to the person on their own page", async () => {
    const principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
    const noReason = await ctx.t.request(detailPath(), {
      cookie: principal.cookie,
      form: { ...form, reason: "because" },
    });
    expect(noReason.status).toBe(400);
    const response = await ctx.t.request(detailPath(), { cookie: principal.cookie, form });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Alice Test");
    expect(html).toContain("2026-03-30");
    const own = await (await ctx.t.request("/monitoring", { cookie: alice.cookie })).text();
    expect(own).toContain("Check of a finding raised for review");
    expect(own).toContain("Test principal");
    const audited = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.detail-viewed"));
    expect(audited).toHaveLength(1);
  });
});

describe("findings", () => {
  it("the person challenges a finding and the reviewer must answer it", async () => {
    const [finding] = await ctx.t.database.db
      .select()
      .from(monitoringFindings)
      .where(eq(monitoringFindings.day, "2026-03-27"));
    const challenge = await ctx.t.request(`/monitoring/findings/${finding!.id}/challenge`, {
      cookie: alice.cookie,
      form: { text: "I was on PPA that lesson; the timetable is wrong" },
    });
    expect(challenge.status).toBe(303);
    // Someone else's finding cannot be challenged by Alice.
    const [bobs] = await ctx.t.database.db
      .select()
      .from(monitoringFindings)
      .where(eq(monitoringFindings.minutes, 6));
    const other = await ctx.t.request(`/monitoring/findings/${bobs!.id}/challenge`, {
      cookie: alice.cookie,
      form: { text: "not mine" },
    });
    expect(other.status).toBe(404);

    const principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
    const unanswered = await ctx.t.request(`/monitoring/findings/${finding!.id}/review`, {
      cookie: principal.cookie,
      form: { outcome: "dismissed", reason: "The timetable was out of date" },
    });
    expect(unanswered.status).toBe(400);
    const elsewhere = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
    const refused = await ctx.t.request(`/monitoring/findings/${finding!.id}/review`, {
      cookie: elsewhere.cookie,
      form: { outcome: "dismissed", reason: "The timetable was out of date", answer: "Agreed, thank you" },
    });
    expect(refused.status).toBe(403);
    const reviewed = await ctx.t.request(`/monitoring/findings/${finding!.id}/review`, {
      cookie: principal.cookie,
      form: {
        outcome: "dismissed",
        reason: "The timetable was out of date",
        answer: "Agreed, it is corrected now",
      },
    });
    expect(reviewed.status).toBe(303);
    const own = await (await ctx.t.request("/monitoring", { cookie: alice.cookie })).text();
    expect(own).toContain("dismissed");
    expect(own).toContain("Agreed, it is corrected now");
  });
});

describe("the home page", () => {
  it("tells a principal of the school, not another school's, that findings wait for review", async () => {
    const here = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
    const home = await (await ctx.t.request("/", { cookie: here.cookie })).text();
    expect(home).toContain("Monitoring findings to review");
    expect(home).toContain(`/monitoring/schools/${ctx.trust.schoolA.slug}`);
    const elsewhere = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
    expect(await (await ctx.t.request("/", { cookie: elsewhere.cookie })).text()).not.toContain(
      "Monitoring findings to review",
    );
  });
});

describe("the school report page", () => {
  it("is locked until the DPO record is complete, then shows totals and the heatmap without names", async () => {
    const leader = await signInAs(ctx.t, "senior-leader", { schoolId: ctx.trust.schoolA.id });
    const url = `/monitoring/schools/${ctx.trust.schoolA.slug}?from=2026-03-23&to=2026-04-05`;
    const locked = await (await ctx.t.request(url, { cookie: leader.cookie })).text();
    expect(locked).toContain("Reports are locked");
    expect(locked).toContain("the lawful basis");
    const dpoPath = `/monitoring/schools/${ctx.trust.schoolA.slug}/dpo`;
    const dpoForm = {
      purpose: "Clauses 8.6.2 and 9.1",
      lawfulBasis: "Legitimate interests",
      dpiaReference: "DPIA-7",
      dpiaDate: "2026-01-10",
      seniorLeader: "A. Head",
      governor: "G. Vernor",
      retentionDays: "90",
    };
    // A senior leader may read reports but not keep the DPO record; another school's principal neither.
    expect((await ctx.t.request(dpoPath, { cookie: leader.cookie, form: dpoForm })).status).toBe(403);
    const elsewhere = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
    expect((await ctx.t.request(dpoPath, { cookie: elsewhere.cookie, form: dpoForm })).status).toBe(403);
    const principal = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolA.id });
    expect((await ctx.t.request(dpoPath, { cookie: principal.cookie, form: dpoForm })).status).toBe(303);
    const page = await (await ctx.t.request(dpoPath, { cookie: principal.cookie })).text();
    expect(page).toContain("Reports are open.");
    expect(page).toContain('value="DPIA-7"');
    const open = await (await ctx.t.request(url, { cookie: leader.cookie })).text();
    expect(open).toContain("<svg");
    expect(open).toContain("36 with pupils present");
    expect(open).not.toContain("alice@summit.org");
    const trustee = await signInAs(ctx.t, "trustee");
    expect((await ctx.t.request(url, { cookie: trustee.cookie })).status).toBe(403);
  });
});
