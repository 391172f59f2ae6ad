// Exports of the registers every capability keeps: one as CSV, or all of them as a zip with a
// manifest (tables, row counts, SHA-256 of each file, when and by whom). A viewer gets only the
// schools where they hold the register's action; a register they may not read is left out, and
// the manifest says so. Every export is in the audit trail before its rows leave.
import { createHash } from "node:crypto";
import { type Action, can, ROLE_LABELS, schoolsWhere } from "../platform/auth/permissions";
import type { SignedInUser } from "../platform/auth/sessions";
import { type Actor, recordAuditEvent } from "../platform/audit/record-audit-event";
import { capabilities, type RegisterExport, type SchoolScope } from "../platform/capability";
import type { Db } from "../platform/db";
import { csvLine } from "../platform/csv-line";
import type { Readable } from "node:stream";
import { startZip } from "./write-zip";

export type ExportSchool = { id: string; slug: string; name: string };

/** Every register of every capability, in list order. */
export function allRegisters(): (RegisterExport & { capability: string })[] {
  return capabilities().flatMap((c) => (c.registers ?? []).map((r) => ({ ...r, capability: c.key })));
}

export function findRegister(table: string) {
  return allRegisters().find((r) => r.table === table);
}

/** Whether the viewer may read the register at all (at the school, when one is named). */
export function mayExport(viewer: SignedInUser | null, action: Action, school: ExportSchool | null): boolean {
  if (!viewer) return true;
  return can(viewer, action, school ? { schoolId: school.id } : {});
}

/** The schools whose rows the viewer gets: where they hold the action, narrowed to one school. */
export function exportScope(
  viewer: SignedInUser | null,
  action: Action,
  school: ExportSchool | null,
): SchoolScope {
  const where = viewer ? schoolsWhere(viewer, action) : "all";
  if (!school) return where;
  return where === "all" || where.includes(school.id) ? [school.id] : [];
}

async function registerCsv(
  db: Db,
  register: RegisterExport,
  viewer: SignedInUser | null,
  scope: SchoolScope,
  people: Set<string> = new Set(),
) {
  const lines = [csvLine(register.columns)];
  let rows = 0;
  const notePerson = (id: string) => void people.add(id);
  for await (const row of register.rows({ db, viewer, scope, notePerson })) {
    lines.push(csvLine(row));
    rows++;
  }
  return { csv: Buffer.from(lines.join(""), "utf8"), rows, people };
}

