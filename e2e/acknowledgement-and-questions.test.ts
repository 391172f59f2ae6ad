// Acknowledgement and questions in a browser: a member of staff reads the policy section by
// section and acknowledges it (passing the check), asks a question; their line manager answers it
// and publishes it as guidance; the principal sees completion change; a new version with one
// material change asks that member of staff for that clause only, acknowledged with the keyboard
// alone. axe-core checks every page.
import "../src/capabilities";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgementAssignments, acknowledgements } from "../src/acknowledgements/schema";
import { hashPassword } from "../src/platform/auth/passwords";
import { roleAssignments, users } from "../src/platform/auth/schema";
import { questionGuidance } from "../src/questions/schema";
import { focused, type Journey, settle, startJourney, tableRows, visit } from "./browser";
import {
  approvePolicy,
  buildTrust,
  JOURNEY_PASSWORD,
  type PersonSpec,
  SUMMIT_POLICY,
  signIn as signInThrough,
} from "./fixtures";

const summit = SUMMIT_POLICY;
const people = {
  principal: { email: "pat.principal@school.example.org", name: "Pat Principal", role: "principal" },
  manager: { email: "lee.manager@school.example.org", name: "Lee Manager", role: "senior-leader" },
  staff: {
    email: "sam.teacher@school.example.org",
    name: "Sam Teacher",
    role: "staff",
    lineManager: "manager",
  },
} satisfies Record<string, PersonSpec>;
let j: Journey;
let staffId = "";

beforeAll(async () => {
  j = await startJourney({
    prepare: async ({ db }) => {
      const built = await buildTrust(db, { people });
      staffId = built.people.staff.staffId!;
      await approvePolicy(db, summit, "v1.txt");
    },
  });
});
afterAll(async () => j?.close());

const signIn = (email: string) => signInThrough(j.page, email);

const RIGHT = { "q-default-4.10": "1", "q-default-8.3": "2", "q-default-7.3": "0", "q-default-4.2.1": "1" };
let questionPath = "";

