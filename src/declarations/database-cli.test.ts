// The daily jobs run by hand from the command line, against a real database.
import { Command } from "commander";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pupils } from "../core/people/schema";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../platform/testing/test-app";
import { eighteenthBirthday } from "./age-of-majority";
import { registerDeclarationCommands } from "./cli";
import { registerDeclarationDatabaseCommands } from "./database-cli";
import { recordDeclaration } from "./record-declaration";
import { declarations } from "./schema";

let t: TestApp;
let declarationId: string;
const dateOfBirth = "2009-03-14";
const previous = { DATABASE_URL: process.env.DATABASE_URL, BASE_URL: process.env.BASE_URL };

beforeAll(async () => {
  t = await createTestApp();
  const trust = await seedTrust(t);
  const staff = await signInAs(t, "staff", { schoolId: trust.schoolA.id });
  const [pupil] = await t.database.db
    .insert(pupils)
    .values({
      schoolId: trust.schoolA.id,
      externalId: "X1",
      firstName: "Ivy",
      lastName: "Lane",
      yearGroup: "Year 13",
      dateOfBirth,
      leftOn: "2025-07-18",
    })
    .returning({ id: pupils.id });
  const recorded = await recordDeclaration({
    db: t.database.db,
    mailer: t.services.mailer,
    baseUrl: "http://localhost:3000",
    declarer: { id: staff.userId, name: "Test staff", email: staff.email },
    school: { id: trust.schoolA.id, name: "School A", timeZone: "Europe/London" },
    contact: { kind: "pupil", pupilId: pupil!.id },
    platforms: ["Snapchat"],
    otherRelationships: [],
    asOf: new Date("2026-01-10T12:00:00Z"),
  });
  if (!recorded.ok) throw new Error(recorded.error.message);
  declarationId = recorded.declarationId;
  // The commands read their settings from the environment, as from a shell; vitest sets BASE_URL to "/".
  process.env.DATABASE_URL = t.database.url;
  process.env.BASE_URL = "http://localhost:3000";
});
afterAll(async () => {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await t?.close();
});

async function run(...args: string[]): Promise<string> {
  const program = new Command("conduct").exitOverride();
  registerDeclarationCommands(program);
  registerDeclarationDatabaseCommands(program);
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(["node", "conduct", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join("");
}

describe("conduct declarations rejudge | purge-evidence", () => {
  it("re-judges on the 18th birthday given with --as-of", async () => {
    const birthday = eighteenthBirthday({ dateOfBirth, timeZone: "Europe/London" });
    expect(birthday.toISOString()).toBe("2027-03-14T00:00:00.000Z");
    const early = JSON.parse(
      await run("declarations", "rejudge", "--as-of", "2027-03-13T23:59:59Z", "--json"),
    );
    expect(early).toEqual({ checked: 0, changed: 0, failed: 0 });
    const onTheDay = JSON.parse(
      await run("declarations", "rejudge", "--as-of", birthday.toISOString(), "--json"),
    );
    expect(onTheDay).toEqual({ checked: 1, changed: 1, failed: 0 });
    const [row] = await t.database.db.select().from(declarations).where(eq(declarations.id, declarationId));
    expect(row?.verdict).toBe("permitted");
  });

  it("purges nothing when no file is past its retention", async () => {
    expect(await run("declarations", "purge-evidence")).toBe("0 file(s) purged.\n");
  });
});