/** The exporter's roles in words, for the audit row (each person whose records left sees it). */
function rolesOf(viewer: SignedInUser | null): string {
  if (!viewer) return "the operator at the command line";
  const labels = [...new Set(viewer.roles.map((r) => ROLE_LABELS[r.role]))];
  return labels.join(", ") || "an account with no role";
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

export type RegisterExportResult =
  | { ok: true; csv: Buffer; rows: number; fileName: string }
  | { ok: false; status: 403 | 404; message: string };

export async function exportRegister(options: {
  db: Db;
  table: string;
  viewer: SignedInUser | null;
  actor: Actor;
  school: ExportSchool | null;
}): Promise<RegisterExportResult> {
  const { db, viewer, school } = options;
  const register = findRegister(options.table);
  if (!register)
    return {
      ok: false,
      status: 404,
      message: `There is no register "${options.table}". The registers are: ${allRegisters()
        .map((r) => r.table)
        .join(", ")}.`,
    };
  if (!mayExport(viewer, register.action, school))
    return {
      ok: false,
      status: 403,
      message: `Your role may not read the register "${register.table}"${school ? ` at ${school.name}` : ""}.`,
    };
  const { csv, rows, people } = await registerCsv(
    db,
    register,
    viewer,
    exportScope(viewer, register.action, school),
  );
  // Audited before the rows leave: if the audit write fails, nothing is sent.
  await recordAuditEvent(db, {
    actor: options.actor,
    action: "register.exported",
    subjectType: "register",
    schoolId: school?.id ?? null,
    detail: {
      table: register.table,
      rows,
      school: school?.slug ?? null,
      sha256: sha256(csv),
      name: register.name,
      role: rolesOf(viewer),
      // Whose records were in it: each sees this export on their own record (GIN-indexed).
      personIds: [...people],
    },
  });
  return { ok: true, csv, rows, fileName: `${register.table}${school ? `-${school.slug}` : ""}.csv` };
}

export type TrustManifest = {
  trust: string;
  generatedAt: string;
  generatedBy: string;
  school: string | null;
  tables: {
    table: string;
    name: string;
    file: string;
    rows: number;
    sha256: string;
    columns: readonly string[];
  }[];
  leftOut: { table: string; name: string; reason: string }[];
};

/** A register's CSV in chunks of about 64 KB, counting its rows and noting whose records they are. */
async function* registerChunks(
  db: Db,
  register: RegisterExport,
  viewer: SignedInUser | null,
  scope: SchoolScope,
  people: Set<string>,
  counted: { rows: number },
): AsyncGenerator<Buffer> {
  let lines = [csvLine(register.columns)];
  let size = lines[0]!.length;
  const notePerson = (id: string) => void people.add(id);
  for await (const row of register.rows({ db, viewer, scope, notePerson })) {
    const line = csvLine(row);
    lines.push(line);
    size += line.length;
    counted.rows++;
    if (size >= 65_536) {
      yield Buffer.from(lines.join(""), "utf8");
      lines = [];
      size = 0;
    }
  }
  if (lines.length) yield Buffer.from(lines.join(""), "utf8");
}

/**
 * The whole trust (or one school) as a zip, streamed: one CSV per register the viewer may read,
 * then manifest.json (tables, row counts, SHA-256 of each file, when and by whom, what was left
 * out). Recorded in the audit trail before the first byte (who, which registers), and again once
 * the last row is read, with the digests and whose records were in it, before the archive is
 * finished: if that record cannot be written, the zip fails rather than ending whole.
 */
export async function exportTrust(options: {
  db: Db;
  trust: string;
  viewer: SignedInUser | null;
  actor: Actor;
  school?: ExportSchool | null;
  now?: Date;
}): Promise<{ zip: Readable; manifest: Promise<TrustManifest> }> {
  const { db, viewer } = options;
  const school = options.school ?? null;
  const now = options.now ?? new Date();
  const manifest: TrustManifest = {
    trust: options.trust,
    generatedAt: now.toISOString(),
    generatedBy: options.actor.label,
    school: school?.slug ?? null,
    tables: [],
    leftOut: [],
  };
  const included = allRegisters().filter((register) => {
    if (mayExport(viewer, register.action, school)) return true;
    manifest.leftOut.push({
      table: register.table,
      name: register.name,
      reason: `needs the action ${register.action}, which your role does not hold`,
    });
    return false;
  });
  const role = rolesOf(viewer);
  await recordAuditEvent(db, {
    actor: options.actor,
    action: "trust.exported",
    subjectType: "trust",
    schoolId: school?.id ?? null,
    detail: {
      school: school?.slug ?? null,
      tables: included.map((r) => ({ table: r.table })),
      leftOut: manifest.leftOut.map((t) => t.table),
      role,
    },
  });
  const writer = startZip(now);
  const people = new Set<string>();
  const done = (async () => {
    for (const register of included) {
      const counted = { rows: 0 };
      const file = `${register.table}.csv`;
      const { sha256: digest } = await writer.addStream(file, () =>
        registerChunks(db, register, viewer, exportScope(viewer, register.action, school), people, counted),
      );
      manifest.tables.push({
        table: register.table,
        name: register.name,
        file,
        rows: counted.rows,
        sha256: digest,
        columns: register.columns,
      });
    }
    await recordAuditEvent(db, {
      actor: options.actor,
      action: "trust.export-completed",
      subjectType: "trust",
      schoolId: school?.id ?? null,
      detail: {
        school: school?.slug ?? null,
        tables: manifest.tables.map((t) => ({ table: t.table, rows: t.rows, sha256: t.sha256 })),
        role,
        // Whose records were in it: each sees this export on their own record (GIN-indexed).
        personIds: [...people],
      },
    });
    writer.addBuffer("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8"));
    writer.end();
    return manifest;
  })();
  done.catch((error: Error) => writer.fail(error));
  return { zip: writer.output, manifest: done };
}
