// Writes staged rows (stage-people-rows.ts) to the people tables with one set-based statement per
// step, every lookup by school and MIS id (the tables' unique indexes), so the cost grows with the
// file and not with its square. Rows whose values have not changed are not touched: a re-import of
// the same file changes nothing.
import { sql } from "drizzle-orm";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import { isTrustRole, ROLES } from "../../platform/auth/permissions";
import type { Tx } from "../../platform/db";
import type { PeopleCsvKind } from "./csv/header-aliases";
import { STAGE_TABLE } from "./stage-people-rows";
import type { ImportError } from "./types";

export type WriteCounts = { created: number; updated: number; accountsCreated: number };

/** A member of staff on record at a school the file covers, whom the file does not list. */
export type MissingStaff = {
  staffId: string;
  school: string;
  schoolName: string;
  externalId: string;
  name: string;
  jobTitle: string;
};

const STAGE = sql.raw(STAGE_TABLE);
// As one array parameter (Drizzle would spread a JS array into a row).
const TRUST_ROLE_ARRAY = `{${ROLES.filter((r) => isTrustRole(r)).join(",")}}`;

async function rows<T>(tx: Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await tx.execute(query)).rows as T[];
}

async function count(tx: Tx, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number }>(tx, query);
  return Number(row?.n ?? 0);
}

const CONTACTS = sql.raw("import_parent_contacts");

/**
 * Parents: one row per contact from its lines (one per child), as the text parser merges them:
 * the first line's names, the first email and phone given, every relationship once, in order.
 */
async function mergeParentLines(tx: Tx): Promise<number> {
  await tx.execute(sql`create temporary table ${CONTACTS} on commit drop as
    with rels as (
      select school_id, external_id, relationship, min(line) as first
      from ${STAGE} where relationship <> '' group by 1, 2, 3),
    rel as (
      select school_id, external_id, string_agg(relationship, '; ' order by first) as relationship
      from rels group by 1, 2)
    select r.school_slug, r.school_id, r.external_id, min(r.line) as line,
      (array_agg(r.first_name order by r.line))[1] as first_name,
      (array_agg(r.last_name order by r.line))[1] as last_name,
      (array_agg(r.email order by r.line) filter (where r.email is not null))[1] as email,
      (array_agg(r.phone order by r.line) filter (where r.phone is not null))[1] as phone,
      coalesce(min(rel.relationship), '') as relationship
    from ${STAGE} r left join rel using (school_id, external_id)
    group by r.school_slug, r.school_id, r.external_id`);
  await tx.execute(sql`create unique index on ${CONTACTS} (school_id, external_id)`);
  await tx.execute(sql`analyze ${CONTACTS}`);
  return count(tx, sql`select count(*)::int as n from ${CONTACTS}`);
}

/** Lines of one contact whose details differ from the contact's first (same words as the parser). */
async function disagreeingParentLines(
  tx: Tx,
  fileName: string,
  headers: Record<string, string>,
): Promise<ImportError[]> {
  const found = await rows<{
    line: number;
    external_id: string;
    first_line: number;
    field: string;
    value: string;
    first: string;
  }>(
    tx,
    sql`select r.line, r.external_id, c.line as first_line, f.field, f.value, f.first
        from ${STAGE} r join ${CONTACTS} c using (school_id, external_id)
        cross join lateral (values
          (1, 'firstName', r.first_name, c.first_name), (2, 'lastName', r.last_name, c.last_name),
          (3, 'email', r.email, c.email), (4, 'phone', r.phone, c.phone)) as f(n, field, value, first)
        where f.value is not null and f.value <> f.first
        order by r.line, f.n limit 1000`,
  );
  return found.map((f) => {
    const header = headers[f.field] ?? f.field;
    return {
      file: fileName,
      line: f.line,
      field: header,
      message: `Contact ${f.external_id} has ${header} "${f.first}" on line ${f.first_line} but "${f.value}" here. Make the rows for one contact agree.`,
    };
  });
}

