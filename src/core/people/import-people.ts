// Writes parsed MIS rows to the database: all or nothing, in one transaction, and idempotent
// (rows are matched by school and MIS id; a row whose values have not changed is not touched).
import { and, eq, getTableColumns, getTableName, inArray, type SQL, sql } from "drizzle-orm";
import { type Actor, recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db, Tx } from "../../platform/db";
import { roleAssignments, users } from "../../platform/auth/schema";
import { isTrustRole, type Role } from "../../platform/auth/permissions";
import { parentPupils, parents, pupils, schools, staff } from "./schema";
import { parsePeopleCsv } from "./parse-people-csv";
import type { ImportError, ParentRow, PupilRow, StaffRow } from "./types";

export type PeopleKind = "staff" | "pupils" | "parents";

export type ImportSummary = {
  kind: PeopleKind;
  fileName: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  accountsCreated: number;
  errors: ImportError[];
};

type Rows =
  | { kind: "staff"; rows: StaffRow[] }
  | { kind: "pupils"; rows: PupilRow[] }
  | { kind: "parents"; rows: ParentRow[] };

const CHUNK = 500;

class DryRunRollback extends Error {}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Inserts the rows, or updates the existing ones (same school and MIS id) whose values differ.
 * Rows that match what is stored are not touched, so a re-import changes nothing. Returns one
 * entry per row written, saying whether it was new.
 */
async function upsertChanged(
  tx: Tx,
  table: typeof staff | typeof pupils | typeof parents,
  rows: Record<string, unknown>[],
  compared: string[],
) {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const name = getTableName(table);
  // Column names come from the schema, never from the file, so sql.raw is safe here.
  const dbNames = compared.map((key) => columns[key]!.name);
  const set: Record<string, SQL> = { updatedAt: sql`now()` };
  for (const [i, key] of compared.entries()) set[key] = sql.raw(`excluded."${dbNames[i]}"`);
  const ours = dbNames.map((n) => `"${name}"."${n}"`).join(", ");
  const theirs = dbNames.map((n) => `excluded."${n}"`).join(", ");
  return (tx.insert(table) as any)
    .values(rows)
    .onConflictDoUpdate({
      target: [table.schoolId, table.externalId],
      set,
      setWhere: sql.raw(`(${ours}) is distinct from (${theirs})`),
    })
    .returning({
      inserted: insertedFlag,
      key: sql<string>`${table.schoolId} || '|' || ${table.externalId}`,
    }) as Promise<{ inserted: boolean; key: string }[]>;
}

