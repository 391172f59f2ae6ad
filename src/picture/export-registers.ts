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
import { writeZip } from "./write-zip";

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

export async function exportTrust(options: {
  db: Db;
  trust: string;
  viewer: SignedInUser | null;
  actor: Actor;
  school?: ExportSchool | null;
  now?: Date;
}): Promise<{ zip: Buffer; manifest: TrustManifest }> {
  const { db, viewer } = options;
  const school = options.school ?? null;
  const now = options.now ?? new Date();
  const files: { name: string; data: Buffer }[] = [];
  const people = new Set<string>();
  const manifest: TrustManifest = {
    trust: options.trust,
    generatedAt: now.toISOString(),
    generatedBy: options.actor.label,
    school: school?.slug ?? null,
    tables: [],
    leftOut: [],
  };
  for (const register of allRegisters()) {
    if (!mayExport(viewer, register.action, school)) {
      manifest.leftOut.push({
        table: register.table,
        name: register.name,
        reason: `needs the action ${register.action}, which your role does not hold`,
      });
      continue;
    }
    const { csv, rows } = await registerCsv(
      db,
      register,
      viewer,
      exportScope(viewer, register.action, school),
      people,
    );
    const file = `${register.table}.csv`;
    files.push({ name: file, data: csv });
    manifest.tables.push({
      table: register.table,
      name: register.name,
      file,
      rows,
      sha256: sha256(csv),
      columns: register.columns,
    });
  }
  const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
  const zip = writeZip([{ name: "manifest.json", data: manifestJson }, ...files], now);
  await recordAuditEvent(db, {
    actor: options.actor,
    action: "trust.exported",
    subjectType: "trust",
    schoolId: school?.id ?? null,
    detail: {
      school: school?.slug ?? null,
      tables: manifest.tables.map((t) => ({ table: t.table, rows: t.rows, sha256: t.sha256 })),
      leftOut: manifest.leftOut.map((t) => t.table),
      sha256: sha256(zip),
      role: rolesOf(viewer),
      personIds: [...people],
    },
  });
  return { zip, manifest };
}
