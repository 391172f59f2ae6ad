// People imports at the size of a large real trust (the demo generator with 100 schools: about
// 15,000 staff, 150,000 pupils and 200,000 parents), from MIS-shaped CSV files on disk. Each import
// runs in a process of its own so its peak RSS is its own; beside it, in the same run, the bare CSV
// parser (csv-parse's stream) over the same file in a process of its own: the floor for time and
// memory. Every kind is imported twice: into empty tables, then the same file again (nothing
// changes). Set BENCH_IMPORT_SCHOOLS for another size.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateDemoTrust, peopleToCsv } from "../src/core/people/generate-demo-trust";
import { schools, trusts } from "../src/core/people/schema";
import { auditKey } from "../src/platform/audit/audit-key";
import { openDatabase } from "../src/platform/db";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, "support", "import-people-child.ts");
const SCHOOLS = Number(process.env.BENCH_IMPORT_SCHOOLS ?? 100);

type Measured = { kind: string; rows: number; problems: number; seconds: number; peakRssMb: number };

function measure(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CONDUCT_AUDIT_KEY: auditKey().toString("utf8") },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err = (err + c.toString()).slice(-4000);
    });
    child.once("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`${args.join(" ")} exited ${code}:\n${err}`));
      else resolve(JSON.parse(last) as Measured);
    });
  });
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (n: number) => Math.round(n).toLocaleString("en-GB");

export default async function run(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "conduct-bench-import-"));
  await fs.chmod(dir, 0o755); // the embedded PostgreSQL runs as another user when we are root
  const demo = generateDemoTrust({ asOf: new Date(), schools: SCHOOLS });
  const files = {
    staff: path.join(dir, "staff.csv"),
    pupils: path.join(dir, "pupils.csv"),
    parents: path.join(dir, "parents.csv"),
  };
  await fs.writeFile(files.staff, peopleToCsv({ kind: "staff", rows: demo.staff }));
  await fs.writeFile(files.pupils, peopleToCsv({ kind: "pupils", rows: [...demo.pupils, ...demo.exPupils] }));
  await fs.writeFile(files.parents, peopleToCsv({ kind: "parents", rows: demo.parents }));
  const database = await openDatabase({
    config: {
      dataDir: path.join(dir, "data"),
      databaseUrl: undefined,
      appDatabaseUrl: undefined,
      auditKey: undefined,
    },
  });
  try {
    const [trust] = await database.db
      .insert(trusts)
      .values({ name: demo.trust.name, slug: demo.trust.slug })
      .returning();
    await database.db
      .insert(schools)
      .values(demo.schools.map((s) => ({ trustId: trust!.id, slug: s.slug, name: s.name, phase: s.phase })));
    console.log(
      `${SCHOOLS} schools: ${num(demo.staff.length)} staff, ${num(demo.pupils.length + demo.exPupils.length)} pupils, ${num(demo.parents.length)} parents (one CSV line per contact and pupil).\n`,
    );
    const rows: string[][] = [];
    for (const kind of ["staff", "pupils", "parents"] as const) {
      const size = (await fs.stat(files[kind])).size / 1024 / 1024;
      const baseline = await measure(["csv-parse", files[kind]]);
      const first = await measure([kind, files[kind], database.url]);
      const again = await measure([kind, files[kind], database.url]);
      for (const m of [first, again])
        if (m.problems) throw new Error(`${kind}: the import found ${m.problems} problem(s) in a clean file`);
      const line = (label: string, m: Measured) => [
        `${kind} (${size.toFixed(1)} MB) ${label}`,
        num(m.rows),
        m.seconds.toFixed(1),
        num(m.rows / m.seconds),
        num(m.peakRssMb),
      ];
      rows.push(line("import, empty tables", first));
      rows.push(line("import again, unchanged", again));
      rows.push(line("baseline: csv-parse alone", baseline));
    }
    const header = ["", "rows", "seconds", "rows/s", "peak RSS MB"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const format = (r: string[]) =>
      r.map((c, i) => (i === 0 ? pad(c, widths[i]!) : c.padStart(widths[i]!))).join("  ");
    console.log(format(header));
    for (const r of rows) console.log(format(r));
    console.log(
      "\nPeak RSS is the importing Node process's own (PostgreSQL's is apart); the target is under 300 MB at any size.",
    );
  } finally {
    await database.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
