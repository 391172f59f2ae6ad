// The acknowledgement completion page for a trust of 100 schools and 15,000 staff with three
// versions of history (each approved, two with a material change marked): render time of the
// trust-wide page (table, chart) and of one school's named list, beside a plain signed-in page
// (My record) measured in the same run on the same database.
import "../src/capabilities";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { markMaterialChanges } from "../src/acknowledgements/mark-material-changes";
import { schools, staff, trusts } from "../src/core/people/schema";
import { roleAssignments, users } from "../src/platform/auth/schema";
import { SESSION_COOKIE, startSession } from "../src/platform/auth/sessions";
import { setAuditKey } from "../src/platform/audit/audit-key";
import { readConfig } from "../src/platform/config";
import { connect, migrateDatabase } from "../src/platform/db";
import { startEmbeddedDatabase } from "../src/platform/embedded-database";
import { createLogger } from "../src/platform/logger";
import { createMailer } from "../src/platform/mail/send-mail";
import { createApp } from "../src/platform/web/app";
import { approvePolicyVersion } from "../src/policy/approve-policy-version";
import { importPolicyVersion } from "../src/policy/import-policy-version";

const SCHOOLS = 100;
const STAFF_PER_SCHOOL = 150;
const ROUNDS = 15;
const summit = readFileSync(
  fileURLToPath(new URL("../src/policy/fixtures/summit-social-media-policy.txt", import.meta.url)),
  "utf8",
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export default async function run(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-bench-ack-"));
  await fs.chmod(dataDir, 0o755);
  const embedded = await startEmbeddedDatabase({ dataDir, database: "postgres" });
  const database = connect(embedded.url, "embedded-postgres");
  setAuditKey(randomBytes(32)); // the app loads it in openDatabase; this bench connects by hand
  try {
    await migrateDatabase(database);
    const { db } = database;
    const [trust] = await db.insert(trusts).values({ name: "Bench Trust", slug: "bench" }).returning();
    const schoolRows = await db
      .insert(schools)
      .values(
        Array.from({ length: SCHOOLS }, (_, i) => ({
          trustId: trust!.id,
          slug: `school-${i}`,
          name: `School ${String(i).padStart(3, "0")}`,
          phase: "primary",
        })),
      )
      .returning();
    for (const school of schoolRows) {
      const rows = Array.from({ length: STAFF_PER_SCHOOL }, (_, k) => ({
        schoolId: school.id,
        externalId: `S${k}`,
        firstName: `First${k}`,
        lastName: `Last${k}`,
        email: `${school.slug}-${k}@bench.example.org`,
        jobTitle: "Teacher",
        employment: (k % 10 === 0 ? "volunteer" : "employee") as "employee" | "volunteer",
        startDate: "2020-09-01",
      }));
      const inserted = await db.insert(staff).values(rows).returning({ id: staff.id });
      // The first ten manage the rest, so the school page groups by line manager.
      await db.execute(
        sql`update staff set line_manager_id = ${inserted[0]!.id} where school_id = ${school.id} and external_id <> 'S0'`,
      );
    }
    const [admin] = await db
      .insert(users)
      .values({ email: "admin@bench.example.org", name: "Bench Admin" })
      .returning();
    await db.insert(roleAssignments).values({ userId: admin!.id, role: "trust-admin", schoolId: null });
    const cookie = `${SESSION_COOKIE}=${await startSession(db, admin!.id, "password")}`;
    const actor = { id: admin!.id, label: "bench" };
    const texts = [
      summit,
      summit.replace(
        "This includes ex-pupils until they reach the age of 18.",
        "This includes former pupils until their 18th birthday.",
      ),
      summit
        .replace(
          "This includes ex-pupils until they reach the age of 18.",
          "This includes former pupils until their 18th birthday.",
        )
        .replace("harass, bully or intimidate", "harass, bully, or intimidate"),
    ];
    const setUpStart = Date.now();
    for (const [i, text] of texts.entries()) {
      const day = `2026-0${i + 1}-15`;
      const r = await importPolicyVersion({
        db,
        actor,
        fileName: `v${i + 1}.txt`,
        bytes: Buffer.from(text),
        asOf: new Date(`${day}T09:00:00Z`),
      });
      if (!r.ok) throw new Error(r.error.message);
      const ok = await approvePolicyVersion(
        db,
        actor,
        { versionId: r.versionId, approvingBody: "Board", approvalDate: day },
        new Date(`${day}T09:00:00Z`),
      );
      if (!ok.ok) throw new Error(ok.message);
      if (i > 0)
        await markMaterialChanges({
          db,
          actor,
          versionId: r.versionId,
          materialKeys: i === 1 ? ["8.3"] : [],
          asOf: new Date(`${day}T10:00:00Z`),
        });
      // Most acknowledge over the following weeks.
      await db.execute(sql`update acknowledgement_assignments set status = 'done',
        completed_at = assigned_on::timestamp + make_interval(days => floor(random() * 30)::int)
        where status = 'open' and random() < 0.8`);
    }
    const setUpMs = Date.now() - setUpStart;
    const logger = createLogger("silent");
    const config = {
      ...readConfig({ BASE_URL: "http://localhost:3000", LOG_LEVEL: "silent" } as NodeJS.ProcessEnv),
      databaseUrl: embedded.url,
    };
    const app = createApp({
      database,
      config,
      logger,
      mailer: createMailer({ db, from: config.mailFrom, logger }),
      jobs: null,
    });
    const time = async (pathName: string) => {
      const samples: number[] = [];
      for (let i = 0; i < ROUNDS + 2; i++) {
        const start = process.hrtime.bigint();
        const res = await app.request(`http://localhost:3000${pathName}`, { headers: { cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`${pathName}: ${res.status}`);
        if (i >= 2) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return median(samples);
    };
    const [assignments] = (await db.execute(sql`select count(*)::int as n from acknowledgement_assignments`))
      .rows as { n: number }[];
    const plain = await time("/me");
    const trustWide = await time("/acknowledgement/completion");
    const oneSchool = await time("/acknowledgement/completion/school-7");
    const plainAgain = await time("/me");
    console.log(
      `${SCHOOLS} schools, ${SCHOOLS * STAFF_PER_SCHOOL} staff, 3 versions, ${assignments?.n} assignments (set-up ${(setUpMs / 1000).toFixed(1)} s, three approvals included)`,
    );
    console.log(`completion, every school (table and chart): median ${trustWide.toFixed(1)} ms`);
    console.log(`completion, one school's named list (150 people): median ${oneSchool.toFixed(1)} ms`);
    console.log(
      `baseline, My record (a plain signed-in page): median ${((plain + plainAgain) / 2).toFixed(1)} ms`,
    );
  } finally {
    await database.close();
    await embedded.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
