// Declarations and the evidence vault in a browser: a member of staff finds a pupil on the roster,
// declares and reads the verdict; keeps a screenshot in the vault and downloads it intact; a leader
// reviews the declaration; another member of staff is refused; the member of staff answers a leader's
// question in Conduct. axe checks every page.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parentPupils, parents, pupils } from "../src/core/people/schema";
import { declarations, evidenceItems } from "../src/declarations/schema";
import { type Journey, settle, startJourney, tableRows, visit } from "./browser";
import { buildTrust, signIn as signInThrough } from "./fixtures";

const people = {
  staff: { email: "sam.teacher@school.example.org", name: "Sam Teacher" },
  other: { email: "alex.other@school.example.org", name: "Alex Other" },
  principal: { email: "pat.principal@school.example.org", name: "Pat Principal" },
};
let j: Journey;
let pupilId = "";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A real 1x1 PNG, as a phone's screenshot would be (only smaller). */
function png(): Buffer {
  const ascii = (s: string) => Buffer.from(s, "latin1");
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([ascii(type), data]);
    return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", Buffer.concat([u32(1), u32(1), Buffer.from([8, 2, 0, 0, 0])])),
    chunk("IDAT", deflateSync(Buffer.from([0, 20, 120, 200]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  j = await startJourney({
    prepare: async ({ db }) => {
      const built = await buildTrust(db, {
        people: {
          staff: { ...people.staff, role: "staff", staffAt: false },
          other: { ...people.other, role: "staff", staffAt: false },
          principal: { ...people.principal, role: "principal", staffAt: false },
        },
      });
      const schoolId = built.schools["hill-high"]!.id;
      const [pupil] = await db
        .insert(pupils)
        .values({
          schoolId,
          externalId: "P1",
          firstName: "Rowan",
          lastName: "Ashdown",
          yearGroup: "Year 10",
          dateOfBirth: "2010-06-15",
        })
        .returning();
      pupilId = pupil!.id;
      const [parent] = await db
        .insert(parents)
        .values({
          schoolId,
          externalId: "G1",
          firstName: "Morgan",
          lastName: "Ashdown",
          relationship: "Father",
        })
        .returning();
      await db.insert(parentPupils).values({ parentId: parent!.id, pupilId });
    },
  });
});
afterAll(async () => j?.close());

const signIn = (email: string) => signInThrough(j.page, email);

describe("declarations and the evidence vault, in a browser", () => {
  let declarationPath = "";

  it("lets a member of staff find a pupil, declare, and read the verdict with its clause", async () => {
    const { page } = j;
    await signIn(people.staff.email);
    await visit(page, "/declarations");
    await settle(page, () => page.click("main a[href='/declarations/new']"));

    // Sending the form with nothing chosen shows the problems, accessibly.
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    await expect(page.locator(".error-summary").textContent()).resolves.toContain(
      "Choose who you are in contact with",
    );

    await page.fill("#q", "ashdown");
    await settle(page, () => page.click("main form[method=get] button[type=submit]"));
    const labels = await page.locator("fieldset label").allTextContents();
    expect(labels.some((l) => l.includes("Rowan Ashdown, pupil") && l.includes("Year 10"))).toBe(true);
    expect(
      labels.some(
        (l) => l.includes("Morgan Ashdown, parent or carer") && l.includes("Parent of Rowan Ashdown"),
      ),
    ).toBe(true);

    await page.check(`input[name=contact][value="pupil:${pupilId}"]`);
    await page.check("input[name=platforms][value=Instagram]");
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    declarationPath = new URL(page.url()).pathname;
    expect(declarationPath).toMatch(/^\/declarations\/[0-9a-f-]{36}$/);
    await expect(page.locator(".flash").textContent()).resolves.toContain(
      "Your declaration has been recorded",
    );
    const verdict = await page.locator("section.verdict").textContent();
    expect(verdict).toContain("Not allowed");
    expect(verdict).toContain("What to do");
    await expect(page.locator("section.verdict a[href='/policy/clause/8.3']").count()).resolves.toBe(1);
  });

  it("keeps a screenshot in the vault, shared with the principal, and downloads it intact", async () => {
    const { page } = j;
    const bytes = png();
    await visit(page, "/evidence/new");
    await page.setInputFiles("#file", { name: "declined-request.png", mimeType: "image/png", buffer: bytes });
    await page.fill("#communicationDate", new Date().toISOString().slice(0, 10));
    await page.check("input[name=concerning][value=text]");
    await page.fill("#concerningText", "Rowan, a Year 10 pupil");
    await page.selectOption("#sharedWith", { label: people.principal.name });
    await settle(page, () => page.click("main form[method=post] button[type=submit]"));
    expect(new URL(page.url()).pathname).toBe("/declarations");
    await expect(page.locator(".flash").textContent()).resolves.toContain("fingerprint (SHA-256)");
    const rows = await tableRows(page, "Files in your evidence vault");
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toContain("declined-request.png");
    expect(rows[0]![3]).toBe(people.principal.name);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("main a[href$='/download']"),
    ]);
    expect(download.suggestedFilename()).toBe("declined-request.png");
    const saved = readFileSync((await download.path())!);
    expect(sha256(saved)).toBe(sha256(bytes));
    const [stored] = await j.database.db.select().from(evidenceItems);
    expect(stored!.sha256).toBe(sha256(bytes));
  });

  it("lets the principal review the declaration and open the shared file", async () => {
    const { page } = j;
    await signIn(people.principal.email);
    await visit(page, "/declarations/review");
    const rows = await tableRows(page, "Declarations awaiting review");
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]).toBe(people.staff.name);
    expect(rows[0]![4]).toContain("Not allowed");
    await settle(page, () => page.click(`main a[href='${declarationPath}']`));
    await expect(page.locator("h1").textContent()).resolves.toBe(`Declaration by ${people.staff.name}`);
    await page.check("input[name=action][value=noted]");
    await settle(page, () => page.click("form[action$='/review'] button[type=submit]"));
    await expect(page.locator(".flash").textContent()).resolves.toContain("noted");
    await expect(page.locator("main").textContent()).resolves.toContain(
      "No declarations are waiting for review",
    );
    const id = declarationPath.split("/").pop()!;
    const [row] = await j.database.db.select().from(declarations).where(eq(declarations.id, id));
    expect(row!.status).toBe("noted");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("main a[href$='/download']"),
    ]);
    expect(sha256(readFileSync((await download.path())!))).toBe(sha256(png()));
  });

  it("lets the principal find the reviewed declaration in the register, filter it, and read it on a phone", async () => {
    const { page } = j;
    await visit(page, "/declarations/review");
    await settle(page, () => page.click("main a[href='/declarations/register']"));
    let rows = await tableRows(page, "Declarations, newest first");
    expect(rows).toHaveLength(1);
    expect(rows[0]![1]).toBe(people.staff.name);
    expect(rows[0]![5]).toBe("Noted by a leader");
    // The filters are a plain GET form: choose, submit, and the address holds them.
    await page.selectOption("#status", "withdrawn");
    await settle(page, () => page.click("main form[action='/declarations/register'] button[type=submit]"));
    expect(new URL(page.url()).searchParams.get("status")).toBe("withdrawn");
    await expect(page.locator("main [role=status]").textContent()).resolves.toContain(
      "No declaration matches these filters",
    );
    await page.selectOption("#status", "noted");
    await page.fill("#q", "sam");
    await settle(page, () => page.click("main form[action='/declarations/register'] button[type=submit]"));
    rows = await tableRows(page, "Declarations, newest first");
    expect(rows).toHaveLength(1);
    await expect(
      page.locator("main a[href^='/declarations/register.csv']").getAttribute("href"),
    ).resolves.toBe("/declarations/register.csv?status=noted&q=sam");

    // On a 375 px phone the rows stack into cards: nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await visit(page, "/declarations/register?status=noted&q=sam");
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        table: document.querySelector("table.cards-on-phone")!.scrollWidth,
      }));
      expect(widths.page).toBeLessThanOrEqual(375);
      expect(widths.table).toBeLessThanOrEqual(375);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("refuses another member of staff the declaration and the file", async () => {
    const { page } = j;
    await signIn(people.other.email);
    const refused = await visit(page, declarationPath);
    expect(refused.status()).toBe(403);
    await expect(page.locator("h1").textContent()).resolves.toBe("Not allowed");
    await expect(page.locator("main").textContent()).resolves.not.toContain("Rowan");
    const [item] = await j.database.db.select({ id: evidenceItems.id }).from(evidenceItems);
    const file = await visit(page, `/evidence/${item!.id}/download`);
    expect(file.status()).toBe(403);
    await visit(page, "/declarations");
    await expect(page.locator("main").textContent()).resolves.toContain(
      "You have not declared any relationships",
    );
    const register = await visit(page, "/declarations/register");
    expect(register.status()).toBe(403);
  });

  it("lets the member of staff answer the principal's question, which returns the declaration to the queue", async () => {
    const { page } = j;
    await signIn(people.principal.email);
    const id = declarationPath.split("/").pop()!;
    await j.database.db
      .update(declarations)
      .set({ status: "awaiting-review" })
      .where(eq(declarations.id, id));
    await visit(page, declarationPath);
    await page.check("input[name=action][value=more-information]");
    await page.fill("#note", "Is this still an open account?");
    await settle(page, () => page.click("form[action$='/review'] button[type=submit]"));

    await signIn(people.staff.email);
    await visit(page, declarationPath);
    await expect(page.locator("main").textContent()).resolves.toContain("Is this still an open account?");
    await page.fill("#reply", "No, I closed it last week");
    await settle(page, () => page.click("form[action$='/reply'] button[type=submit]"));
    await expect(page.locator(".flash").textContent()).resolves.toContain("Your reply has been sent");
    await expect(page.locator("main").textContent()).resolves.toContain("No, I closed it last week");
    expect(await page.locator("form[action$='/reply']").count()).toBe(0);

    await signIn(people.principal.email);
    await visit(page, "/declarations/review");
    const rows = await tableRows(page, "Declarations awaiting review");
    expect(rows).toHaveLength(1);
    expect(rows[0]![5]).toContain("has replied");
  });
});