describe("acknowledgement and questions, in a browser", () => {
  it("the principal sees nobody has acknowledged yet", async () => {
    await signIn(people.principal.email);
    await visit(j.page, "/acknowledgement/completion");
    const rows = await tableRows(j.page, "By school");
    expect(rows[0]).toEqual(["Hill High", "3", "0", "0", "0%"]);
  });

  it("a member of staff reads section by section, fails then passes the check, and acknowledges", async () => {
    const { page } = j;
    await signIn(people.staff.email);
    await expect(page.locator("main").textContent()).resolves.toContain(
      "Read and acknowledge the social media policy",
    );
    await visit(page, "/acknowledgement");
    await settle(page, () => page.click("main a[href='/acknowledgement/read']"));
    for (let i = 0; i < 20 && (await page.locator("main a", { hasText: "Next section" }).count()) > 0; i++)
      await settle(page, () => page.click("main a:has-text('Next section')"));
    await settle(page, () => page.click("main a:has-text('I have read the policy')"));
    // A wrong answer shows the clause to read again.
    await page.check("input[name='q-default-4.10'][value='0']");
    await page.check("input[name=confirm]");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator(".error-summary").first().textContent()).resolves.toContain(
      "Read these clauses again",
    );
    await expect(page.locator(".error-summary a[href='/policy/clause/4.10']").count()).resolves.toBe(1);
    for (const [name, value] of Object.entries(RIGHT))
      await page.check(`input[name='${name}'][value='${value}']`);
    await page.check("input[name=confirm]");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator(".flash").textContent()).resolves.toContain("your acknowledgement is recorded");
  });

  it("asks a question against a clause", async () => {
    const { page } = j;
    await visit(page, "/questions/ask");
    await page.selectOption("#clause", "4.10");
    await page.fill("#body", "May I share the school's concert video on my own account?");
    await settle(page, () => page.click("main button[type=submit]"));
    questionPath = new URL(page.url()).pathname;
    expect(questionPath).toMatch(/^\/questions\/[0-9a-f-]{36}$/);
    await expect(page.locator("main").textContent()).resolves.toContain(`Sent to ${people.manager.name}`);
  });

  it("the line manager answers and publishes it as guidance", async () => {
    const { page } = j;
    await signIn(people.manager.email);
    await expect(page.locator("main").textContent()).resolves.toContain(
      "Questions about the policy waiting for your answer",
    );
    await visit(page, "/questions");
    await settle(page, () => page.click(`main a[href='${questionPath}']`));
    await page.fill(
      "#body",
      "Yes, if it is on the school's public channel already; share the link, not a copy.",
    );
    await settle(page, () => page.click("form[action$='/reply'] button[type=submit]"));
    await settle(page, () => page.click(`main a[href='${questionPath}/publish']`));
    await page.fill("#question", "May I share a school video on my personal account?");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator("#clause-4\\.10").textContent()).resolves.toContain(
      "May I share a school video",
    );
    expect(await j.database.db.select().from(questionGuidance)).toHaveLength(1);
  });

  it("the principal sees completion change", async () => {
    await signIn(people.principal.email);
    await visit(j.page, "/acknowledgement/completion");
    expect((await tableRows(j.page, "By school"))[0]).toEqual(["Hill High", "3", "1", "0", "33%"]);
    await expect(j.page.locator("figure.chart figcaption").textContent()).resolves.toContain("Hill High");
    await visit(j.page, "/acknowledgement/completion/hill-high");
    await expect(j.page.locator("main").textContent()).resolves.toContain("Line manager: Lee Manager");
  });

  it("a new version with one material change asks for that clause only; acknowledged by keyboard", async () => {
    const { page } = j;
    const v2 = await approvePolicy(
      j.database.db,
      summit
        .replace(
          "This includes ex-pupils until they reach the age of 18.",
          "This includes former pupils until their 19th birthday.",
        )
        .replace("harass, bully or intimidate", "harass, bully, or intimidate"),
      "v2.txt",
    );
    const admin = await j.database.db
      .insert(users)
      .values({
        email: "admin@trust.example.org",
        name: "Ada Admin",
        passwordHash: await hashPassword(JOURNEY_PASSWORD),
      })
      .returning();
    await j.database.db
      .insert(roleAssignments)
      .values({ userId: admin[0]!.id, role: "trust-admin", schoolId: null });
    await signIn("admin@trust.example.org");
    await visit(page, `/acknowledgement/versions/${v2}/material`);
    await page.check("input[name=material][value='8.3']");
    await settle(page, () => page.click("main button[type=submit]"));
    await expect(page.locator(".flash").textContent()).resolves.toContain(
      "asked to read the material changes",
    );

    await signIn(people.staff.email);
    await visit(page, "/acknowledgement/read");
    await expect(page.locator("main section.clause").count()).resolves.toBe(1);
    await expect(page.locator("main").textContent()).resolves.toContain("Clause 8.3");
    await expect(page.locator("main ins").count()).resolves.toBeGreaterThan(0);
    await settle(page, () => page.click("main a:has-text('I have read the changes')"));
    // Keyboard only from here: Tab to the first answer, arrows choose, space ticks, Enter sends.
    let where = await focused(page);
    for (let i = 0; i < 40 && where.id !== "q-default-8.3"; i++) {
      await page.keyboard.press("Tab");
      where = await focused(page);
    }
    expect(where.id).toBe("q-default-8.3");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    expect((await focused(page)).id).toBe("confirm");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await settle(page, () => page.keyboard.press("Enter"));
    await expect(page.locator(".flash").textContent()).resolves.toContain("your acknowledgement is recorded");
    const [assignment] = await j.database.db
      .select()
      .from(acknowledgementAssignments)
      .where(eq(acknowledgementAssignments.versionId, v2))
      .then((rows) => rows.filter((r) => r.staffId === staffId));
    const [ack] = await j.database.db
      .select()
      .from(acknowledgements)
      .where(eq(acknowledgements.assignmentId, assignment!.id));
    expect(ack!.clauseIds).toEqual(["8.3"]);
  });
});
