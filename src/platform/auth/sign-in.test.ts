// Signing in as a browser would: first-run set-up, password sign-in and out, forged cookies,
// cross-site forms, and a password reset whose email goes through a real SMTP server.
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents } from "../../platform/audit/schema";
import { schools, trusts } from "../../core/people/schema";
import { outbox } from "../../platform/mail/schema";
import {
  createTestApp,
  signInAs,
  TEST_ORIGIN,
  TEST_PASSWORD,
  type TestApp,
  userByEmail,
} from "../../platform/testing/test-app";
import { safeNext } from "./routes";
import { passwordResets, roleAssignments, sessions } from "./schema";
import { SESSION_COOKIE } from "./sessions";
import { tokenDigest } from "./tokens";

type Received = { to: string[]; raw: string };

/** A real SMTP server on the loopback, keeping what it receives. No STARTTLS: its certificate is self-signed. */
async function startSmtp(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The text of a single-part message, whatever transfer encoding nodemailer chose. */
function bodyOf(raw: string): string {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function sessionCookie(res: Response): string | null {
  const found = res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
  return found ? found.split(";")[0]! : null;
}

async function count(
  t: TestApp,
  table: "trusts" | "users" | "audit_events" | "sessions" | "role_assignments" | "outbox",
) {
  const { rows } = await t.database.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0]!.n;
}

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const ADMIN = { email: "ada.admin@trust.example.org", password: "a long enough admin password" };

describe("first-run set-up", () => {
  it("sends every page to /setup while the database is empty", async () => {
    for (const path of ["/", "/sign-in", "/people"]) {
      const res = await t.request(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toBe("/setup");
    }
    const page = await t.request("/setup");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/setup"');
  });

  it("refuses bad fields with a message for each, and stores nothing", async () => {
    const res = await t.request("/setup", {
      form: {
        trustName: " ",
        schoolName: "",
        schoolPhase: "university",
        adminName: "",
        adminEmail: "not-an-email",
        adminPassword: "short",
      },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const message of [
      "Enter the trust&#39;s name.",
      "Enter the first school&#39;s name.",
      "Choose the school&#39;s phase.",
      "Enter your name.",
      "Enter an email address like name@school.org.uk.",
      "Use at least 12 characters.",
    ])
      expect(html).toContain(message);
    expect(html).toContain('value="not-an-email"'); // kept, so the person corrects rather than retypes
    expect(html).not.toContain('value="short"'); // a password is never echoed back
    expect(sessionCookie(res)).toBeNull();
    expect(await count(t, "trusts")).toBe(0);
    expect(await count(t, "users")).toBe(0);
    expect(await count(t, "audit_events")).toBe(0);
  });

  it("creates the trust, school and first administrator, signs them in and records it", async () => {
    const res = await t.request("/setup", {
      form: {
        trustName: "Northern Lights Trust",
        schoolName: "Aurora Academy",
        schoolPhase: "secondary",
        adminName: "Ada Admin",
        adminEmail: ` ${ADMIN.email.toUpperCase()} `,
        adminPassword: ADMIN.password,
      },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/people/import");
    const cookie = sessionCookie(res);
    expect(cookie).not.toBeNull();

    const [trust] = await t.database.db.select().from(trusts);
    expect(trust).toMatchObject({ name: "Northern Lights Trust", slug: "northern-lights-trust" });
    const [school] = await t.database.db.select().from(schools);
    expect(school).toMatchObject({
      name: "Aurora Academy",
      slug: "aurora-academy",
      phase: "secondary",
      trustId: trust!.id,
    });
    const admin = await userByEmail(t, ADMIN.email);
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
    const roles = await t.database.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.userId, admin!.id));
    expect(roles.map((r) => [r.role, r.schoolId])).toEqual([["trust-admin", null]]);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "trust.set-up"));
    expect(event).toMatchObject({ actorId: admin!.id, subjectId: trust!.id });
    const [session] = await t.database.db.select().from(sessions).where(eq(sessions.userId, admin!.id));
    expect(session?.via).toBe("setup");

    const page = await t.request("/people/import", { cookie: cookie! });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Import people</h1>");
    expect(
      res.headers
        .getSetCookie()
        .some((c) => /^conduct_flash=Conduct(%2520|%20)is(%2520|%20)set(%2520|%20)up/.test(c)),
    ).toBe(true);
  });

  it("runs once: a second set-up is refused and changes nothing", async () => {
    const res = await t.request("/setup", {
      form: {
        trustName: "Hostile Takeover Trust",
        schoolName: "Other School",
        schoolPhase: "primary",
        adminName: "Mallory",
        adminEmail: "mallory@evil.example",
        adminPassword: "mallory's long password",
      },
    });
    expect(res.status).toBe(409);
    expect(await count(t, "trusts")).toBe(1);
    expect(await userByEmail(t, "mallory@evil.example")).toBeUndefined();
    const page = await t.request("/setup");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/sign-in");
  });
});

describe("signing in and out", () => {
  it("signs in with the right password and goes where it was going", async () => {
    const res = await t.request("/sign-in", {
      form: { email: ADMIN.email, password: ADMIN.password, next: "/admin/roles" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/roles");
    const cookie = sessionCookie(res)!;
    expect(cookie).toBeTruthy();
    expect(res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))).toMatch(/HttpOnly/i);
    const home = await t.request("/", { cookie });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Signed in as Ada Admin");
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "sign-in"))
      .orderBy(sql`seq desc`)
      .limit(1);
    expect(event?.detail).toEqual({ via: "password" });
  });

  it("refuses a wrong password with a clear message, no session, and an audit row", async () => {
    const sessionsBefore = await count(t, "sessions");
    for (const email of [ADMIN.email, "nobody@trust.example.org"]) {
      const res = await t.request("/sign-in", { form: { email, password: "not the password at all" } });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain("The email address or password is not right.");
      expect(sessionCookie(res)).toBeNull();
    }
    expect(await count(t, "sessions")).toBe(sessionsBefore);
    const refused = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "sign-in.refused"));
    expect(refused.map((r) => r.detail.email)).toEqual([ADMIN.email, "nobody@trust.example.org"]);
    const admin = await userByEmail(t, ADMIN.email);
    expect(refused[0]!.subjectId).toBe(admin!.id);
  });

  it("ends the session in the database on sign-out", async () => {
    const me = await signInAs(t, "staff");
    const token = me.cookie.split("=")[1]!;
    expect(
      await t.database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, tokenDigest(token))),
    ).toHaveLength(1);
    const res = await t.request("/sign-out", { method: "POST", cookie: me.cookie, form: {} });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in");
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    expect(
      await t.database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, tokenDigest(token))),
    ).toHaveLength(0);
    // The old cookie, replayed, is worth nothing.
    const again = await t.request("/", { cookie: me.cookie });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("treats a forged, garbage or expired session cookie as signed out", async () => {
    const expired = await signInAs(t, "staff");
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, tokenDigest(expired.cookie.split("=")[1]!)));
    const cookies = [
      `${SESSION_COOKIE}=forged-token-of-the-right-shape-0123456789abcdef`,
      `${SESSION_COOKIE}=%E0%A4%A`,
      `${SESSION_COOKIE}=${"x".repeat(5000)}`,
      `${SESSION_COOKIE}='; drop table sessions; --`,
      expired.cookie,
    ];
    for (const cookie of cookies) {
      const res = await t.request("/", { cookie });
      expect(res.status, cookie.slice(0, 40)).toBe(303);
      expect(res.headers.get("location")).toBe("/sign-in?next=%2F");
      const api = await t.request("/api/v1/me", { cookie });
      expect(api.status, cookie.slice(0, 40)).toBe(401);
    }
    expect(await count(t, "sessions")).toBeGreaterThan(0);
  });
});