/**
 * Problems only the database (or the whole file) can show: a school the trust does not have, a
 * UPN not at that school, a contact's lines that disagree. Parents' lines are merged here; the
 * result says how many rows (contacts) there are then.
 */
export async function checkStaged(
  tx: Tx,
  kind: PeopleCsvKind,
  fileName: string,
  headers: Record<string, string>,
): Promise<{ errors: ImportError[]; rows: number | null }> {
  const errors: ImportError[] = [];
  let merged: number | null = null;
  if (kind === "parents") {
    merged = await mergeParentLines(tx);
    errors.push(...(await disagreeingParentLines(tx, fileName, headers)));
  }
  const unknownSchools = await rows<{ line: number; school_slug: string }>(
    tx,
    sql`select r.line, r.school_slug from ${STAGE} r
        where r.school_id is null
        order by r.line limit 1000`,
  );
  for (const r of unknownSchools)
    errors.push({
      file: fileName,
      line: r.line,
      field: "School",
      message: `There is no school "${r.school_slug}" in this trust. Add it first, or correct the school code.`,
    });
  if (kind === "parents") {
    const unknownPupils = await rows<{ line: number; school_slug: string; upn: string }>(
      tx,
      sql`select r.line, r.school_slug, u.upn from ${STAGE} r
          cross join lateral unnest(r.pupil_upns) as u(upn)
          where r.school_id is not null and not exists (select 1 from pupils p where p.school_id = r.school_id and p.external_id = u.upn)
          order by r.line limit 1000`,
    );
    for (const r of unknownPupils)
      errors.push({
        file: fileName,
        line: r.line,
        field: "Pupil UPN",
        message: `No pupil at ${r.school_slug} has the UPN "${r.upn}". Import pupils first, or correct the UPN.`,
      });
  }
  return { errors: errors.sort((a, b) => a.line - b.line), rows: merged };
}

export async function writeStagedPupils(tx: Tx): Promise<WriteCounts> {
  const [counted] = await rows<{ created: number; updated: number }>(
    tx,
    sql`select count(*) filter (where p.id is null)::int as created,
               count(*) filter (where p.id is not null and
                 (p.first_name, p.last_name, p.preferred_name, p.year_group, p.date_of_birth, p.left_on)
                 is distinct from
                 (r.first_name, r.last_name, r.preferred_name, r.year_group, r.date_of_birth, r.left_on))::int as updated
        from ${STAGE} r
        left join pupils p on p.school_id = r.school_id and p.external_id = r.external_id`,
  );
  await tx.execute(sql`insert into "pupils"
      (school_id, external_id, first_name, last_name, preferred_name, year_group, date_of_birth, left_on)
    select r.school_id, r.external_id, r.first_name, r.last_name, r.preferred_name, r.year_group, r.date_of_birth, r.left_on
    from ${STAGE} r
    order by r.line
    on conflict (school_id, external_id) do update set
      first_name = excluded.first_name, last_name = excluded.last_name,
      preferred_name = excluded.preferred_name, year_group = excluded.year_group,
      date_of_birth = excluded.date_of_birth, left_on = excluded.left_on, updated_at = now()
    where (pupils.first_name, pupils.last_name, pupils.preferred_name, pupils.year_group, pupils.date_of_birth, pupils.left_on)
      is distinct from
      (excluded.first_name, excluded.last_name, excluded.preferred_name, excluded.year_group, excluded.date_of_birth, excluded.left_on)`);
  return { created: counted!.created, updated: counted!.updated, accountsCreated: 0 };
}

