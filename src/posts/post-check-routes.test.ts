// The post check as staff use it: the page, the JSON API, what is recorded, and the trust's settings.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pupils, schools } from "../core/people/schema";
import {
  createTestApp,
  seedTrust,
  signInAs,
  type SeededTrust,
  type TestApp,
} from "../platform/testing/test-app";
import { postChecks } from "./schema";

let t: TestApp;
let trust: SeededTrust;
let staffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  trust = await seedTrust(t);
  await t.database.db.insert(pupils).values([
    {
      schoolId: trust.schoolA.id,
      externalId: "A123456789012",
      firstName: "Tom",
      lastName: "Dickson",
      yearGroup: "Year 9",
      dateOfBirth: "2012-05-01",
    },
    {
      schoolId: trust.schoolA.id,
      externalId: "A123456789013",
      firstName: "Anne",
      lastName: "Smith",
      yearGroup: "Year 8",
      dateOfBirth: "2013-02-11",
    },
  ]);
  await t.database.db
    .update(schools)
    .set({
      settings: {
        shortNames: ["School A"],
        officialHandles: ["@SchoolA"],
        sanctionedPlatforms: ["Google Classroom"],
        streets: [],
      },
    })
    .where(eq(schools.id, trust.schoolA.id));
  staffCookie = (await signInAs(t, "staff", { schoolId: trust.schoolA.id })).cookie;
});
afterAll(async () => t?.close());

describe("the check a post page", () => {
  it("blocks a post naming a pupil from the roster, marks the words and cites 7.3", async () => {
    const res = await t.request("/posts/check", {
      cookie: staffCookie,
      form: {
        context: "professional",
        school: "school-a",
        text: "Well done to Tom Dickson for his science project!",
      },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<mark class="finding breach"[^>]*>Tom Dickson<\/mark>/);
    expect(html).toContain('href="/policy/clause/7.3"');
    expect(html).toContain("Do not post");
  });

  it("leaves a harmless post clear and does not flag a famous name", async () => {
    const html = await (
      await t.request("/posts/check", {
        cookie: staffCookie,
        form: {
          context: "personal",
          school: "school-a",
          text: "Reading The Diary of Anne Frank again this half term. Still moving.",
        },
      })
    ).text();
    expect(html).toContain("Nothing found");
    expect(html).toContain("you stay responsible for what you post (clause 4.8)");
    expect(html).not.toContain("<mark");
  });

  it("escapes what was typed", async () => {
    const html = await (
      await t.request("/posts/check", {
        cookie: staffCookie,
        form: { context: "personal", school: "school-a", text: "<script>alert(1)</script> fun day" },
      })
    ).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("records that a check happened, never the text", async () => {
    const rows = await t.database.db.select().from(postChecks);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.verdict === "block" && r.clauses.includes("7.3"))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("Dickson");
  });

  it("refuses a school that is not the member of staff's, and empty text, with clear messages", async () => {
    const other = await t.request("/posts/check", {
      cookie: staffCookie,
      form: { context: "personal", school: "school-b", text: "hello" },
    });
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("Choose one of your schools.");
    const empty = await t.request("/posts/check", {
      cookie: staffCookie,
      form: { context: "personal", school: "school-a", text: "  " },
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter the text of the post.");
  });
});

describe("the JSON API", () => {
  it("answers a check with the verdict, findings and exact spans", async () => {
    const text = "Anne Smith in 8B was brilliant today";
    const res = await t.request("/api/v1/posts/check", {
      method: "POST",
      cookie: staffCookie,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text, context: "personal", school: "school-a" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      verdict: string;
      findings: { clause: string; start: number; end: number; excerpt: string }[];
    };
    expect(body.verdict).toBe("block");
    const f = body.findings.find((x) => x.clause === "7.3")!;
    expect(text.slice(f.start, f.end)).toBe(f.excerpt);
  });

  it("rejects a body that breaks the schema", async () => {
    const res = await t.request("/api/v1/posts/check", {
      method: "POST",
      cookie: staffCookie,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hi", context: "nowhere", school: "school-a" }),
    });
    expect(res.status).toBe(400);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await t.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/api/v1/posts/check");
  });
});

describe("the trust's settings for the post check", () => {
  it("refuses members of staff", async () => {
    expect((await t.request("/admin/post-rules", { cookie: staffCookie })).status).toBe(403);
    expect((await t.request("/admin/schools/school-a", { cookie: staffCookie })).status).toBe(403);
  });

  it("validates rule additions before saving, and applies them once saved", async () => {
    const admin = await signInAs(t, "trust-admin");
    const bad = await t.request("/admin/post-rules", {
      cookie: admin.cookie,
      form: { rules: '{"name":"Bad Name","version":"1"}' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("must be a slug");
    const notJson = await t.request("/admin/post-rules", { cookie: admin.cookie, form: { rules: "{nope" } });
    expect(notJson.status).toBe(400);
    const good = await t.request("/admin/post-rules", {
      cookie: admin.cookie,
      form: { rules: JSON.stringify({ name: "test-trust", version: "1", allowedPlatforms: ["Padlet"] }) },
    });
    expect(good.status).toBe(303);
    const settings = await t.request("/admin/schools/school-a", {
      cookie: admin.cookie,
      form: {
        shortNames: "School A\nSA",
        officialHandles: "@SchoolA",
        sanctionedPlatforms: "Google Classroom",
        streets: "Mill Lane",
      },
    });
    expect(settings.status).toBe(303);
    const [a] = await t.database.db.select().from(schools).where(eq(schools.id, trust.schoolA.id));
    expect(a!.settings.shortNames).toEqual(["School A", "SA"]);
  });
});

describe("a policy that numbers its clauses differently", () => {
  it("cites the school's own clause numbers, found by wording", async () => {
    const { readFileSync } = await import("node:fs");
    const { importPolicyVersion } = await import("../policy/import-policy-version");
    const { approvePolicyVersion } = await import("../policy/approve-policy-version");
    const actor = { id: null, label: "test" };
    const bytes = readFileSync(
      new URL("../policy/fixtures/northbridge-social-media-policy.md", import.meta.url),
    );
    const imported = await importPolicyVersion({
      db: t.database.db,
      actor,
      fileName: "northbridge.md",
      bytes,
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const approved = await approvePolicyVersion(t.database.db, actor, {
      versionId: imported.versionId,
      approvingBody: "Board",
      approvalDate: "2026-09-01",
    });
    expect(approved.ok).toBe(true);
    const res = await t.request("/api/v1/posts/check", {
      method: "POST",
      cookie: staffCookie,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: "Tom Dickson was brilliant today",
        context: "professional",
        school: "school-a",
      }),
    });
    const body = (await res.json()) as { findings: { clause: string }[]; rulesVersion: string };
    // Northbridge puts "identify any individuals" at 8.3 (the template's 7.3).
    expect(body.findings.map((f) => f.clause)).toContain("8.3");
    expect(body.findings.map((f) => f.clause)).not.toContain("7.3");
    expect(body.rulesVersion).toContain("current-policy");
  });
});
