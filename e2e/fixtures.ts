// The people a browser journey needs, built in one call: a trust, its schools, and people in given
// roles (with a staff record where they work, and a password to sign in with), then signed in
// through the real sign-in form. Journeys describe who takes part, not how the rows are written.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD, type DemoResult } from "../src/core/people/load-demo-trust";
import { schools, staff, trusts } from "../src/core/people/schema";
import { hashPassword } from "../src/platform/auth/passwords";
import { isTrustRole, type Role } from "../src/platform/auth/permissions";
import { roleAssignments, users } from "../src/platform/auth/schema";
import type { Db } from "../src/platform/db";
import { approvePolicyVersion } from "../src/policy/approve-policy-version";
import { importPolicyVersion } from "../src/policy/import-policy-version";
import { settle, visit } from "./browser";

export const JOURNEY_PASSWORD = "a long journey password";

export type SchoolSpec = { slug: string; name: string; phase?: string };

export type PersonSpec = {
  email: string;
  name: string;
  role: Role;
  /** The school of a school role, and of the staff record; the first school when left out. */
  school?: string;
  /**
   * A staff record (in the MIS's people) at this school: by default people with a school role have
   * one and trust-wide roles do not; `false` for an account with a role and no staff record.
   */
  staffAt?: string | false;
  /** The staff record's MIS id; S1, S2… by default. */
  externalId?: string;
  jobTitle?: string;
  /** The key of their line manager, a person listed before them. */
  lineManager?: string;
};

export type BuiltPerson = { userId: string; staffId: string | null; email: string; name: string };

export type BuiltTrust<K extends string> = {
  trustId: string;
  schools: Record<string, { id: string; slug: string; name: string }>;
  people: Record<K, BuiltPerson>;
};

/** The one school most journeys need. */
export const HILL_HIGH: SchoolSpec = { slug: "hill-high", name: "Hill High", phase: "secondary" };

/** Writes the trust, its schools and its people; every person's password is JOURNEY_PASSWORD. */
export async function buildTrust<K extends string>(
  db: Db,
  spec: { schools?: SchoolSpec[]; people: Record<K, PersonSpec> },
): Promise<BuiltTrust<K>> {
  const schoolSpecs = spec.schools ?? [HILL_HIGH];
  const [trust] = await db
    .insert(trusts)
    .values({ name: "Journey Trust", slug: "journey-trust" })
    .returning();
  const built: BuiltTrust<K> = { trustId: trust!.id, schools: {}, people: {} as Record<K, BuiltPerson> };
  for (const s of schoolSpecs) {
    const [row] = await db
      .insert(schools)
      .values({ trustId: trust!.id, slug: s.slug, name: s.name, phase: s.phase ?? "secondary" })
      .returning();
    built.schools[s.slug] = { id: row!.id, slug: row!.slug, name: row!.name };
  }
  const schoolId = (slug: string) => {
    const found = built.schools[slug];
    if (!found) throw new Error(`The journey's trust has no school "${slug}"`);
    return found.id;
  };
  const lineManagerOf = (key: string) => {
    const manager = (built.people as Record<string, BuiltPerson>)[key];
    if (!manager?.staffId)
      throw new Error(`The line manager "${key}" must be listed earlier, with a staff record`);
    return manager.staffId;
  };
  const passwordHash = await hashPassword(JOURNEY_PASSWORD);
  let n = 0;
  for (const [key, person] of Object.entries(spec.people) as [K, PersonSpec][]) {
    n += 1;
    const school = person.school ?? schoolSpecs[0]!.slug;
    const trustWide = isTrustRole(person.role);
    const staffAt = person.staffAt ?? (trustWide ? false : school);
    let staffId: string | null = null;
    if (staffAt !== false) {
      const [first, ...rest] = person.name.split(" ");
      const [row] = await db
        .insert(staff)
        .values({
          schoolId: schoolId(staffAt),
          externalId: person.externalId ?? `S${n}`,
          firstName: first!,
          lastName: rest.join(" ") || first!,
          email: person.email,
          jobTitle: person.jobTitle ?? "Teacher",
          employment: "employee",
          startDate: "2020-09-01",
          lineManagerId: person.lineManager ? lineManagerOf(person.lineManager) : null,
        })
        .returning();
      staffId = row!.id;
    }
    const [user] = await db
      .insert(users)
      .values({ email: person.email, name: person.name, passwordHash, staffId })
      .returning();
    await db
      .insert(roleAssignments)
      .values({ userId: user!.id, role: person.role, schoolId: trustWide ? null : schoolId(school) });
    built.people[key] = { userId: user!.id, staffId, email: person.email, name: person.name };
  }
  return built;
}

/** The Summit trust's social media policy, the text most journeys approve. */
export const SUMMIT_POLICY = readFileSync(
  new URL("../src/policy/fixtures/summit-social-media-policy.txt", import.meta.url),
  "utf8",
);

/** Imports a policy text and approves it today, as the board would; returns the version's id. */
export async function approvePolicy(db: Db, text = SUMMIT_POLICY, fileName = "v1.txt"): Promise<string> {
  const actor = { id: null, label: "journey set-up" };
  const imported = await importPolicyVersion({ db, actor, fileName, bytes: Buffer.from(text) });
  if (!imported.ok) throw new Error(imported.error.message);
  const approved = await approvePolicyVersion(db, actor, {
    versionId: imported.versionId,
    approvingBody: "Board",
    approvalDate: new Date().toISOString().slice(0, 10),
  });
  if (!approved.ok) throw new Error(approved.message);
  return imported.versionId;
}

/** Signs in through the form on this page's browser context (its cookies cleared first), landing home. */
export async function signIn(page: Page, email: string, password = JOURNEY_PASSWORD): Promise<void> {
  await page.context().clearCookies();
  await visit(page, "/sign-in");
  await page.fill("#email", email);
  await page.fill("#password", password);
  await settle(page, () => page.click("main button[type=submit]"));
  expect(new URL(page.url()).pathname).toBe("/");
}

/** The demo trust's sign-in for a role ("Principal (Summit High)", "Member of staff", …). */
export function demoSignIn(demo: DemoResult, role: string): { email: string; name: string } {
  const found = demo.signIns.find((s) => s.role === role);
  if (!found) throw new Error(`The demo has no sign-in for ${role}`);
  return found;
}

/** Signs in as the demo trust's person in that role. */
export function signInToDemo(page: Page, demo: DemoResult, role: string): Promise<void> {
  return signIn(page, demoSignIn(demo, role).email, DEMO_PASSWORD);
}
