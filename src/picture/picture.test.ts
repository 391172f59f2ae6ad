// The committee report, the trustees' dashboard and the exports, on the demo trust in a real
// database: numbers only in the report, each role's exports limited to what it may read, the PDF
// printed by Debian's Chromium and its text read back.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConduct } from "../cli/run-in-process";
import { countPeopleBySchool } from "../core/people/count-people-by-school";
import { listStaff } from "../core/people/list-staff";
import { declarations } from "../declarations/schema";
import { loadDemo } from "../demo";
import { monitoringFindings } from "../monitoring/schema";
import { auditEvents } from "../platform/audit/schema";
import { createTestApp, signInAs, type TestApp } from "../platform/testing/test-app";
import { buildReport, reportText } from "./build-report";
import { readPeriod } from "./report-period";
import { startZip } from "./write-zip";

let t: TestApp;
let schools: { id: string; slug: string; name: string }[];
const cookies: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);
const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
const previous = { DATABASE_URL: process.env.DATABASE_URL, BASE_URL: process.env.BASE_URL };

/** Reads a zip's central directory and inflates each file: enough to check what we wrote. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const packedSize = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(zip.subarray(start, start + packedSize)));
    at += 46 + nameLength + extra;
  }
  return files;
}

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  await loadDemo({ db, asOf: new Date(), baseUrl: "http://localhost:3000" });
  schools = (await countPeopleBySchool(db)).map((s) => ({ id: s.id, slug: s.slug, name: s.name }));
  const [a, b] = schools;
  // A monitoring finding at each of two schools: one upheld, one still to review.
  const staffA = (await listStaff(db, { schoolIds: [a!.id] }))[0]!;
  const staffB = (await listStaff(db, { schoolIds: [b!.id] }))[0]!;
  await db.insert(monitoringFindings).values([
    {
      schoolId: a!.id,
      staffId: staffA.id,
      clause: "9.1",
      kind: "daily-excessive",
      day: today,
      minutes: 95,
      threshold: 60,
      reason: "test",
      status: "confirmed",
      reviewReason: "spoke to them",
    },
    {
      schoolId: b!.id,
      staffId: staffB.id,
      clause: "8.6.2",
      kind: "pupils-present",
      day: today,
      minutes: 12,
      threshold: 0,
      reason: "test",
    },
  ]);
  for (const [key, role, schoolId] of [
    ["principalA", "principal", a!.id],
    ["staffA", "staff", a!.id],
    ["dslA", "dsl", a!.id],
    ["trustee", "trustee", null],
    ["admin", "trust-admin", null],
  ] as const)
    cookies[key] = (await signInAs(t, role, { schoolId })).cookie;
  process.env.DATABASE_URL = t.database.url;
  process.env.BASE_URL = "http://localhost:3000";
}, 120_000);

afterAll(async () => {
  for (const [k, v] of Object.entries(previous)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await t?.close();
});

describe("the committee report", () => {
  it("has every capability's section, in numbers, and names nobody", async () => {
    const period = readPeriod(from, today);
    if (!period.ok) throw new Error(period.message);
    const report = await buildReport({ db: t.database.db, school: null, period: period.period });
    expect(report.sections.map((s) => s.key)).toEqual([
      "policy-review",
      "policy-coverage",
      "post-check",
      "declarations",
      "acknowledgement",
      "questions",
      "training",
      "discussion",
      "monitoring",
      "filtering-monitoring-review",
      "official-accounts",
      "concerns",
    ]);
    // Declarations by verdict add up to what the table holds for the period.
    const [held] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(declarations);
    const byVerdict = report.sections.find((s) => s.key === "declarations")!.tables[0]!;
    expect(byVerdict.rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(held!.n);
    expect(held!.n).toBeGreaterThan(0);
    // Monitoring: two findings, one upheld.
    const monitoring = report.sections.find((s) => s.key === "monitoring")!;
    expect(monitoring.headline).toContain("2 findings, 1 reviewed by a named leader, 1 upheld");
    // No member of staff's name anywhere in it.
    const text = JSON.stringify(report) + reportText(report);
    const everyone = await listStaff(t.database.db);
    expect(everyone.length).toBeGreaterThan(100);
    for (const p of everyone) expect(text).not.toContain(`${p.firstName} ${p.lastName}`);
  });

  it("for one school counts that school's records only", async () => {
    const period = readPeriod(from, today);
    if (!period.ok) throw new Error(period.message);
    for (const school of schools) {
      const report = await buildReport({ db: t.database.db, school, period: period.period });
      const [held] = await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(declarations)
        .where(eq(declarations.schoolId, school.id));
      const byVerdict = report.sections.find((s) => s.key === "declarations")!.tables[0]!;
      expect(
        byVerdict.rows.reduce((n, r) => n + Number(r[1]), 0),
        school.slug,
      ).toBe(held!.n);
      expect(report.schools).toBe(1);
    }
  });

  it("is a page for a principal of that school, with charts and their tables, and refused elsewhere", async () => {
    const [a, b] = schools;
    const res = await t.request(`/report?school=${a!.slug}&from=${from}&to=${today}`, {
      cookie: cookies.principalA,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Committee report: ${a!.name}`);
    expect(html).toContain("Declarations of social media relationships, by verdict");
    expect(html).toContain("<svg");
    expect(html).toContain('aria-hidden="true"');
    expect(html).toMatch(
      /<caption id="t-declarations-0-caption">Declarations made in the period, by verdict<\/caption>/,
    );
    expect(html).toContain(`/report.pdf?school=${a!.slug}&amp;from=${from}&amp;to=${today}`);
    // Another school's report, the whole trust's, and a member of staff: refused.
    expect((await t.request(`/report?school=${b!.slug}`, { cookie: cookies.principalA })).status).toBe(403);
    expect((await t.request("/report?school=trust", { cookie: cookies.principalA })).status).toBe(403);
    expect((await t.request("/report", { cookie: cookies.staffA })).status).toBe(403);
    expect((await t.request("/report", { cookie: cookies.dslA })).status).toBe(403);
    const refused = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "access.refused"), eq(auditEvents.schoolId, b!.id)));
    expect(refused[0]!.n).toBeGreaterThan(0);
  });

  it("says which date is wrong", async () => {
    const res = await t.request(`/report?school=trust&from=2026-13-01&to=${today}`, {
      cookie: cookies.admin,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("The first day (&quot;from&quot;)");
    expect(html).toContain("has no month 13");
    const backwards = await t.request(`/report?school=trust&from=${today}&to=${from}`, {
      cookie: cookies.admin,
    });
    expect(await backwards.text()).toContain("must be on or after the first day");
  });

  it("prints as a PDF by Chromium, whose text is the report's", async () => {
    const res = await t.request(`/report.pdf?school=trust&from=${from}&to=${today}`, {
      cookie: cookies.trustee,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(1);
    if (existsSync("/usr/bin/pdftotext")) {
      const dir = mkdtempSync(path.join(tmpdir(), "report-"));
      const file = path.join(dir, "report.pdf");
      await import("node:fs/promises").then((fs) => fs.writeFile(file, pdf));
      const text = execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
      expect(text).toContain("Committee report");
      expect(text).toContain("Acknowledgement of the policy");
      expect(text).toContain("DfE filtering and monitoring standards");
      expect(text).toContain(schools[0]!.name);
      expect(text).toMatch(/1 of \d+/); // the page footer
    }
    // Without all three of school, from and to, no browser is started.
    expect((await t.request("/report.pdf", { cookie: cookies.trustee })).status).toBe(400);
  }, 60_000);
});

describe("the trustees' dashboard", () => {
  it("shows every school in numbers and charts, to trustees and not to a school's principal", async () => {
    const res = await t.request("/trust-picture", { cookie: cookies.trustee });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const s of schools) expect(html).toContain(s.name);
    expect(html).toContain("<svg");
    expect(html).toContain("Acknowledged and not yet, by school");
    expect((await t.request("/trust-picture", { cookie: cookies.principalA })).status).toBe(403);
    const home = await t.request("/", { cookie: cookies.trustee });
    expect(await home.text()).toContain('href="/trust-picture"');
  });
});

describe("exports", () => {
  it("gives a principal their own school's rows only, and records the export", async () => {
    const [a] = schools;
    const res = await t.request("/exports/declarations.csv", { cookie: cookies.principalA });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "school,member_of_staff,contact_kind,contact_name,platforms,verdict,clause,status,declared_at,last_review,last_reviewed_at",
    );
    const [mine] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(declarations)
      .where(eq(declarations.schoolId, a!.id));
    expect(lines.length - 1).toBe(mine!.n);
    for (const line of lines.slice(1))
      expect(line.startsWith(`${a!.name},`) || line.startsWith(`"${a!.name}"`)).toBe(true);
    const others = schools.slice(1).map((s) => s.name);
    for (const line of lines.slice(1)) for (const name of others) expect(line).not.toContain(name);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "register.exported"))
      .orderBy(sql`${auditEvents.seq} desc`)
      .limit(1);
    expect(audit?.detail).toMatchObject({ table: "declarations", rows: mine!.n });
    // Asking for another school's rows gives none of them.
    const other = await t.request(`/exports/declarations.csv?school=${schools[1]!.slug}`, {
      cookie: cookies.principalA,
    });
    expect(other.status).toBe(403);
  });

  it("shows each person whose records were exported the export on their own record, and no one else", async () => {
    const [a] = schools;
    const declare = async (schoolId: string) => {
      const person = await signInAs(t, "staff", { schoolId });
      await t.database.db.insert(declarations).values({
        userId: person.userId,
        schoolId,
        contactKind: "parent",
        contactName: "A Parent",
        platforms: ["Facebook"],
        otherRelationships: [],
        verdict: "permitted",
        clause: "8.4",
        reason: "test",
      } as never);
      return person;
    };
    const owner = await declare(a!.id);
    const elsewhere = await declare(schools[1]!.id);
    const before = await (await t.request("/me/data", { cookie: owner.cookie })).text();
    expect(before).not.toContain("your records were included in an export of");
    expect((await t.request("/exports/declarations.csv", { cookie: cookies.principalA })).status).toBe(200);
    const sentence =
      "your records were included in an export of Social media relationship declarations by Principal on";
    const mine = await (await t.request("/me/data", { cookie: owner.cookie })).text();
    expect(mine).toContain(sentence);
    const record = await (await t.request("/me", { cookie: owner.cookie })).text();
    expect(record).toContain(sentence);
    // Someone at another school was not in the principal's export.
    const theirs = await (await t.request("/me/data", { cookie: elsewhere.cookie })).text();
    expect(theirs).not.toContain(sentence);
    // The read uses the index on the audit rows' person lists, not a scan of the whole trail.
    await t.database.db.execute(sql`set enable_seqscan = off`);
    const plan = await t.database.db.execute<{ "QUERY PLAN": string }>(
      sql`explain select seq from audit_events where detail->'personIds' ?| array[${owner.userId}]::text[]`,
    );
    await t.database.db.execute(sql`reset enable_seqscan`);
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("audit_person_ids");
  });

  it("links each register's page to its CSV, for those who may take it", async () => {
    const [a] = schools;
    const links = async (path: string, cookie: string) =>
      [...(await (await t.request(path, { cookie })).text()).matchAll(/href="(\/exports\/[^"]+)"/g)].map(
        (m) => m[1]!.replaceAll("&amp;", "&"),
      );
    const training = await links(`/training/schools/${a!.slug}`, cookies.principalA!);
    expect(training).toEqual([`/exports/training.csv?school=${a!.slug}`]);
    expect((await t.request(training[0]!, { cookie: cookies.principalA })).status).toBe(200);
    expect(await links(`/monitoring/schools/${a!.slug}/dpo`, cookies.principalA!)).toEqual([
      `/exports/monitoring-dpo-records.csv?school=${a!.slug}`,
    ]);
    expect(await links("/policy", cookies.trustee!)).toEqual(["/exports/policy-coverage.csv"]);
    // A member of staff takes no export: no link, though the page is theirs.
    expect(await links("/policy", cookies.staffA!)).toEqual([]);
  });

  it("refuses a trustee every named register, and lists only what they may read", async () => {
    for (const table of [
      "declarations",
      "acknowledgements",
      "monitoring-findings",
      "official-accounts",
      "cases",
    ])
      expect((await t.request(`/exports/${table}.csv`, { cookie: cookies.trustee })).status, table).toBe(403);
    const page = await (await t.request("/exports", { cookie: cookies.trustee })).text();
    expect(page).not.toContain("declarations.csv");
    expect(page).toContain("policy-versions.csv");
    expect(page).not.toContain("trust.zip");
    expect((await t.request("/exports/trust.zip", { cookie: cookies.trustee })).status).toBe(403);
    expect((await t.request("/exports/trust.zip", { cookie: cookies.principalA })).status).toBe(403);
  });

  it("downloads the whole trust as a zip with a manifest of row counts and digests", async () => {
    const res = await t.request("/exports/trust.zip", { cookie: cookies.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = Buffer.from(await res.arrayBuffer());
    const files = readZip(zip);
    const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8"));
    expect(manifest.generatedBy).toMatch(/^trust-admin-/);
    expect(manifest.tables.map((t: { table: string }) => t.table)).toContain("declarations");
    // The trust administrator may not read monitoring findings (principals and senior leaders only).
    expect(manifest.leftOut.map((t: { table: string }) => t.table)).toContain("monitoring-findings");
    for (const entry of manifest.tables) {
      const data = files.get(entry.file)!;
      expect(createHash("sha256").update(data).digest("hex"), entry.file).toBe(entry.sha256);
      expect(data.toString("utf8").trim().split("\r\n").length - 1, entry.file).toBe(entry.rows);
    }
    if (existsSync("/usr/bin/unzip")) {
      const dir = mkdtempSync(path.join(tmpdir(), "zip-"));
      await import("node:fs/promises").then((fs) => fs.writeFile(path.join(dir, "t.zip"), zip));
      expect(execFileSync("/usr/bin/unzip", ["-t", path.join(dir, "t.zip")], { encoding: "utf8" })).toContain(
        "No errors",
      );
    }
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "trust.exported"));
    expect(audit).toBeDefined();
    // Once the last row was read: each file's digest as in the manifest, and whose records it held.
    const [completed] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "trust.export-completed"));
    expect(completed!.seq).toBeGreaterThan(audit!.seq);
    expect(completed!.detail.tables).toEqual(
      manifest.tables.map((e: { table: string; rows: number; sha256: string }) => ({
        table: e.table,
        rows: e.rows,
        sha256: e.sha256,
      })),
    );
    expect((completed!.detail.personIds as string[]).length).toBeGreaterThan(100);
  });

  it("fails the zip, rather than ending it whole, when a file's source fails part-way", async () => {
    const writer = startZip();
    const added = writer.addStream("a.csv", async function* () {
      yield Buffer.from("x,y\r\n");
      throw new Error("the database went away");
    });
    added.catch((error: Error) => writer.fail(error));
    const read = (async () => {
      for await (const _ of writer.output);
    })();
    await expect(added).rejects.toThrow("the database went away");
    await expect(read).rejects.toThrow("the database went away");
  });
});

describe("the commands", () => {
  it("conduct report prints the report as text and JSON, and as a PDF", async () => {
    const a = schools[0]!;
    const text = await runConduct(["report", "--school", a.slug, "--from", from, "--to", today]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${a.name}: committee report, ${from} to ${today}`);
    expect(text.stdout).toContain("== Declarations of social media relationships, by verdict");
    const json = await runConduct(["report", "--trust", "--from", from, "--to", today, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.covers).toBe("trust");
    expect(report.sections.length).toBe(12);
    const bad = await runConduct(["report", "--trust", "--school", a.slug, "--from", from, "--to", today]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("either --school SLUG or --trust");
    const badDate = await runConduct(["report", "--trust", "--from", "01/09/2026", "--to", today]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("--from");
    const dir = mkdtempSync(path.join(tmpdir(), "cli-report-"));
    const file = path.join(dir, "r.pdf");
    const pdf = await runConduct(["report", "--trust", "--from", from, "--to", today, "--pdf", file]);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }, 60_000);

  it("conduct export writes a register, a school's rows, and the whole trust; --as limits it to the role", async () => {
    const [a] = schools;
    const all = await runConduct(["export", "declarations"]);
    expect(all.code, all.stderr).toBe(0);
    const [count] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(declarations);
    expect(all.stdout.trim().split("\r\n").length - 1).toBe(count!.n);
    const one = await runConduct(["export", "declarations", "--school", a!.slug]);
    const [mine] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(declarations)
      .where(eq(declarations.schoolId, a!.id));
    expect(one.stdout.trim().split("\r\n").length - 1).toBe(mine!.n);
    const unknown = await runConduct(["export", "nonsense"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("policy-versions");
    const dir = mkdtempSync(path.join(tmpdir(), "cli-export-"));
    const zipFile = path.join(dir, "trust.zip");
    const zip = await runConduct(["export", "--all", "--out", zipFile]);
    expect(zip.code, zip.stderr).toBe(0);
    const manifest = JSON.parse(readZip(readFileSync(zipFile)).get("manifest.json")!.toString("utf8"));
    expect(manifest.leftOut).toEqual([]);
    expect(manifest.generatedBy).toMatch(/^cli:/);
    // As a trustee: only registers without names.
    const trustee = await signInAs(t, "trustee");
    const asTrustee = await runConduct(["export", "declarations", "--as", trustee.email]);
    expect(asTrustee.code).toBe(3);
    expect(asTrustee.stdout).toBe("");
    const zipAs = path.join(dir, "trustee.zip");
    await runConduct(["export", "--all", "--out", zipAs, "--as", trustee.email]);
    const theirs = JSON.parse(readZip(readFileSync(zipAs)).get("manifest.json")!.toString("utf8"));
    expect(theirs.tables.map((x: { table: string }) => x.table).sort()).toEqual([
      "policy-coverage",
      "policy-versions",
    ]);
  }, 60_000);
});
