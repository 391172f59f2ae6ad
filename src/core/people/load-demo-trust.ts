// Loads the Summit Learning Trust demo into an empty database, with sign-ins for each role.
import { inArray, sql } from "drizzle-orm";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../../platform/db";
import { hashPassword } from "../../platform/auth/passwords";
import { roleAssignments, users } from "../../platform/auth/schema";
import type { Role } from "../../platform/auth/permissions";
import { generateDemoTrust } from "./generate-demo-trust";
import { importPeople } from "./import-people";
import { schools, trusts } from "./schema";

export const DEMO_PASSWORD = "summit-demo-password";
const DEMO_ACTOR = { id: null, label: "demo loader" };

export type DemoSignIn = { role: string; email: string; name: string };
export type DemoResult = {
  loaded: boolean;
  trust: string;
  password: string;
  counts: { schools: number; staff: number; pupils: number; parents: number };
  signIns: DemoSignIn[];
};

export async function loadDemoTrust(options: { db: Db; asOf: Date; schools?: number }): Promise<DemoResult> {
  const { db } = options;
  const demo = generateDemoTrust({ seed: 1, asOf: options.asOf, schools: options.schools });
  const [existing] = await db.select().from(trusts).limit(1);
  if (existing && existing.slug !== demo.trust.slug) {
    throw new Error(
      `This database already holds ${existing.name}; the demo only loads into an empty database (use another CONDUCT_DATA_DIR).`,
    );
  }
  const loaded = !existing;
  if (loaded) {
    await db.transaction(async (tx) => {
      const [trust] = await tx
        .insert(trusts)
        .values({ name: demo.trust.name, slug: demo.trust.slug })
        .returning();
      await tx.insert(schools).values(
        demo.schools.map((s) => ({
          trustId: trust!.id,
          slug: s.slug,
          name: s.name,
          phase: s.phase,
          urn: s.urn,
          timeZone: s.timeZone,
          settings: {
            shortNames: [
              s.name.replace(/ (School|Academy)$/, ""),
              s.name
                .split(" ")
                .map((w) => w[0])
                .join(""),
            ],
            officialHandles: [`@${s.name.replace(/[^A-Za-z]/g, "")}`],
            sanctionedPlatforms: ["Google Classroom", "Microsoft Teams"],
            streets: ["Summit Road", "Mill Lane", "Station Road"],
          },
        })),
      );
      await recordAuditEvent(tx, {
        actor: DEMO_ACTOR,
        action: "trust.set-up",
        subjectType: "trust",
        subjectId: trust!.id,
        detail: { demo: true },
      });
    });
    for (const [kind, rows] of [
      ["staff", demo.staff],
      ["pupils", [...demo.pupils, ...demo.exPupils]],
      ["parents", demo.parents],
    ] as const) {
      const summary = await importPeople({
        db,
        actor: DEMO_ACTOR,
        fileName: `demo-${kind}`,
        data: { kind, rows } as never,
        asOf: options.asOf,
      });
      if (summary.errors.length) throw new Error(`Demo ${kind} did not load: ${summary.errors[0]!.message}`);
    }
  }
  const signIns = await demoSignIns(db, demo.staff, loaded);
  return {
    loaded,
    trust: demo.trust.name,
    password: DEMO_PASSWORD,
    counts: {
      schools: demo.schools.length,
      staff: demo.staff.length,
      pupils: demo.pupils.length + demo.exPupils.length,
      parents: demo.parents.length,
    },
    signIns,
  };
}

async function demoSignIns(
  db: Db,
  staffRows: ReturnType<typeof generateDemoTrust>["staff"],
  setPasswords: boolean,
): Promise<DemoSignIn[]> {
  const pick = (role: string, school?: string) =>
    staffRows.find(
      (s) => s.roles.includes(role as never) && (!school || s.schoolSlug === school) && !s.leaveDate,
    );
  const high = staffRows.find((s) => s.schoolSlug.includes("high"))?.schoolSlug;
  const chosen: { label: string; row: (typeof staffRows)[number] | undefined }[] = [
    { label: "Principal (Summit High)", row: pick("principal", high) },
    { label: "Senior leader (Summit High)", row: pick("senior-leader", high) },
    { label: "Designated safeguarding lead", row: pick("dsl", high) },
    {
      label: "Member of staff",
      row: staffRows.find(
        (s) =>
          s.schoolSlug === high &&
          s.roles.every((r) => r === "staff") &&
          s.employment === "employee" &&
          !s.leaveDate,
      ),
    },
    { label: "Volunteer", row: staffRows.find((s) => s.employment === "volunteer" && !s.leaveDate) },
    { label: "HR", row: pick("hr") },
    { label: "IT director", row: pick("it-director") },
    { label: "Trustee", row: pick("trustee") },
  ];
  const signIns: DemoSignIn[] = [
    { role: "Trust administrator", email: "admin@summit.example.org", name: "Trust Administrator" },
  ];
  for (const c of chosen)
    if (c.row)
      signIns.push({
        role: c.label,
        email: c.row.email.toLowerCase(),
        name: `${c.row.firstName} ${c.row.lastName}`,
      });
  if (setPasswords) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      const [admin] = await tx
        .insert(users)
        .values({ email: "admin@summit.example.org", name: "Trust Administrator", passwordHash })
        .onConflictDoNothing()
        .returning();
      if (admin)
        await tx
          .insert(roleAssignments)
          .values({ userId: admin.id, role: "trust-admin" satisfies Role, schoolId: null })
          .onConflictDoNothing();
      await tx
        .update(users)
        .set({ passwordHash })
        .where(
          inArray(
            sql`lower(${users.email})`,
            signIns.map((s) => s.email),
          ),
        );
    });
  }
  return signIns;
}
