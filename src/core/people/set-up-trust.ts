// First run: name the trust, add the first school and create the first administrator.
import { sql } from "drizzle-orm";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { hashPassword, passwordProblem } from "../../platform/auth/passwords";
import { roleAssignments, users } from "../../platform/auth/schema";
import { schools, trusts } from "./schema";

export type SetUpTrustInput = {
  trustName: string;
  schoolName: string;
  schoolPhase: string;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
};

export type SetUpProblems = Partial<Record<keyof SetUpTrustInput, string>>;

export const SCHOOL_PHASES = ["primary", "secondary", "all-through", "special", "alternative"] as const;

export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "school"
  );
}

export function checkSetUp(input: SetUpTrustInput): SetUpProblems {
  const problems: SetUpProblems = {};
  if (!input.trustName.trim()) problems.trustName = "Enter the trust's name.";
  if (!input.schoolName.trim()) problems.schoolName = "Enter the first school's name.";
  if (!(SCHOOL_PHASES as readonly string[]).includes(input.schoolPhase))
    problems.schoolPhase = "Choose the school's phase.";
  if (!input.adminName.trim()) problems.adminName = "Enter your name.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.adminEmail.trim()))
    problems.adminEmail = "Enter an email address like name@school.org.uk.";
  const pw = passwordProblem(input.adminPassword);
  if (pw) problems.adminPassword = pw;
  return problems;
}

export async function trustExists(db: Db): Promise<boolean> {
  const result = await db.execute(sql`select exists (select 1 from trusts) as present`);
  return Boolean(result.rows[0]?.present);
}

/** Returns the new administrator's id, or null when a trust already exists (set-up runs once). */
export async function setUpTrust(db: Db, input: SetUpTrustInput): Promise<string | null> {
  const passwordHash = await hashPassword(input.adminPassword);
  return db.transaction(async (tx) => {
    // Serialise concurrent first-run submissions: only one may create the trust.
    await tx.execute(sql`lock table trusts in exclusive mode`);
    const existing = await tx.select({ id: trusts.id }).from(trusts).limit(1);
    if (existing.length > 0) return null;
    const [trust] = await tx
      .insert(trusts)
      .values({ name: input.trustName.trim(), slug: slugify(input.trustName) })
      .returning();
    const [school] = await tx
      .insert(schools)
      .values({
        trustId: trust!.id,
        name: input.schoolName.trim(),
        slug: slugify(input.schoolName),
        phase: input.schoolPhase,
      })
      .returning();
    const [admin] = await tx
      .insert(users)
      .values({ email: input.adminEmail.trim().toLowerCase(), name: input.adminName.trim(), passwordHash })
      .returning();
    await tx.insert(roleAssignments).values({ userId: admin!.id, role: "trust-admin", schoolId: null });
    await recordAuditEvent(tx, {
      actor: { id: admin!.id, label: admin!.email },
      action: "trust.set-up",
      subjectType: "trust",
      subjectId: trust!.id,
      detail: { trust: trust!.name, school: school!.name, admin: admin!.email },
    });
    return admin!.id;
  });
}
