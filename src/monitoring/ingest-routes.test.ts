// Ingest from the browser on a real database: refused to staff, trustees and another school's
// principal; an upload (gzipped, then plain) counts the minutes planted in it and re-uploading adds
// nothing; malformed lines are reported by line number; the bound is checked before reading.
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staff } from "../core/people/schema";
import { auditEvents } from "../platform/audit/schema";
import {
  createTestApp,
  type SeededTrust,
  seedTrust,
  signInAs,
  type TestApp,
} from "../platform/testing/test-app";
import { Hono } from "hono";
import { BodyTooLargeError, countAsItArrives } from "../platform/web/request-limits";
import { MAX_UPLOAD_BYTES } from "./ingest-routes";
import { ingestUploadedLog } from "./ingest-uploaded-log";
import { monitoringRegisters } from "./registers";
import { saveBellSchedule } from "./school-rules";
import { bellsJson, ipMapCsv, type PlantedRequest, squidLine, storedMinutes } from "./test-support";

let t: TestApp;
let seeded: SeededTrust;
let principal: { cookie: string; email: string };

const path = () => `/monitoring/schools/${seeded.schoolA.slug}/ingest`;

// Monday 30 March 2026 (BST). Alice by her email as the log's username: Period 1, 09:10 to 09:19,
// ten minutes with pupils present. Carol with no username, through the IP map: Period 3, 12:00 to
// 12:04, five minutes (the address is hers until 12:30). Fifteen (person, platform, minute) rows.
function planted(): PlantedRequest[] {
  const out: PlantedRequest[] = [];
  for (let m = 0; m < 10; m++)
    for (const s of ["05", "35"])
      out.push({
        local: `2026-03-30 09:${10 + m}:${s}`,
        ip: "10.0.0.1",
        user: "alice@summit.org",
        host: "www.facebook.com",
      });
  for (let m = 0; m < 5; m++)
    out.push({ local: `2026-03-30 12:0${m}:10`, ip: "10.0.0.5", user: "-", host: "www.tiktok.com" });
  return out;
}

// Two malformed lines, at lines 3 and 27 of the file (25 planted requests and the two).
function logText(): string {
  const lines = planted().map(squidLine);
  lines.splice(2, 0, "this is not a squid line");
  lines.push("1774862000.000 12 10.0.0.1");
  return `${lines.join("\n")}\n`;
}

function upload(cookie: string, files: { log?: Blob; logName?: string; ipMap?: string; format?: string }) {
  const form = new FormData();
  if (files.format !== "") form.set("format", files.format ?? "squid");
  if (files.ipMap) form.set("ipMap", new Blob([files.ipMap], { type: "text/csv" }), "map.csv");
  if (files.log) form.set("log", files.log, files.logName ?? "access.log");
  return t.request(path(), { method: "POST", cookie, body: form });
}

beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedTrust(t);
  const { db } = t.database;
  await db.insert(staff).values(
    ["alice", "carol"].map((name, i) => ({
      schoolId: seeded.schoolA.id,
      externalId: `S${i}`,
      firstName: name[0]!.toUpperCase() + name.slice(1),
      lastName: "Test",
      email: `${name}@summit.org`,
      jobTitle: "Teacher",
      employment: "employee" as const,
      startDate: "2020-09-01",
    })),
  );
  const saved = await saveBellSchedule({
    db,
    actor: { id: null, label: "test" },
    schoolId: seeded.schoolA.id,
    jsonText: bellsJson,
    source: "bell.json",
  });
  if (!saved.ok) throw new Error(saved.errors.join("\n"));
  principal = await signInAs(t, "principal", { schoolId: seeded.schoolA.id });
});

afterAll(async () => {
  await t?.close();
});