async function schoolIds(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx.select({ id: schools.id, slug: schools.slug }).from(schools);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** `xmax = 0` is PostgreSQL's tell for a row the upsert inserted rather than updated. */
const insertedFlag = sql<boolean>`(xmax = 0)`;

export async function importPeople(options: {
  db: Db;
  actor: Actor;
  fileName: string;
  data: Rows;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportSummary> {
  const { data, fileName } = options;
  const summary: ImportSummary = {
    kind: data.kind,
    fileName,
    dryRun: Boolean(options.dryRun),
    rows: data.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    accountsCreated: 0,
    errors: [],
  };
  try {
    await options.db.transaction(async (tx) => {
      // One import at a time: two overlapping imports of one file must not both insert.
      await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
      const ids = await schoolIds(tx);
      const progress = (done: number) => options.onProgress?.(done, data.rows.length);
      if (data.kind === "staff") await importStaff(tx, data.rows, ids, summary, progress);
      else if (data.kind === "pupils") await importPupils(tx, data.rows, ids, summary, progress);
      else await importParents(tx, data.rows, ids, summary, progress);
      summary.unchanged = summary.rows - summary.created - summary.updated;
      if (summary.errors.length > 0 || options.dryRun) throw new DryRunRollback();
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "people.imported",
        subjectType: data.kind,
        detail: {
          fileName,
          rows: summary.rows,
          created: summary.created,
          updated: summary.updated,
          unchanged: summary.unchanged,
          accountsCreated: summary.accountsCreated,
        },
      });
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return summary;
}

function needSchool(
  ids: Map<string, string>,
  slug: string,
  line: number,
  summary: ImportSummary,
): string | null {
  const id = ids.get(slug);
  if (!id)
    summary.errors.push({
      file: summary.fileName,
      line,
      field: "School",
      message: `There is no school "${slug}" in this trust. Add it first, or correct the school code.`,
    });
  return id ?? null;
}

/** Each row with its line (the header is line 1) and its school's id; unknown schools are errors. */
function keyRows<R extends { schoolSlug: string }>(
  rows: R[],
  ids: Map<string, string>,
  summary: ImportSummary,
) {
  return rows.map((r, i) => ({ r, line: i + 2, schoolId: needSchool(ids, r.schoolSlug, i + 2, summary) }));
}

async function importStaff(
  tx: Tx,
  rows: StaffRow[],
  ids: Map<string, string>,
  summary: ImportSummary,
  progress: (n: number) => void,
) {
  const keyed = keyRows(rows, ids, summary);
  if (summary.errors.length) return;
  let done = 0;
  const changedKeys = new Set<string>();
  for (const part of chunks(keyed)) {
    const values = part.map(({ r, schoolId }) => ({
      schoolId: schoolId!,
      externalId: r.externalId,
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email.toLowerCase(),
      jobTitle: r.jobTitle,
      employment: r.employment,
      startDate: r.startDate,
      leaveDate: r.leaveDate,
    }));
    const changed = await upsertChanged(tx, staff, values, [
      "firstName",
      "lastName",
      "email",
      "jobTitle",
      "employment",
      "startDate",
      "leaveDate",
    ]);
    for (const c of changed) {
      c.inserted ? summary.created++ : summary.updated++;
      changedKeys.add(c.key);
    }
    done += part.length;
    progress(done);
  }
  // Line managers, now every row of the file exists.
  const all = await tx
    .select({
      id: staff.id,
      schoolId: staff.schoolId,
      externalId: staff.externalId,
      lineManagerId: staff.lineManagerId,
    })
    .from(staff);
  const byKey = new Map(all.map((s) => [`${s.schoolId}|${s.externalId}`, s]));
  const byExternal = new Map<string, string>();
  for (const s of all) if (!byExternal.has(s.externalId)) byExternal.set(s.externalId, s.id);
  for (const { r, schoolId, line } of keyed) {
    const me = byKey.get(`${schoolId}|${r.externalId}`)!;
    const managerId = r.lineManagerExternalId
      ? (byKey.get(`${schoolId}|${r.lineManagerExternalId}`)?.id ??
        byExternal.get(r.lineManagerExternalId) ??
        null)
      : null;
    if (r.lineManagerExternalId && !managerId) {
      summary.errors.push({
        file: summary.fileName,
        line,
        field: "Line Manager ID",
        message: `No member of staff has the id "${r.lineManagerExternalId}".`,
      });
      continue;
    }
    if (me.lineManagerId !== managerId) {
      await tx
        .update(staff)
        .set({ lineManagerId: managerId, updatedAt: new Date() })
        .where(eq(staff.id, me.id));
      // A manager change on an otherwise unchanged row is an update too.
      if (!changedKeys.has(`${schoolId}|${r.externalId}`)) summary.updated++;
    }
  }
  await createAccounts(
    tx,
    keyed.map(({ r, schoolId }) => ({
      r,
      schoolId: schoolId!,
      staffId: byKey.get(`${schoolId}|${r.externalId}`)!.id,
    })),
    summary,
  );
}

async function createAccounts(
  tx: Tx,
  people: { r: StaffRow; schoolId: string; staffId: string }[],
  summary: ImportSummary,
) {
  for (const part of chunks(people)) {
    // A member of staff whose work email changed in the MIS keeps their account (and its roles,
    // declarations and history): move the account to the new address rather than make a second.
    const linked = await tx
      .select({ id: users.id, email: users.email, staffId: users.staffId })
      .from(users)
      .where(
        inArray(
          users.staffId,
          part.map(({ staffId }) => staffId),
        ),
      );
    const linkedByStaff = new Map(linked.map((u) => [u.staffId!, u]));
    for (const { r, staffId } of part) {
      const account = linkedByStaff.get(staffId);
      const email = r.email.toLowerCase();
      if (!account || account.email.toLowerCase() === email) continue;
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.email})`, email));
      if (taken) continue; // the new address already has an account: leave both for an administrator
      await tx.update(users).set({ email }).where(eq(users.id, account.id));
      await recordAuditEvent(tx, {
        actor: { id: null, label: "people import" },
        action: "account.email-changed",
        subjectType: "user",
        subjectId: account.id,
        personId: account.id,
        detail: { from: account.email, to: email },
      });
    }
    const created = await tx
      .insert(users)
      .values(
        part.map(({ r, staffId }) => ({
          email: r.email.toLowerCase(),
          name: `${r.firstName} ${r.lastName}`,
          staffId,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: users.id });
    summary.accountsCreated += created.length;
    const accounts = await tx
      .select({ id: users.id, email: users.email, staffId: users.staffId })
      .from(users)
      .where(
        inArray(
          sql`lower(${users.email})`,
          part.map(({ r }) => r.email.toLowerCase()),
        ),
      );
    const byEmail = new Map(accounts.map((a) => [a.email.toLowerCase(), a]));
    const grants: { userId: string; role: Role; schoolId: string | null }[] = [];
    for (const { r, schoolId, staffId } of part) {
      const account = byEmail.get(r.email.toLowerCase());
      if (!account) continue;
      if (!account.staffId)
        await tx
          .update(users)
          .set({ staffId })
          .where(and(eq(users.id, account.id)));
      // Everyone on the staff list is a member of staff at their school, except trustees, who
      // govern rather than work there (they sit on the staff list only to have an account).
      const onlyTrustee = r.roles.length > 0 && r.roles.every((role) => role === "trustee");
      const roles = new Set<Role>([...(onlyTrustee ? [] : (["staff"] as Role[])), ...(r.roles as Role[])]);
      for (const role of roles)
        grants.push({ userId: account.id, role, schoolId: isTrustRole(role) ? null : schoolId });
    }
    if (grants.length) await tx.insert(roleAssignments).values(grants).onConflictDoNothing();
  }
}

async function importPupils(
  tx: Tx,
  rows: PupilRow[],
  ids: Map<string, string>,
  summary: ImportSummary,
  progress: (n: number) => void,
) {
  const keyed = keyRows(rows, ids, summary);
  if (summary.errors.length) return;
  let done = 0;
  for (const part of chunks(keyed)) {
    const changed = await upsertChanged(
      tx,
      pupils,
      part.map(({ r, schoolId }) => ({
        schoolId: schoolId!,
        externalId: r.externalId,
        firstName: r.firstName,
        lastName: r.lastName,
        preferredName: r.preferredName,
        yearGroup: r.yearGroup,
        dateOfBirth: r.dateOfBirth,
        leftOn: r.leftOn,
      })),
      ["firstName", "lastName", "preferredName", "yearGroup", "dateOfBirth", "leftOn"],
    );
    for (const c of changed) c.inserted ? summary.created++ : summary.updated++;
    done += part.length;
    progress(done);
  }
}

async function importParents(
  tx: Tx,
  rows: ParentRow[],
  ids: Map<string, string>,
  summary: ImportSummary,
  progress: (n: number) => void,
) {
  const keyed = keyRows(rows, ids, summary);
  if (summary.errors.length) return;
  const pupilRows = await tx
    .select({ id: pupils.id, schoolId: pupils.schoolId, externalId: pupils.externalId })
    .from(pupils);
  const pupilByKey = new Map(pupilRows.map((p) => [`${p.schoolId}|${p.externalId}`, p.id]));
  for (const { r, line, schoolId } of keyed) {
    for (const upn of r.pupilExternalIds) {
      if (!pupilByKey.has(`${schoolId}|${upn}`)) {
        summary.errors.push({
          file: summary.fileName,
          line,
          field: "Pupil UPN",
          message: `No pupil at ${r.schoolSlug} has the UPN "${upn}". Import pupils first, or correct the UPN.`,
        });
      }
    }
  }
  if (summary.errors.length) return;
  let done = 0;
  for (const part of chunks(keyed)) {
    const changed = await upsertChanged(
      tx,
      parents,
      part.map(({ r, schoolId }) => ({
        schoolId: schoolId!,
        externalId: r.externalId,
        firstName: r.firstName,
        lastName: r.lastName,
        email: r.email,
        phone: r.phone,
        relationship: r.relationship,
      })),
      ["firstName", "lastName", "email", "phone", "relationship"],
    );
    for (const c of changed) c.inserted ? summary.created++ : summary.updated++;
    const saved = await tx
      .select({ id: parents.id, schoolId: parents.schoolId, externalId: parents.externalId })
      .from(parents)
      .where(
        inArray(
          parents.externalId,
          part.map(({ r }) => r.externalId),
        ),
      );
    const parentByKey = new Map(saved.map((p) => [`${p.schoolId}|${p.externalId}`, p.id]));
    const links = part.flatMap(({ r, schoolId }) =>
      r.pupilExternalIds.map((upn) => ({
        parentId: parentByKey.get(`${schoolId}|${r.externalId}`)!,
        pupilId: pupilByKey.get(`${schoolId}|${upn}`)!,
      })),
    );
    if (links.length) await tx.insert(parentPupils).values(links).onConflictDoNothing();
    done += part.length;
    progress(done);
  }
}

/**
 * The whole import of one CSV file: parse and check it against the trust's schools and pupils,
 * then write it in one transaction. Any error means nothing is written.
 */
export async function importPeopleCsv(options: {
  db: Db;
  actor: Actor;
  kind: PeopleKind;
  csvText: string;
  fileName: string;
  defaultSchoolSlug?: string;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportSummary & { warnings: ImportError[] }> {
  const knownSchoolSlugs = (await options.db.select({ slug: schools.slug }).from(schools)).map((s) => s.slug);
  const knownPupilExternalIds =
    options.kind === "parents"
      ? (await options.db.select({ upn: pupils.externalId }).from(pupils)).map((p) => p.upn)
      : undefined;
  const parsed = parsePeopleCsv({
    kind: options.kind,
    csvText: options.csvText,
    fileName: options.fileName,
    defaultSchoolSlug: options.defaultSchoolSlug,
    knownSchoolSlugs,
    knownPupilExternalIds,
  });
  if (parsed.errors.length > 0) {
    return {
      kind: options.kind,
      fileName: options.fileName,
      dryRun: Boolean(options.dryRun),
      rows: parsed.rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      accountsCreated: 0,
      errors: parsed.errors,
      warnings: parsed.warnings,
    };
  }
  const summary = await importPeople({
    db: options.db,
    actor: options.actor,
    fileName: options.fileName,
    data: { kind: options.kind, rows: parsed.rows } as Rows,
    dryRun: options.dryRun,
    onProgress: options.onProgress,
  });
  return { ...summary, warnings: parsed.warnings };
}
