/** @jsxImportSource hono/jsx */
// The home page, "my record" (what Conduct holds about me, and who looked), and the health check.
import { and, desc, eq, or, sql } from "drizzle-orm";
import { describeAuditEvent } from "../audit/audit-catalogue";
import { auditEvents } from "../audit/schema";
import { schools, staff, trusts } from "../../core/people/schema";
import { migrationVersion } from "../db";
import { can, PERMISSIONS, ROLE_LABELS, schoolsWhere } from "../auth/permissions";
import { PUBLIC, Routes } from "./guard";
import { Layout } from "./layout";

/** Where each permission is used, so the home page can link to it. */
const WHERE: Partial<Record<keyof typeof PERMISSIONS, string>> = {
  "own-record.view": "/me",
  "trust.manage": "/admin/post-rules",
  "people.view": "/people",
  "people.import": "/people/import",
  "roles.manage": "/admin/roles",
  "audit.view": "/admin/audit",
  "outbox.view": "/admin/outbox",
  "policy.view": "/policy",
  "policy.evidence": "/policy",
  "policy.manage": "/policy/versions",
  "posts.check": "/posts/check",
  "declarations.own": "/declarations",
  "declarations.review": "/declarations/review",
};

export const homeRoutes = new Routes()
  .get("/healthz", PUBLIC, async (c) => {
    const { database } = c.get("services");
    try {
      const version = await database.pool.query<{ server_version: string }>("show server_version");
      const migration = await migrationVersion(database);
      return c.json({
        status: "ok",
        database: { kind: database.kind, serverVersion: version.rows[0]?.server_version ?? null },
        migration: { applied: migration.applied, latest: migration.latest },
      });
    } catch (error) {
      return c.json(
        { status: "error", database: { kind: database.kind }, message: String((error as Error).message) },
        503,
      );
    }
  })
  .get("/", { action: "home.view" }, async (c) => {
    const user = c.get("user")!;
    const { db } = c.get("services").database;
    const [trust] = await db.select().from(trusts).limit(1);
    // Columns inside the subqueries name their table: drizzle writes a bare "id" in a one-table select,
    // which the subquery would read as its own row's id (every count was 0).
    const counts = await db
      .select({
        id: schools.id,
        name: schools.name,
        slug: schools.slug,
        staff: sql<number>`(select count(*) from staff s where s.school_id = ${schools}.${schools.id} and (s.leave_date is null or s.leave_date > current_date))::int`,
        pupils: sql<number>`(select count(*) from pupils p where p.school_id = ${schools}.${schools.id} and p.left_on is null)::int`,
      })
      .from(schools)
      .orderBy(schools.name);
    const where = schoolsWhere(user, "people.view");
    return c.html(
      <Layout title={trust?.name ?? "Conduct"} user={user} flash={c.get("flash")} current="/">
        <p>
          Signed in as {user.name}:{" "}
          {user.roles
            .map((r) => ROLE_LABELS[r.role])
            .filter((v, i, a) => a.indexOf(v) === i)
            .join(", ") || "no roles yet"}
          .
        </p>
        <table>
          <caption>Schools in the trust</caption>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col" class="num">
                Staff
              </th>
              <th scope="col" class="num">
                Pupils on roll
              </th>
            </tr>
          </thead>
          <tbody>
            {counts.map((s) => (
              <tr>
                <td>
                  {where === "all" || where.includes(s.id) ? (
                    <a href={`/people/${s.slug}`}>{s.name}</a>
                  ) : (
                    s.name
                  )}
                </td>
                <td class="num">{s.staff}</td>
                <td class="num">{s.pupils}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>What you can do here</h2>
        <ul>
          {(Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[])
            .filter((a) => can(user, a))
            .filter((a) => a !== "home.view")
            .map((a) => {
              const text = PERMISSIONS[a].means.charAt(0).toUpperCase() + PERMISSIONS[a].means.slice(1);
              const href = WHERE[a];
              return <li>{href ? <a href={href}>{text}</a> : text}</li>;
            })}
        </ul>
        {can(user, "audit.verify") && !can(user, "audit.view") ? (
          <form method="post" action="/admin/audit/verify">
            <button type="submit" class="secondary">
              Check the audit trail's hash chain now
            </button>
          </form>
        ) : null}
      </Layout>,
    );
  })
  .get("/me", { action: "own-record.view" }, async (c) => {
    const user = c.get("user")!;
    const { db } = c.get("services").database;
    const [me] = user.staffId
      ? await db
          .select({ staff, school: schools.name })
          .from(staff)
          .innerJoin(schools, eq(schools.id, staff.schoolId))
          .where(eq(staff.id, user.staffId))
      : [];
    const held = await db.execute(sql`select
        (select count(*) from declarations where user_id = ${user.id})::int as declarations,
        (select count(*) from evidence_items where owner_id = ${user.id})::int as evidence,
        (select count(*) from post_checks where user_id = ${user.id})::int as post_checks,
        (select count(*) from sessions where user_id = ${user.id})::int as sessions`);
    const counts = held.rows[0] as {
      declarations: number;
      evidence: number;
      post_checks: number;
      sessions: number;
    };
    // Every look at this person's records by someone else, newest first (DESIGN: monitoring 9).
    const looks = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          or(
            eq(auditEvents.personId, user.id),
            user.staffId ? eq(auditEvents.personId, user.staffId) : sql`false`,
            sql`${auditEvents.detail}->'personIds' ? ${user.id}`,
          ),
          sql`${auditEvents.actorId} is distinct from ${user.id}`,
        ),
      )
      .orderBy(desc(auditEvents.seq))
      .limit(100);
    return c.html(
      <Layout title="My record" user={user} current="/me">
        <h2>What Conduct holds about you</h2>
        <dl>
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          {me ? (
            <>
              <dt>School</dt>
              <dd>{me.school}</dd>
              <dt>Job title</dt>
              <dd>{me.staff.jobTitle}</dd>
              <dt>Employment</dt>
              <dd>{me.staff.employment}</dd>
              <dt>Start date</dt>
              <dd>{me.staff.startDate}</dd>
            </>
          ) : null}
          <dt>Roles</dt>
          <dd>{user.roles.map((r) => ROLE_LABELS[r.role]).join(", ") || "none"}</dd>
          <dt>Relationship declarations</dt>
          <dd>{counts.declarations ? <a href="/declarations">{counts.declarations}</a> : "none"}</dd>
          <dt>Files in your evidence vault</dt>
          <dd>{counts.evidence ? <a href="/declarations">{counts.evidence}</a> : "none"}</dd>
          <dt>Posts you have checked</dt>
          <dd>{counts.post_checks} (only the verdict is kept, never the text)</dd>
          <dt>Places you are signed in</dt>
          <dd>{counts.sessions}</dd>
        </dl>
        <h2>Who has looked at your records</h2>
        {looks.length === 0 ? (
          <p>No one else has opened records about you.</p>
        ) : (
          <table>
            <caption>Views and changes of your records by others</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {looks.map((l) => (
                <tr>
                  <td>{new Date(l.at).toLocaleString("en-GB", { timeZone: "Europe/London" })}</td>
                  <td>{l.actorLabel}</td>
                  <td>{describeAuditEvent(l.action)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });
