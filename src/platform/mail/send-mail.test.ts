// Email through a real SMTP server on the loopback, and the outbox that keeps every message.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, startSmtp } from "../../platform/testing/smtp-server";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../../platform/testing/test-app";
import { queueMail } from "./queue-mail";
import { createMailer, MAX_ATTEMPTS } from "./send-mail";
import { outbox } from "./schema";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTrust(t);
});
afterAll(async () => t?.close());

async function row(id: string) {
  const [r] = await t.database.db.select().from(outbox).where(eq(outbox.id, id));
  return r!;
}

describe("sending mail", () => {
  it("with no SMTP server, keeps the message in the outbox as stored", async () => {
    const mailer = createMailer({ db: t.database.db, from: "Conduct <conduct@localhost>" });
    const result = await mailer.send({
      to: "head@school.example.org",
      subject: "Stored only",
      text: "Nobody sends this.",
    });
    expect(result.status).toBe("stored");
    expect(await row(result.id)).toMatchObject({
      to: "head@school.example.org",
      subject: "Stored only",
      text: "Nobody sends this.",
      status: "stored",
      error: null,
      sentAt: null,
      sensitive: false,
    });
  });

  it("with an SMTP server, delivers the message and marks it sent", async () => {
    const smtp = await startSmtp();
    try {
      const mailer = createMailer({
        db: t.database.db,
        smtpUrl: smtp.url,
        from: "Conduct <conduct@trust.example.org>",
      });
      const text = "Your declaration is due on Friday.\nThe form is under Declarations — it takes a minute.";
      const result = await mailer.send({
        to: "teacher@school.example.org",
        subject: "Declaration reminder",
        text,
      });
      expect(result.status).toBe("sent");
      expect(smtp.received).toHaveLength(1);
      const message = smtp.received[0]!;
      expect(message.from).toBe("conduct@trust.example.org");
      expect(message.to).toEqual(["teacher@school.example.org"]);
      expect(message.raw).toMatch(/^Subject: Declaration reminder\r?$/m);
      expect(bodyOf(message.raw).replace(/\r\n/g, "\n").trimEnd()).toBe(text);
      const stored = await row(result.id);
      expect(stored.status).toBe("sent");
      expect(stored.sentAt).toBeInstanceOf(Date);
      expect(stored.error).toBeNull();
    } finally {
      await smtp.close();
    }
  });

  it("records a refusal by the SMTP server as failed, with the server's reason", async () => {
    const smtp = await startSmtp({
      onRcptTo(address, _session, callback) {
        const error = Object.assign(new Error(`Mailbox ${address.address} does not exist`), {
          responseCode: 550,
        });
        callback(error);
      },
    });
    try {
      const mailer = createMailer({
        db: t.database.db,
        smtpUrl: smtp.url,
        from: "conduct@trust.example.org",
      });
      const result = await mailer.send({
        to: "gone@school.example.org",
        subject: "Bounce",
        text: "Never arrives.",
      });
      expect(result.status).toBe("failed");
      expect(smtp.received).toHaveLength(0);
      const stored = await row(result.id);
      expect(stored.status).toBe("failed");
      expect(stored.sentAt).toBeNull();
      expect(stored.error).toContain("550");
      expect(stored.error).toContain("does not exist");
    } finally {
      await smtp.close();
    }
  });

  it("records an unreachable SMTP server as failed rather than throwing", async () => {
    const smtp = await startSmtp();
    await smtp.close(); // nothing listens on that port now
    const mailer = createMailer({ db: t.database.db, smtpUrl: smtp.url, from: "conduct@trust.example.org" });
    const result = await mailer.send({ to: "someone@school.example.org", subject: "Nowhere", text: "x" });
    expect(result.status).toBe("failed");
    expect((await row(result.id)).error).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe("the outbox page", () => {
  it("shows trust administrators every message, hiding every sign-in link", async () => {
    const mailer = createMailer({ db: t.database.db, from: "conduct@localhost" });
    await mailer.send({
      to: "a@school.example.org",
      subject: "A stored reset",
      text: "LINK-STORED-123",
      sensitive: true,
    });
    await t.database.db.insert(outbox).values({
      to: "b@school.example.org",
      subject: "A sent reset",
      text: "LINK-SENT-456",
      status: "sent",
      sensitive: true,
    });
    const admin = await signInAs(t, "trust-admin");
    const res = await t.request("/admin/outbox", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Declaration reminder");
    expect(html).toContain("Stored only");
    expect(html).toContain("Nobody sends this.");
    // A reset link lets whoever reads it become that person: never shown, sent or stored.
    expect(html).not.toContain("LINK-STORED-123");
    expect(html).not.toContain("LINK-SENT-456");
    expect(html).toContain("A password reset email is waiting; its link is not");
    expect(html).toContain("A password reset email was sent; its link is not");
    expect(html).toContain("No SMTP server is configured");
    const [viewed] = await t.database.pool
      .query("select actor_id from audit_events where action = 'outbox.viewed'")
      .then((r) => r.rows);
    expect(viewed?.actor_id).toBe(admin.userId);
  });

  it("is refused to staff", async () => {
    const me = await signInAs(t, "staff");
    const res = await t.request("/admin/outbox", { cookie: me.cookie });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).not.toContain("Nobody sends this.");
  });
});

describe("retrying failed email", () => {
  it("tries a refused message again after a wait, and stops after five attempts", async () => {
    let refuse = true;
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        if (refuse) callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        else callback();
      },
    });
    try {
      const mailer = createMailer({
        db: t.database.db,
        smtpUrl: smtp.url,
        from: "conduct@trust.example.org",
      });
      const first = await mailer.send({
        to: "later@school.example.org",
        subject: "Retry me",
        text: "Eventually.",
      });
      expect(first.status).toBe("failed");
      const sentAt = (await row(first.id)).lastAttemptAt!.getTime();
      // Too soon: the first retry waits five minutes.
      await mailer.retryFailed(new Date(sentAt + 60_000));
      expect((await row(first.id)).attempts).toBe(1);
      refuse = false;
      // (Earlier tests' refused messages are retried too, so count this one by its row.)
      expect(await mailer.retryFailed(new Date(sentAt + 6 * 60_000))).toBeGreaterThanOrEqual(1);
      const stored = await row(first.id);
      expect(stored.status).toBe("sent");
      expect(stored.attempts).toBe(2);
      expect(smtp.received.filter((m) => /Subject: Retry me/.test(m.raw))).toHaveLength(1);

      refuse = true;
      const stubborn = await mailer.send({ to: "never@school.example.org", subject: "Give up", text: "No." });
      let now = Date.now();
      for (let i = 0; i < 10; i++) {
        now += 24 * 3600_000;
        await mailer.retryFailed(new Date(now));
      }
      const last = await row(stubborn.id);
      expect(last.status).toBe("failed");
      expect(last.attempts).toBe(MAX_ATTEMPTS);
    } finally {
      await smtp.close();
    }
  });
});

describe("the transactional outbox", () => {
  it("keeps no message of a change that rolled back, and delivers one that committed", async () => {
    const smtp = await startSmtp();
    try {
      const mailer = createMailer({ db: t.database.db, smtpUrl: smtp.url, from: "conduct@localhost" });
      await t.database.db
        .transaction(async (tx) => {
          await queueMail(tx, { to: "rolled-back@school.example.org", subject: "Never", text: "x" });
          throw new Error("the change failed");
        })
        .catch(() => undefined);
      const id = await t.database.db.transaction((tx) =>
        queueMail(tx, {
          to: "committed@school.example.org",
          subject: "Queued alert",
          text: "Sign in to see it.",
        }),
      );
      // Committed but not yet sent: a crash here loses nothing, the next delivery finds it.
      expect((await row(id)).status).toBe("queued");
      expect(smtp.received).toHaveLength(0);
      expect(await mailer.deliverQueued()).toBeGreaterThanOrEqual(1);
      expect((await row(id)).status).toBe("sent");
      expect(smtp.received.map((m) => m.to[0])).toContain("committed@school.example.org");
      expect(smtp.received.map((m) => m.to[0])).not.toContain("rolled-back@school.example.org");
      expect(bodyOf(smtp.received.find((m) => m.to[0] === "committed@school.example.org")!.raw)).toContain(
        "Sign in to see it.",
      );
      // Delivered once: a second run (another instance's job) sends nothing again.
      const before = smtp.received.length;
      await mailer.deliverQueued();
      expect(smtp.received.length).toBe(before);
    } finally {
      await smtp.close();
    }
  });

  it("without SMTP marks queued messages stored, for the outbox page", async () => {
    const mailer = createMailer({ db: t.database.db, from: "conduct@localhost" });
    const id = await queueMail(t.database.db, {
      to: "nosmtp@school.example.org",
      subject: "Kept",
      text: "x",
    });
    await mailer.deliverQueued();
    expect((await row(id)).status).toBe("stored");
  });

  it("claims a message left sending by a crashed sender after a while, and sends it", async () => {
    const smtp = await startSmtp();
    try {
      const mailer = createMailer({ db: t.database.db, smtpUrl: smtp.url, from: "conduct@localhost" });
      const id = await queueMail(t.database.db, {
        to: "stuck@school.example.org",
        subject: "Stuck",
        text: "x",
      });
      const crashedAt = new Date(Date.now() - 11 * 60_000);
      await t.database.db
        .update(outbox)
        .set({ status: "sending", lastAttemptAt: crashedAt })
        .where(eq(outbox.id, id));
      await mailer.deliverQueued();
      expect((await row(id)).status).toBe("sent");
    } finally {
      await smtp.close();
    }
  });
});