describe("forms sent from another site", () => {
  it("refuses a role change posted with a foreign Origin, or with none, and changes nothing", async () => {
    const admin = await signInAs(t, "trust-admin");
    const target = await signInAs(t, "staff");
    const [school] = await t.database.db.select().from(schools);
    const form = { email: target.email, role: "principal", school: school!.slug };
    const before = await count(t, "role_assignments");

    const foreign = await t.request("/admin/roles/grant", {
      cookie: admin.cookie,
      form,
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("was not sent from Conduct itself");

    const noOrigin = await t.app.request(`${TEST_ORIGIN}/admin/roles/grant`, {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    expect(noOrigin.status).toBe(403);

    const multipart = new FormData();
    for (const [k, v] of Object.entries(form)) multipart.set(k, v);
    const foreignMultipart = await t.app.request(`${TEST_ORIGIN}/admin/roles/grant`, {
      method: "POST",
      headers: { cookie: admin.cookie, origin: "https://evil.example" },
      body: multipart,
    });
    expect(foreignMultipart.status).toBe(403);
    expect(await count(t, "role_assignments")).toBe(before);

    // The same form from Conduct's own page works, so the refusals above were the origin check.
    const own = await t.request("/admin/roles/grant", { cookie: admin.cookie, form });
    expect(own.status).toBe(303);
    expect(await count(t, "role_assignments")).toBe(before + 1);
  });

  it("refuses a sign-in posted from another site", async () => {
    const before = await count(t, "sessions");
    const res = await t.request("/sign-in", {
      form: { email: ADMIN.email, password: ADMIN.password },
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeNull();
    expect(await count(t, "sessions")).toBe(before);
  });
});

describe("where sign-in sends you next", () => {
  it("only ever to a path on Conduct itself", async () => {
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext("javascript:alert(1)")).toBe("/");
    expect(safeNext(undefined)).toBe("/");
    // Browsers drop tabs and newlines from a URL, which would turn these into "//evil.example".
    expect(safeNext("/\t/evil.example")).toBe("/");
    expect(safeNext("/\n/evil.example")).toBe("/");
    expect(safeNext("/\r\n/evil.example")).toBe("/");
    expect(safeNext("/people/school-a?tab=staff")).toBe("/people/school-a?tab=staff");
    for (const next of ["//evil.example", "https://evil.example/x", "/\t/evil.example"]) {
      const res = await t.request("/sign-in", {
        form: { email: ADMIN.email, password: ADMIN.password, next },
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/");
      expect(new URL(res.headers.get("location")!, TEST_ORIGIN).origin).toBe(TEST_ORIGIN);
    }
  });
});

describe("password reset by email", () => {
  function resetLink(message: Received): string {
    const match = new RegExp(`${TEST_ORIGIN.replace(/[.:/]/g, "\\$&")}(/password/reset/[A-Za-z0-9_-]+)`).exec(
      bodyOf(message.raw),
    );
    expect(match, bodyOf(message.raw)).not.toBeNull();
    return match![1]!;
  }

  it("emails a one-time link through SMTP that sets a new password", async () => {
    const me = await signInAs(t, "staff", { email: "reset.me@trust.example.org" });
    smtp.received.length = 0;
    const asked = await t.request("/password/forgot", { form: { email: "Reset.Me@trust.example.org" } });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("we have sent it a link");
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const message = smtp.received[0]!;
    expect(message.to).toEqual(["reset.me@trust.example.org"]);
    expect(message.raw).toMatch(/^Subject: Reset your Conduct password/m);
    const link = resetLink(message);
    // The SMTP server has it; the outbox row is marked sent a moment after.
    await vi.waitFor(async () => {
      const [row] = await t.database.db
        .select()
        .from(outbox)
        .where(eq(outbox.to, "reset.me@trust.example.org"));
      expect(row).toMatchObject({ status: "sent", sensitive: true });
    });

    const form = await t.request(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`action="${link}"`);

    const mismatch = await t.request(link, {
      form: { password: "a brand new password", confirm: "a different one!!" },
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The two passwords are not the same.");

    const set = await t.request(link, {
      form: { password: "a brand new password", confirm: "a brand new password" },
    });
    expect(set.status).toBe(303);
    expect(sessionCookie(set)).not.toBeNull();
    // Every session from before the reset is ended (someone else may have had the old password).
    expect((await t.request("/", { cookie: me.cookie })).status).toBe(303);

    const withNew = await t.request("/sign-in", {
      form: { email: me.email, password: "a brand new password" },
    });
    expect(withNew.status).toBe(303);
    expect(sessionCookie(withNew)).not.toBeNull();
    const withOld = await t.request("/sign-in", { form: { email: me.email, password: TEST_PASSWORD } });
    expect(withOld.status).toBe(401);

    // The link works once.
    expect((await t.request(link)).status).toBe(410);
    const reuse = await t.request(link, {
      form: { password: "a third password here", confirm: "a third password here" },
    });
    expect(reuse.status).toBe(410);
    expect(
      (await t.request("/sign-in", { form: { email: me.email, password: "a third password here" } })).status,
    ).toBe(401);
    const completed = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "password-reset.completed"), eq(auditEvents.subjectId, me.userId)));
    expect(completed).toHaveLength(1);
  });

  it("refuses an expired link and leaves the password as it was", async () => {
    const me = await signInAs(t, "staff", { email: "late.reader@trust.example.org" });
    smtp.received.length = 0;
    await t.request("/password/forgot", { form: { email: me.email } });
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const link = resetLink(smtp.received[0]!);
    await t.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(passwordResets.id, tokenDigest(link.split("/").at(-1)!)));
    const hashBefore = (await userByEmail(t, me.email))!.passwordHash;
    expect((await t.request(link)).status).toBe(410);
    const res = await t.request(link, {
      form: { password: "too late a password", confirm: "too late a password" },
    });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This password reset link has expired");
    expect(sessionCookie(res)).toBeNull();
    expect((await userByEmail(t, me.email))!.passwordHash).toBe(hashBefore);
    expect((await t.request("/sign-in", { form: { email: me.email, password: TEST_PASSWORD } })).status).toBe(
      303,
    );
  });

  it("answers an unknown email exactly as a known one, and sends nothing", async () => {
    const known = await signInAs(t, "staff", { email: "known.person@trust.example.org" });
    smtp.received.length = 0;
    const outboxBefore = await count(t, "outbox");
    const forKnown = await (await t.request("/password/forgot", { form: { email: known.email } })).text();
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1));
    const unknownEmail = "unknown.person@trust.example.org";
    const res = await t.request("/password/forgot", { form: { email: unknownEmail } });
    expect(res.status).toBe(200);
    const forUnknown = await res.text();
    expect(forUnknown.replaceAll(unknownEmail, "EMAIL")).toBe(forKnown.replaceAll(known.email, "EMAIL"));
    await new Promise((r) => setTimeout(r, 200)); // time enough for a message that should not come
    expect(smtp.received).toHaveLength(1);
    expect(await count(t, "outbox")).toBe(outboxBefore + 1);
    const resets = await t.database.pool.query(
      "select 1 from password_resets r join users u on u.id = r.user_id where u.email = $1",
      [unknownEmail],
    );
    expect(resets.rowCount).toBe(0);
  });

  it("answers a made-up reset token with 410", async () => {
    expect((await t.request("/password/reset/made-up-token")).status).toBe(410);
    expect(
      (
        await t.request(`/password/reset/${"A".repeat(43)}`, {
          form: { password: "x".repeat(20), confirm: "x".repeat(20) },
        })
      ).status,
    ).toBe(410);
  });
});

describe("sign-in throttling", () => {
  it("refuses an address after ten wrong passwords, even with the right one, and leaves others alone", async () => {
    const victim = await signInAs(t, "staff", { email: "guessed.at@trust.example.org" });
    for (let i = 0; i < 10; i++) {
      const wrong = await t.request("/sign-in", {
        form: { email: victim.email, password: `wrong guess ${i}` },
      });
      expect(wrong.status).toBe(401);
    }
    const right = await t.request("/sign-in", { form: { email: victim.email, password: TEST_PASSWORD } });
    expect(right.status).toBe(429);
    expect(await right.text()).toContain("Too many wrong passwords");
    expect(right.headers.get("set-cookie") ?? "").not.toContain("conduct_session=");
    const other = await signInAs(t, "staff", { email: "someone.else@trust.example.org" });
    const fine = await t.request("/sign-in", { form: { email: other.email, password: TEST_PASSWORD } });
    expect(fine.status).toBe(303);
  });
});

describe("my record", () => {
  it("shows what Conduct holds about the person, and who else has looked", async () => {
    const me = await signInAs(t, "staff", { email: "curious.teacher@trust.example.org" });
    const { recordAuditEvent } = await import("../audit/record-audit-event");
    await recordAuditEvent(t.database.db, {
      actor: { id: null, label: "principal@trust.example.org" },
      action: "declaration.viewed",
      subjectType: "declaration",
      personId: me.userId,
    });
    const html = await (await t.request("/me", { cookie: me.cookie })).text();
    expect(html).toContain("curious.teacher@trust.example.org");
    expect(html).toContain("Posts you have checked");
    expect(html).toContain("principal@trust.example.org");
    expect(html).toContain("opened a relationship declaration");
  });
});
