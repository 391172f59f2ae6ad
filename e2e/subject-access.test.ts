// My data, notifications and a subject access request in a browser: a member of staff reads their
// data and notifications; their principal records a request and downloads the record; the member
// of staff then sees that production in who has looked. axe-core checks every page.
import "../src/capabilities";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schools, staff, trusts } from "../src/core/people/schema";
import { hashPassword } from "../src/platform/auth/passwords";
import { roleAssignments, users } from "../src/platform/auth/schema";
import { notify } from "../src/platform/mail/queue-mail";
import { type Journey, settle, startJourney, visit } from "./browser";

const PASSWORD = "a long journey password";
const people = {
  staff: { email: "sam.teacher@school.example.org", name: "Sam Teacher" },
  principal: { email: "pat.principal@school.example.org", name: "Pat Principal" },
};
let j: Journey;

beforeAll(async () => {
  j = await startJourney({
    prepare: async ({ db }) => {
      const [trust] = await db
        .insert(trusts)
        .values({ name: "Journey Trust", slug: "journey-trust" })
        .returning();
      const [school] = await db
        .insert(schools)
        .values({ trustId: trust!.id, slug: "hill-high", name: "Hill High", phase: "secondary" })
        .returning();
      const passwordHash = await hashPassword(PASSWORD);
      for (const [person, role] of [
        [people.staff, "staff"],
        [people.principal, "principal"],
      ] as const) {
        const [first, last] = person.name.split(" ");
        const [row] = await db
          .insert(staff)
          .values({
            schoolId: school!.id,
            externalId: person.email,
            firstName: first!,
            lastName: last!,
            email: person.email,
            jobTitle: "Teacher",
            employment: "employee",
            startDate: "2020-09-01",
          })
          .returning();
        const [user] = await db
          .insert(users)
          .values({ ...person, passwordHash, staffId: row!.id })
          .returning();
        await db.insert(roleAssignments).values({ userId: user!.id, role, schoolId: school!.id });
        if (role === "staff")
          await notify(db, {
            userId: user!.id,
            kind: "test",
            to: person.email,
            subject: "Something is waiting for you",
            text: "Sign in to see it.",
            link: "/me/data",
          });
      }
    },
  });
});
afterAll(async () => j?.close());

async function signIn(email: string) {
  const { page } = j;
  await j.context.clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await settle(page, () => page.click("main button[type=submit]"));
  expect(new URL(page.url()).pathname).toBe("/");
}

describe("my data, notifications and a subject access request", () => {
  it("shows a member of staff their data and notifications, and a principal produces it for a request", async () => {
    const { page } = j;
    await signIn(people.staff.email);
    await visit(page, "/notifications");
    await expect(page.locator("main").textContent()).resolves.toContain("Something is waiting for you");
    await settle(page, () => page.click("main button:has-text('Mark all as read')"));
    await expect(page.locator("main").textContent()).resolves.toContain("Nothing unread");
    await visit(page, "/me/data");
    await expect(page.locator("main").textContent()).resolves.toContain("Your staff record");

    await signIn(people.principal.email);
    await visit(page, "/subject-access");
    await page.fill("#email", people.staff.email);
    await page.fill("#requestedBy", "the person, by email");
    await settle(page, () => page.click("main button:has-text('Record the request')"));
    await expect(page.locator("main").textContent()).resolves.toContain("Due on");
    const href = await page.locator("main a[download]").getAttribute("href");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    const json = (await res.json()) as { sections: { key: string }[] };
    expect(json.sections.map((s) => s.key)).toContain("declarations");

    await signIn(people.staff.email);
    await visit(page, "/me/data");
    await expect(page.locator("main").textContent()).resolves.toContain(
      "produced a copy of your data for a subject access request",
    );
  }, 150_000);
});
