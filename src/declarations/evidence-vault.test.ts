// The evidence vault through the real routes and database: a real PNG in and out byte for byte,
// files that lie about their type or size refused with nothing stored, who may open a file, the
// audit of every opening, and the purge once retention has passed.
import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../platform/audit/schema";
import { pupils } from "../core/people/schema";
import { outbox } from "../platform/mail/schema";
import { signInAs, type SignedIn } from "../platform/testing/test-app";
import { useTestTrust } from "../platform/testing/use-test-trust";
import { calendarDateAt } from "../core/calendar/calendar-date";
import { DEFAULT_EVIDENCE_RETENTION_DAYS, MAX_EVIDENCE_BYTES } from "./evidence-settings";
import { purgeEvidence } from "./purge-evidence";
import { evidencePurgeDate } from "./retention";
import { evidenceItems } from "./schema";

const ctx = useTestTrust();
let owner: SignedIn;
let otherStaff: SignedIn;
let seniorLeader: SignedIn;
let principal: SignedIn;
let pupilId: string;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const ascii = (text: string) => new TextEncoder().encode(text);
const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** A real 2x2 PNG (signature, IHDR, IDAT, IEND with correct CRCs) that any viewer opens. */
function png(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const body = concat(ascii(type), data);
    return concat(u32(data.length), body, u32(crc32(body)));
  };
  const ihdr = concat(u32(2), u32(2), new Uint8Array([8, 2, 0, 0, 0]));
  const rows = new Uint8Array([0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 255, 255, 255]);
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array()),
  );
}

beforeAll(async () => {
  const a = ctx.trust.schoolA.id;
  owner = await signInAs(ctx.t, "staff", { schoolId: a });
  otherStaff = await signInAs(ctx.t, "staff", { schoolId: a });
  seniorLeader = await signInAs(ctx.t, "senior-leader", { schoolId: a });
  principal = await signInAs(ctx.t, "principal", { schoolId: a });
  const [pupil] = await ctx.t.database.db
    .insert(pupils)
    .values({
      schoolId: a,
      externalId: "P1",
      firstName: "Ada",
      lastName: "Okafor",
      yearGroup: "Year 10",
      dateOfBirth: "2010-10-10",
    })
    .returning({ id: pupils.id });
  pupilId = pupil!.id;
});

const today = () => calendarDateAt(new Date(), "Europe/London");

function upload(
  who: SignedIn,
  file: { bytes: Uint8Array; name: string; type: string },
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  form.set("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  const values = { communicationDate: today(), concerning: `pupil:${pupilId}`, ...fields };
  for (const [k, v] of Object.entries(values)) form.set(k, v);
  return ctx.t.request("/evidence/new", { method: "POST", cookie: who.cookie, body: form });
}

async function itemCount(): Promise<number> {
  const [row] = await ctx.t.database.db.select({ n: sql<number>`count(*)::int` }).from(evidenceItems);
  return row!.n;
}

async function openings(id: string) {
  return ctx.t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "evidence.opened"), eq(auditEvents.subjectId, id)));
}

