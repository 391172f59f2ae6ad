// One measured import in a process of its own, so its peak RSS is its own: `tsx
// bench/support/import-people-child.ts <kind> <file> <database-url>` (or `csv-parse` as the kind
// for the baseline: the bare parser over the same file). Prints one JSON line.
import { createReadStream } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import { setAuditKey } from "../../src/platform/audit/audit-key";
import { connect } from "../../src/platform/db";
import { importPeopleCsv, type PeopleKind } from "../../src/core/people/import-people";

const [kind, file, url] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
let rows = 0;
let problems = 0;
if (kind === "csv-parse") {
  for await (const _ of createReadStream(file).pipe(parse({ skip_empty_lines: true }))) rows++;
  rows--; // the header
} else {
  // The audit chain's key, which openDatabase loads in the app: the parent passes the data folder's.
  if (!process.env.CONDUCT_AUDIT_KEY) throw new Error("CONDUCT_AUDIT_KEY is not set");
  setAuditKey(process.env.CONDUCT_AUDIT_KEY);
  const database = connect(url, "postgres");
  const summary = await importPeopleCsv({
    db: database.db,
    actor: { id: null, label: "bench" },
    kind: kind as PeopleKind,
    open: () => createReadStream(file),
    fileName: path.basename(file),
  });
  rows = summary.rows;
  problems = summary.errors.length;
  if (problems) process.stderr.write(`${JSON.stringify(summary.errors.slice(0, 5))}\n`);
  await database.close();
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ kind, rows, problems, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