describe("uploading a log from the browser", () => {
  it("is refused to staff, a senior leader, a trustee and another school's principal, who count nothing", async () => {
    for (const [role, schoolId] of [
      ["staff", seeded.schoolA.id],
      ["senior-leader", seeded.schoolA.id],
      ["trustee", null],
      ["principal", seeded.schoolB.id],
    ] as const) {
      const { cookie } = await signInAs(t, role, { schoolId });
      expect((await t.request(path(), { cookie })).status, role).toBe(403);
      const response = await upload(cookie, { log: new Blob([logText()]), ipMap: ipMapCsv });
      expect(response.status, role).toBe(403);
    }
    expect(await storedMinutes(t.database.db)).toHaveLength(0);
  });

  it("refuses keeping an IP map to staff and another school's principal, and keeps the principal's once", async () => {
    const keep = (cookie: string, csv: string) => {
      const form = new FormData();
      form.set("ipMap", new Blob([csv], { type: "text/csv" }), "leases.csv");
      return t.request(`/monitoring/schools/${seeded.schoolA.slug}/leases`, {
        method: "POST",
        cookie,
        body: form,
      });
    };
    const count = async () =>
      (await t.database.pool.query<{ n: number }>("select count(*)::int as n from monitoring_ip_leases"))
        .rows[0]!.n;
    const lease =
      "ip,staff_email,from,to\n10.0.0.40,alice@summit.org,2026-03-02T08:00:00Z,2026-03-02T09:00:00Z\n";
    for (const [role, schoolId] of [
      ["staff", seeded.schoolA.id],
      ["senior-leader", seeded.schoolA.id],
      ["principal", seeded.schoolB.id],
    ] as const) {
      const { cookie } = await signInAs(t, role, { schoolId });
      expect((await keep(cookie, lease)).status, role).toBe(403);
    }
    expect(await count()).toBe(0);
    const director = await signInAs(t, "it-director");
    const kept = await keep(director.cookie, lease);
    expect(kept.status).toBe(200);
    expect(await kept.text()).toContain(
      "leases.csv: 1 new lease kept (0 already kept). School A now keeps 1.",
    );
    expect(await (await keep(principal.cookie, lease)).text()).toContain(
      "0 new leases kept (1 already kept)",
    );
    expect(await count()).toBe(1);
    const bad = await keep(principal.cookie, "ip,staff_email,from,to\nnot-an-ip,alice@summit.org,,\n");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("leases.csv:2");
    await t.database.pool.query("delete from monitoring_ip_leases");
  });

  it("shows the principal the form, with the formats, and a school with no bell schedule where to set it", async () => {
    const html = await (await t.request(path(), { cookie: principal.cookie })).text();
    expect(html).toContain('enctype="multipart/form-data"');
    for (const f of ["squid", "w3c", "csv"]) expect(html).toContain(`value="${f}"`);
    const director = await signInAs(t, "it-director");
    const elsewhere = await (
      await t.request(`/monitoring/schools/${seeded.schoolB.slug}/ingest`, { cookie: director.cookie })
    ).text();
    expect(elsewhere).toContain("keeps no bell schedule yet");
    expect(elsewhere).toContain(`/monitoring/schools/${seeded.schoolB.slug}/settings`);
    expect(elsewhere).not.toContain('name="log"');
    // The map can be kept before the bells are set: it classes nothing.
    expect(elsewhere).toContain(`action="/monitoring/schools/${seeded.schoolB.slug}/leases"`);
  });

  it("counts a gzipped log's minutes, reports its malformed lines, and a plain re-upload adds nothing", async () => {
    const gz = await upload(principal.cookie, {
      log: new Blob([gzipSync(logText())]),
      logName: "access.log.gz",
      ipMap: ipMapCsv,
    });
    expect(gz.status).toBe(200);
    const html = await gz.text();
    expect(html).toMatch(/Social minutes added<\/dt><dd>15<\/dd>/);
    expect(html).toMatch(/Minutes already known<\/dt><dd>0<\/dd>/);
    expect(html).toMatch(/Malformed lines<\/dt><dd>2<\/dd>/);
    expect(html).toContain("access.log.gz:3:");
    expect(html).toContain("access.log.gz:27:");
    expect(html).toMatch(/Lines<\/dt><dd>27<\/dd>/);
    // Alice's ten minutes and Carol's five, all with pupils present, as planted.
    const rows = await storedMinutes(t.database.db);
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.minuteClass === "pupilsPresent")).toBe(true);

    const again = await (
      await upload(principal.cookie, { log: new Blob([logText()]), ipMap: ipMapCsv })
    ).text();
    expect(again).toMatch(/Social minutes added<\/dt><dd>0<\/dd>/);
    expect(again).toMatch(/Minutes already known<\/dt><dd>15<\/dd>/);
    expect(await storedMinutes(t.database.db)).toHaveLength(15);

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "monitoring.ingested"));
    expect(audited.map((a) => a.actorLabel)).toEqual([principal.email, principal.email]);
    expect(audited.map((a) => (a.detail as { minutesAdded: number }).minutesAdded)).toEqual([15, 0]);
  });

  it("lists the findings it opened in the register, with the school and the person by name", async () => {
    const register = monitoringRegisters.find((r) => r.table === "monitoring-findings")!;
    const rows = [];
    for await (const row of register.rows({ db: t.database.db, viewer: null, scope: "all" })) rows.push(row);
    expect(rows.map((r) => [r[0], r[1], r[2], r[4], r[5], r[7]])).toEqual([
      ["School A", "Alice Test", "8.6.2", "2026-03-30", 10, "to review"],
      ["School A", "Carol Test", "8.6.2", "2026-03-30", 5, "to review"],
    ]);
    const none = [];
    for await (const row of register.rows({ db: t.database.db, viewer: null, scope: [seeded.schoolB.id] }))
      none.push(row);
    expect(none).toHaveLength(0);
  });

  it("without an IP map, Carol's requests are still attributed through the leases kept from before", async () => {
    const html = await (await upload(principal.cookie, { log: new Blob([logText()]) })).text();
    expect(html).toMatch(/Requests to social media not attributed<\/dt><dd>0 \(0 unattributed minutes/);
    expect(html).toMatch(/Requests to social media attributed to staff<\/dt><dd>25<\/dd>/);
    expect(html).toMatch(/Minutes already known<\/dt><dd>15<\/dd>/);
    // The map was given twice; each lease is kept once.
    const { rows } = await t.database.pool.query<{ n: number }>(
      "select count(*)::int as n from monitoring_ip_leases where school_id = $1",
      [seeded.schoolA.id],
    );
    expect(rows[0]!.n).toBe(2);
    const page = await (await t.request(path(), { cookie: principal.cookie })).text();
    expect(page).toContain("School A keeps 2 IP leases, from");
  });

  it("says when the log looks like another format, and when two people's leases overlap", async () => {
    const w3c =
      "#Version: 1.0\n#Fields: date time c-ip cs-username cs-host\n2026-03-30 08:10:05 10.0.0.1 - www.facebook.com\n";
    const wrong = await (await upload(principal.cookie, { log: new Blob([w3c]), format: "squid" })).text();
    expect(wrong).toContain("Worth checking");
    expect(wrong).toContain("access.log: this looks like W3C extended: choose &quot;w3c&quot; as the format");
    const overlapping =
      "ip,staff_email,from,to\n10.0.0.9,alice@summit.org,2026-03-30T08:00:00+01:00,2026-03-30T13:00:00+01:00\n10.0.0.9,carol@summit.org,2026-03-30T12:00:00+01:00,\n";
    const both = await (
      await upload(principal.cookie, { log: new Blob([logText()]), ipMap: overlapping })
    ).text();
    expect(both).toMatch(
      /map\.csv: 10\.0\.0\.9: line 2 \(alice@summit\.org\) and line 3 \(carol@summit\.org\)/,
    );
    const clean = await (
      await upload(principal.cookie, { log: new Blob([logText()]), ipMap: ipMapCsv })
    ).text();
    expect(clean).not.toContain("both hold it");
    // Dave is on no staff record here: his lease can attribute nothing, and the page says so.
    expect(clean).toContain("1 email(s) in the map are on no staff record at this school (dave@summit.org)");
  });

  it("says what is wrong with the form: no format, no file, a bad IP map", async () => {
    const noFormat = await upload(principal.cookie, { log: new Blob([logText()]), format: "" });
    expect(noFormat.status).toBe(400);
    expect(await noFormat.text()).toContain("choose the log&#39;s format");
    const noFile = await upload(principal.cookie, {});
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toContain("choose the file to upload");
    const badMap = await upload(principal.cookie, {
      log: new Blob([logText()]),
      ipMap: "ip,staff_email,from,to\n10.0.0.5,carol@summit.org,yesterday,\n",
    });
    expect(badMap.status).toBe(400);
    expect(await badMap.text()).toContain("map.csv:2");
    const notGzip = await upload(principal.cookie, {
      log: new Blob([Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("not really gzip")])]),
    });
    expect(notGzip.status).toBe(400);
    expect(await notGzip.text()).toMatch(/access\.log(:| starts like a gzip file)/);
  });

  it("refuses an upload larger than the bound by its Content-Length, before reading it", async () => {
    const response = await t.request(path(), {
      method: "POST",
      cookie: principal.cookie,
      body: "x",
      headers: {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(MAX_UPLOAD_BYTES + 8 * 1024 * 1024),
      },
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("a log file (at most 100 MB");
  });

  it("counts a chunked upload as it passes and fails its stream past the bound, never gathering it", async () => {
    const app = new Hono();
    let seen = 0;
    app.post(
      "/up",
      (c, next) => countAsItArrives(c as never, { maxBytes: 100_000, what: "a test file" }, next),
      async (c) => {
        try {
          const reader = c.req.raw.body!.getReader();
          for (let r = await reader.read(); !r.done; r = await reader.read()) seen += r.value.length;
          return c.text("read", 200);
        } catch (error) {
          return c.text(String((error as Error).message), error instanceof BodyTooLargeError ? 413 : 500);
        }
      },
    );
    const body = (total: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let sent = 0; sent < total; sent += 10_000) controller.enqueue(new Uint8Array(10_000));
          controller.close();
        },
      });
    const over = await app.request("/up", {
      method: "POST",
      body: body(500_000),
      duplex: "half",
    } as RequestInit);
    expect(over.status).toBe(413);
    expect(await over.text()).toContain("too large for a test file");
    expect(seen).toBeLessThanOrEqual(100_000);
    seen = 0;
    const within = await app.request("/up", {
      method: "POST",
      body: body(90_000),
      duplex: "half",
    } as RequestInit);
    expect(within.status).toBe(200);
    expect(seen).toBe(90_000);
  });

  it("stores nothing and answers 413 when the upload is cut off by the bound part way through the log", async () => {
    const boundary = "cutoff";
    // Minutes no upload has brought yet (the Tuesday), so any stored would show.
    const tuesday = `${planted()
      .map((r) => squidLine({ ...r, local: r.local.replace("2026-03-30", "2026-03-31") }))
      .join("\n")}\n`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\nsquid\r\n--${boundary}\r\nContent-Disposition: form-data; name="log"; filename="big.log"\r\n\r\n${tuesday}`,
    );
    const before = await storedMinutes(t.database.db);
    const result = await ingestUploadedLog({
      db: t.database.db,
      actor: { id: null, label: "test" },
      schoolSlug: seeded.schoolA.slug,
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(head);
          controller.error(new BodyTooLargeError("That is too large for a log file"));
        },
      }),
    });
    expect(result).toEqual({ ok: false, status: 413, errors: ["That is too large for a log file"] });
    expect(await storedMinutes(t.database.db)).toHaveLength(before.length);
  });
});