export async function writeStagedParents(tx: Tx): Promise<WriteCounts> {
  const [counted] = await rows<{ created: number; updated: number }>(
    tx,
    sql`select count(*) filter (where p.id is null)::int as created,
               count(*) filter (where p.id is not null and
                 (p.first_name, p.last_name, p.email, p.phone, p.relationship)
                 is distinct from (r.first_name, r.last_name, r.email, r.phone, r.relationship))::int as updated
        from ${CONTACTS} r
        left join parents p on p.school_id = r.school_id and p.external_id = r.external_id`,
  );
  await tx.execute(sql`insert into "parents" (school_id, external_id, first_name, last_name, email, phone, relationship)
    select r.school_id, r.external_id, r.first_name, r.last_name, r.email, r.phone, r.relationship
    from ${CONTACTS} r
    order by r.line
    on conflict (school_id, external_id) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
      phone = excluded.phone, relationship = excluded.relationship, updated_at = now()
    where (parents.first_name, parents.last_name, parents.email, parents.phone, parents.relationship)
      is distinct from
      (excluded.first_name, excluded.last_name, excluded.email, excluded.phone, excluded.relationship)`);
  // Fresh statistics help only where the login owns the tables (ANALYZE by conduct_app is skipped
  // with a warning), so the plan below must not depend on them: with stale statistics PostgreSQL 15
  // probed pupils by school alone inside a lateral unnest, once per contact (the square again).
  await tx.execute(sql`analyze parents, pupils`);
  // One flat row per (contact, child), in a table of this transaction's own with statistics, so
  // both lookups are by the unique (school, MIS id) indexes whatever the permanent tables' statistics say.
  await tx.execute(sql`create temporary table import_parent_links on commit drop as
    select r.school_id, r.external_id, u.upn
    from ${STAGE} r cross join lateral unnest(r.pupil_upns) as u(upn)
    where r.school_id is not null`);
  await tx.execute(sql`analyze import_parent_links`);
  // Links are only added: a contact dropped from a child's list in the MIS is for a person to judge.
  await tx.execute(sql`insert into parent_pupils (parent_id, pupil_id)
    select pa.id, p.id
    from import_parent_links l
    join parents pa on pa.school_id = l.school_id and pa.external_id = l.external_id
    join pupils p on p.school_id = l.school_id and p.external_id = l.upn
    on conflict do nothing`);
  return { created: counted!.created, updated: counted!.updated, accountsCreated: 0 };
}

export async function writeStagedStaff(
  tx: Tx,
  fileName: string,
  options: { headers?: Record<string, string>; today: string },
): Promise<WriteCounts & { errors: ImportError[] }> {
  await tx.execute(
    sql`create temporary table import_staff_changed (id uuid primary key, inserted boolean) on commit drop`,
  );
  await tx.execute(sql`with up as (
      insert into "staff" (school_id, external_id, first_name, last_name, email, job_title, employment, start_date, leave_date)
      select r.school_id, r.external_id, r.first_name, r.last_name, r.email, r.job_title, r.employment, r.start_date, r.leave_date
      from ${STAGE} r
      order by r.line
      on conflict (school_id, external_id) do update set
        first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
        job_title = excluded.job_title, employment = excluded.employment,
        start_date = excluded.start_date, leave_date = excluded.leave_date, updated_at = now()
      where (staff.first_name, staff.last_name, staff.email, staff.job_title, staff.employment, staff.start_date, staff.leave_date)
        is distinct from
        (excluded.first_name, excluded.last_name, excluded.email, excluded.job_title, excluded.employment, excluded.start_date, excluded.leave_date)
      returning id, (xmax = 0) as inserted)
    insert into import_staff_changed select id, inserted from up`);
  // As for parents: statistics that include this transaction's rows, for the joins that follow.
  await tx.execute(sql`analyze staff`);
  const usernameErrors = await writeNetworkUsernames(
    tx,
    fileName,
    options.headers?.networkUsername ?? "Network Username",
    options.today,
  );
  if (usernameErrors.length) return { created: 0, updated: 0, accountsCreated: 0, errors: usernameErrors };
  const [changed] = await rows<{ created: number; updated: number }>(
    tx,
    sql`select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated
        from import_staff_changed`,
  );

  // Line managers, now every row of the file exists: the manager at the same school, else the
  // member of staff the file gives that ID to (a trust-wide manager at another school).
  await tx.execute(sql`create temporary table import_staff_managers on commit drop as
    select r.line, r.line_manager_external_id, me.id, coalesce(same.id, other.id) as manager_id
    from ${STAGE} r
    join staff me on me.school_id = r.school_id and me.external_id = r.external_id
    left join staff same on same.school_id = r.school_id and same.external_id = r.line_manager_external_id
    left join lateral (
      select m.id from ${STAGE} r2
      join staff m on m.school_id = r2.school_id and m.external_id = r2.external_id
      where same.id is null and r2.external_id = r.line_manager_external_id
      order by r2.line limit 1) other on true`);
  const unresolved = await rows<{ line: number; line_manager_external_id: string }>(
    tx,
    sql`select line, line_manager_external_id from import_staff_managers
        where line_manager_external_id is not null and manager_id is null order by line limit 1000`,
  );
  if (unresolved.length)
    return {
      ...changed!,
      accountsCreated: 0,
      errors: unresolved.map((u) => ({
        file: fileName,
        line: u.line,
        field: "Line Manager ID",
        message: `No member of staff has the id "${u.line_manager_external_id}".`,
      })),
    };
  // A manager change on an otherwise unchanged row is an update too.
  const managerOnly = await count(
    tx,
    sql`with moved as (
          update staff set line_manager_id = m.manager_id, updated_at = now()
          from import_staff_managers m
          where staff.id = m.id and staff.line_manager_id is distinct from m.manager_id
          returning staff.id)
        select count(*)::int as n from moved where not exists (select 1 from import_staff_changed c where c.id = moved.id)`,
  );
  const accountsCreated = await writeAccounts(tx);
  return {
    created: changed!.created,
    updated: changed!.updated + managerOnly,
    accountsCreated,
    errors: [],
  };
}

