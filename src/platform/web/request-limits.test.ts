// Bounds before reading: bodies per route (chunked ones too), passwords before hashing, and bad
// characters or numbers answered with a clear 400, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../platform/auth/passwords";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../../platform/testing/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTrust(t);
});
afterAll(async () => t?.close());

/** A body sent in chunks with no Content-Length, as `Transfer-Encoding: chunked` arrives. */
function chunked(totalBytes: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const n = Math.min(chunk, totalBytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(97));
    },
  });
}

describe("request bodies", () => {
  it("refuses a large sign-in body by its Content-Length, before reading it", async () => {
    const big = `email=a%40b.org&password=${"x".repeat(300 * 1024)}`;
    const res = await t.request("/sign-in", {
      method: "POST",
      body: big,
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(big.length) },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("too large for a sign-in form");
  });

  it("counts a chunked body as it arrives: a sign-in and an evidence upload over their limits", async () => {
    const signIn = await t.request("/sign-in", {
      method: "POST",
      body: chunked(100 * 1024),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect(signIn.status).toBe(413);
    const staff = await signInAs(t, "staff");
    const upload = await t.request("/evidence/new", {
      method: "POST",
      cookie: staff.cookie,
      body: chunked(11 * 1024 * 1024),
      headers: { "content-type": "multipart/form-data; boundary=x" },
      duplex: "half",
    } as RequestInit);
    expect(upload.status).toBe(413);
    expect(await upload.text()).toContain("an evidence file (at most 10 MB)");
  });

  it("lets a body within the limit through", async () => {
    const res = await t.request("/sign-in", { form: { email: "nobody@example.org", password: "wrong" } });
    expect(res.status).toBe(401);
  });
});

describe("fields", () => {
  it("refuses a NUL byte in a form field or the query with 400", async () => {
    const form = await t.request("/sign-in", { form: { email: "a\u0000b@example.org", password: "x" } });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('The field "email" contains a NUL character');
    const admin = await signInAs(t, "trust-admin");
    const query = await t.request("/admin/audit?actor=a%00b", { cookie: admin.cookie });
    expect(query.status).toBe(400);
    const json = await t.request("/api/v1/posts/check", {
      method: "POST",
      cookie: admin.cookie,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hello\u0000", context: "personal", school: "school-a" }),
    });
    expect(json.status).toBe(400);
  });

  it("refuses a 9,000-character email at sign-in with 400", async () => {
    const res = await t.request("/sign-in", {
      form: { email: `${"a".repeat(9000)}@example.org`, password: "x" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("at most 254 characters");
  });

  it("refuses an out-of-range audit page with 400", async () => {
    const admin = await signInAs(t, "trust-admin");
    for (const before of ["1e30", "99999999999999999999", "-4", "abc"]) {
      const res = await t.request(`/admin/audit?before=${before}`, { cookie: admin.cookie });
      expect(res.status, before).toBe(400);
      expect(await res.text()).toContain("is not a row number");
    }
    expect((await t.request("/admin/audit?before=5", { cookie: admin.cookie })).status).toBe(200);
  });

  it("refuses an overlong password without hashing it, even when it is the right one", async () => {
    const long = "p".repeat(257);
    const stored = await hashPassword(long);
    expect(await verifyPassword(stored, long)).toBe(false);
    const ok = "p".repeat(256);
    expect(await verifyPassword(await hashPassword(ok), ok)).toBe(true);
  });
});