describe("the evidence vault", () => {
  const bytes = png();
  let id: string;

  it("stores a real PNG unaltered, with its digest and the retention date", async () => {
    const res = await upload(
      owner,
      { bytes, name: "reply-to-ada.png", type: "image/png" },
      { sharedWith: seniorLeader.userId },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/declarations#vault");
    const [item] = await ctx.t.database.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.ownerId, owner.userId));
    id = item!.id;
    expect(item).toMatchObject({
      fileName: "reply-to-ada.png",
      mediaType: "image/png",
      size: bytes.length,
      sha256: sha256(bytes),
      communicationDate: today(),
      concerning: "Ada Okafor (Year 10)",
      pupilId,
      sharedWithId: seniorLeader.userId,
      schoolId: ctx.trust.schoolA.id,
    });
    expect(sha256(new Uint8Array(item!.content))).toBe(sha256(bytes));
    const expected = evidencePurgeDate({
      storedAt: item!.storedAt,
      retentionDays: DEFAULT_EVIDENCE_RETENTION_DAYS,
      timeZone: "Europe/London",
    });
    expect(item!.purgeAfter).toBe(calendarDateAt(expected, "Europe/London"));
    // The leader it is shared with is told, by a link and without the pupil's name.
    const [mail] = await ctx.t.database.db.select().from(outbox).where(eq(outbox.to, seniorLeader.email));
    expect(mail?.text).toContain("/declarations/review");
    expect(mail?.text).not.toMatch(/Ada|Okafor/);
  });

  it("gives the owner the file back intact, as an attachment that is never sniffed", async () => {
    const res = await ctx.t.request(`/evidence/${id}/download`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="reply-to-ada\.png"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // Its own sandbox policy, not the pages' global one.
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(bytes));
  });

  it("lets the leader it is shared with open it, and no other member of staff or leader", async () => {
    const shared = await ctx.t.request(`/evidence/${id}/download`, { cookie: seniorLeader.cookie });
    expect(shared.status).toBe(200);
    expect(sha256(new Uint8Array(await shared.arrayBuffer()))).toBe(sha256(bytes));
    expect((await ctx.t.request(`/evidence/${id}/download`, { cookie: otherStaff.cookie })).status).toBe(403);
    expect((await ctx.t.request(`/evidence/${id}/download`, { cookie: principal.cookie })).status).toBe(403);
    const sharedList = await (
      await ctx.t.request("/declarations/review", { cookie: seniorLeader.cookie })
    ).text();
    expect(sharedList).toContain(`/evidence/${id}/download`);
  });

  it("writes each opening to the audit trail under the owner, and each refusal", async () => {
    const before = (await openings(id)).length;
    await ctx.t.request(`/evidence/${id}/download`, { cookie: owner.cookie });
    await ctx.t.request(`/evidence/${id}/download`, { cookie: seniorLeader.cookie });
    const after = await openings(id);
    expect(after).toHaveLength(before + 2);
    expect(after.slice(before).map((e) => e.actorId)).toEqual([owner.userId, seniorLeader.userId]);
    for (const e of after) expect(e.personId).toBe(owner.userId);
    const refused = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "evidence.open-refused"), eq(auditEvents.subjectId, id)));
    expect(refused.map((e) => e.actorId)).toEqual(
      expect.arrayContaining([otherStaff.userId, principal.userId]),
    );
  });

  it("refuses to serve a file whose bytes no longer match the digest", async () => {
    const tampered = await upload(owner, { bytes: png(), name: "second.png", type: "image/png" });
    expect(tampered.status).toBe(303);
    const [item] = await ctx.t.database.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.fileName, "second.png"));
    await ctx.t.database.pool.query("update evidence_items set content = $1 where id = $2", [
      Buffer.from(ascii("not the file")),
      item!.id,
    ]);
    const res = await ctx.t.request(`/evidence/${item!.id}/download`, { cookie: owner.cookie });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("no longer matches the fingerprint");
    await ctx.t.database.db.delete(evidenceItems).where(eq(evidenceItems.id, item!.id));
  });

  it.each([
    {
      what: "a web page named .png",
      file: {
        bytes: ascii("<!DOCTYPE html><html><script>alert(1)</script></html>"),
        name: "innocent.png",
        type: "image/png",
      },
      says: "contains a web page or SVG, which can carry scripts",
    },
    {
      what: "an empty file",
      file: { bytes: new Uint8Array(), name: "empty.png", type: "image/png" },
      says: "is empty",
    },
    {
      what: "a file over 10 MB",
      file: { bytes: concat(png(), new Uint8Array(MAX_EVIDENCE_BYTES)), name: "huge.png", type: "image/png" },
      says: "the largest file the vault takes is 10 MB",
    },
  ])("refuses $what and stores nothing", async ({ file, says }) => {
    const before = await itemCount();
    const res = await upload(owner, file);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain(says);
    expect(await itemCount()).toBe(before);
  });

  it("refuses a communication dated in the future, and a leader of another school", async () => {
    const before = await itemCount();
    const future = await upload(
      owner,
      { bytes: png(), name: "a.png", type: "image/png" },
      { communicationDate: "2999-01-01" },
    );
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("is in the future");
    const leaderB = await signInAs(ctx.t, "principal", { schoolId: ctx.trust.schoolB.id });
    const wrongLeader = await upload(
      owner,
      { bytes: png(), name: "a.png", type: "image/png" },
      { sharedWith: leaderB.userId },
    );
    expect(wrongLeader.status).toBe(400);
    expect(await itemCount()).toBe(before);
  });

  it("takes a free-text contact and the retention period from EVIDENCE_RETENTION_DAYS", async () => {
    const previous = process.env.EVIDENCE_RETENTION_DAYS;
    process.env.EVIDENCE_RETENTION_DAYS = "30";
    try {
      const res = await upload(
        owner,
        {
          bytes: ascii("From: ex-pupil\nHi sir, add me?\n\nReply: I cannot accept personal contact.\n"),
          name: "chat.txt",
          type: "text/plain",
        },
        { concerning: "text", concerningText: "An ex-pupil who left in 2023" },
      );
      expect(res.status).toBe(303);
    } finally {
      if (previous === undefined) delete process.env.EVIDENCE_RETENTION_DAYS;
      else process.env.EVIDENCE_RETENTION_DAYS = previous;
    }
    const [item] = await ctx.t.database.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.fileName, "chat.txt"));
    expect(item).toMatchObject({
      mediaType: "text/plain",
      concerning: "An ex-pupil who left in 2023",
      pupilId: null,
      sharedWithId: null,
    });
    const expected = evidencePurgeDate({
      storedAt: item!.storedAt,
      retentionDays: 30,
      timeZone: "Europe/London",
    });
    expect(item!.purgeAfter).toBe(calendarDateAt(expected, "Europe/London"));
  });

  it("lists the owner's files, and audits the listing", async () => {
    const html = await (await ctx.t.request("/declarations", { cookie: owner.cookie })).text();
    expect(html).toContain("Files in your evidence vault");
    expect(html).toContain("reply-to-ada.png");
    const listed = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "evidence.listed"),
          sql`${auditEvents.detail}->'records' @> ${JSON.stringify([{ id }])}::jsonb`,
        ),
      );
    expect(listed.length).toBeGreaterThan(0);
    expect(listed[0]!.personId).toBe(owner.userId);
  });

  it("purges files past their retention, and records the digest but not the content", async () => {
    const [kept] = await ctx.t.database.db
      .select()
      .from(evidenceItems)
      .where(eq(evidenceItems.fileName, "chat.txt"));
    const [expiring] = await ctx.t.database.db.select().from(evidenceItems).where(eq(evidenceItems.id, id));
    // Retention ended yesterday for one file only.
    const yesterday = calendarDateAt(new Date(Date.now() - 86_400_000), "Europe/London");
    await ctx.t.database.db
      .update(evidenceItems)
      .set({ purgeAfter: yesterday })
      .where(eq(evidenceItems.id, id));

    // On the purge-after day itself the file is still kept.
    const onTheDay = await purgeEvidence({ db: ctx.t.database.db, asOf: new Date(Date.now() - 86_400_000) });
    expect(onTheDay.purged).toBe(0);

    const { purged } = await purgeEvidence({ db: ctx.t.database.db });
    expect(purged).toBe(1);
    expect(await ctx.t.database.db.select().from(evidenceItems).where(eq(evidenceItems.id, id))).toHaveLength(
      0,
    );
    expect(
      await ctx.t.database.db.select().from(evidenceItems).where(eq(evidenceItems.id, kept!.id)),
    ).toHaveLength(1);

    const [event] = await ctx.t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "evidence.purged"), eq(auditEvents.subjectId, id)));
    expect(event?.personId).toBe(owner.userId);
    expect(event?.detail).toMatchObject({
      sha256: expiring!.sha256,
      size: expiring!.size,
      mediaType: "image/png",
    });
    expect(JSON.stringify(event?.detail)).not.toContain(Buffer.from(bytes).toString("base64").slice(0, 16));
    expect(Object.keys(event!.detail)).not.toContain("content");
    expect((await ctx.t.request(`/evidence/${id}/download`, { cookie: owner.cookie })).status).toBe(404);
  });
});