/**
 * Network usernames, after the rows exist: a username the file gives is one person's at its school.
 * Held by someone on record there whom the file does not list, it is an error, unless that person
 * has left (a recycled login), who then gives it up. Changed usernames are cleared before any is
 * set, so two people swapping logins in one file never meet the unique index halfway. A row of a
 * file with no username column (`network_username_given` false) keeps the record's.
 */
async function writeNetworkUsernames(
  tx: Tx,
  fileName: string,
  header: string,
  today: string,
): Promise<ImportError[]> {
  const held = await rows<{
    line: number;
    network_username: string;
    holder_id: string;
    holder: string;
    external_id: string;
    has_left: boolean;
  }>(
    tx,
    sql`select r.line, r.network_username, o.id as holder_id, o.first_name || ' ' || o.last_name as holder,
          o.external_id, coalesce(o.leave_date < ${today}::date, false) as has_left
        from ${STAGE} r
        join staff o on o.school_id = r.school_id and o.network_username = r.network_username
        where r.network_username_given and r.network_username is not null
          and not exists (select 1 from ${STAGE} r2
            where r2.school_id = o.school_id and r2.external_id = o.external_id and r2.network_username_given)
        order by r.line limit 1000`,
  );
  const errors = held
    .filter((h) => !h.has_left)
    .map((h) => ({
      file: fileName,
      line: h.line,
      field: header,
      message: `${header} "${h.network_username}" is already ${h.holder}'s (${h.external_id}) at this school, who is not in this file. Add them to the file with their own username, or correct this one.`,
    }));
  if (errors.length) return errors;
  const leavers = held.map((h) => h.holder_id);
  if (leavers.length)
    await tx.execute(sql`update staff set network_username = null, updated_at = now()
      where id in (${sql.join(
        leavers.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
  await tx.execute(sql`with cleared as (
      update staff set network_username = null, updated_at = now()
      from ${STAGE} r
      where staff.school_id = r.school_id and staff.external_id = r.external_id and r.network_username_given
        and staff.network_username is not null and staff.network_username is distinct from r.network_username
      returning staff.id)
    insert into import_staff_changed select distinct id, false from cleared on conflict do nothing`);
  await tx.execute(sql`with given as (
      update staff set network_username = r.network_username, updated_at = now()
      from ${STAGE} r
      where staff.school_id = r.school_id and staff.external_id = r.external_id and r.network_username_given
        and r.network_username is not null and staff.network_username is distinct from r.network_username
      returning staff.id)
    insert into import_staff_changed select distinct id, false from given on conflict do nothing`);
  return [];
}

/** Sign-in accounts for staff, and their roles: everyone on the staff list is staff at their school. */
async function writeAccounts(tx: Tx): Promise<number> {
  // A member of staff whose work email changed in the MIS keeps their account (and its roles,
  // declarations and history): move the account to the new address rather than make a second,
  // unless the new address already has an account (then leave both for an administrator).
  const moves = await rows<{ id: string; old: string; new: string }>(
    tx,
    sql`select distinct on (r.email) u.id, u.email as old, r.email as new
        from ${STAGE} r
        join staff me on me.school_id = r.school_id and me.external_id = r.external_id
        join users u on u.staff_id = me.id
        where lower(u.email) <> r.email
          and not exists (select 1 from users t where lower(t.email) = r.email)
        order by r.email, r.line`,
  );
  for (const move of moves) {
    await tx.execute(sql`update users set email = ${move.new} where id = ${move.id}`);
    await recordAuditEvent(tx, {
      actor: { id: null, label: "people import" },
      action: "account.email-changed",
      subjectType: "user",
      subjectId: move.id,
      personId: move.id,
      detail: { from: move.old, to: move.new },
    });
  }
  const accountsCreated = await count(
    tx,
    sql`with made as (
          insert into users (email, name, staff_id)
          select r.email, r.first_name || ' ' || r.last_name, me.id
          from ${STAGE} r
          join staff me on me.school_id = r.school_id and me.external_id = r.external_id
          order by r.line
          on conflict do nothing
          returning 1)
        select count(*)::int as n from made`,
  );
  await tx.execute(sql`analyze users`);
  await tx.execute(sql`update users set staff_id = x.staff_id
    from (select distinct on (r.email) r.email, me.id as staff_id
          from ${STAGE} r
          join staff me on me.school_id = r.school_id and me.external_id = r.external_id
          order by r.email, r.line) x
    where lower(users.email) = x.email and users.staff_id is null`);
  // Trustees and local governors govern rather than work at a school: they sit on the staff list only
  // to have an account, so they are not made staff (a governor who also works there lists staff too).
  // A local governor governs the row's school; trust-wide roles have no school.
  await tx.execute(sql`insert into role_assignments (user_id, role, school_id)
    select distinct u.id, g.role, case when g.role = any(${TRUST_ROLE_ARRAY}::text[]) then null else r.school_id end
    from ${STAGE} r
    join users u on lower(u.email) = r.email
    cross join lateral unnest(
      case when cardinality(r.roles) > 0 and r.roles <@ array['trustee', 'local-governor']::text[] then r.roles
           else array_append(r.roles, 'staff') end) as g(role)
    on conflict do nothing`);
  return accountsCreated;
}

/**
 * Staff on record (not yet left on `today`) at the schools the file covers whom the file does not
 * list: they may have left. Nothing is changed until a person confirms it.
 */
export async function findMissingStaff(tx: Tx, today: string): Promise<MissingStaff[]> {
  const found = await rows<{
    id: string;
    slug: string;
    school_name: string;
    external_id: string;
    first_name: string;
    last_name: string;
    job_title: string;
  }>(
    tx,
    sql`select st.id, s.slug, s.name as school_name, st.external_id, st.first_name, st.last_name, st.job_title
        from staff st join schools s on s.id = st.school_id
        where st.school_id in (select distinct school_id from ${STAGE})
          and (st.leave_date is null or st.leave_date >= ${today}::date)
          and not exists (select 1 from ${STAGE} r where r.school_id = st.school_id and r.external_id = st.external_id)
        order by s.name, st.last_name, st.first_name, st.external_id`,
  );
  return found.map((f) => ({
    staffId: f.id,
    school: f.slug,
    schoolName: f.school_name,
    externalId: f.external_id,
    name: `${f.first_name} ${f.last_name}`,
    jobTitle: f.job_title,
  }));
}
