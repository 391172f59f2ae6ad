/** @jsxImportSource hono/jsx */
// The home page, "my record" (what Conduct holds about me, and who looked), and the health check.
import { and, count, desc, eq, or, sql } from "drizzle-orm";
import { describeAuditEvent } from "../../platform/audit/audit-catalogue";
import { auditEvents } from "../../platform/audit/schema";
import { schools, staff, trusts } from "../../core/people/schema";

import { migrationVersion } from "../db";
import { can, ROLE_LABELS, schoolsWhere } from "../../platform/auth/permissions";
import type { SignedInUser } from "../../platform/auth/sessions";
import { sessions } from "../../platform/auth/schema";
import { capabilities, type HomeItem } from "../capability";
import type { Db } from "../db";
import { countPeopleBySchool } from "../../core/people/count-people-by-school";
import { adminLinksFor, navFor } from "./navigation";
import { PUBLIC, Routes } from "./guard";
import { Layout } from "./layout";

const URGENCY: Record<HomeItem["urgency"], number> = { now: 0, soon: 1, later: 2 };

/** Every capability's "what needs you", most urgent first. */
async function whatNeedsMe(db: Db, user: SignedInUser): Promise<HomeItem[]> {
  const items = (await Promise.all(capabilities().map((c) => c.homeItems?.(db, user) ?? []))).flat();
  return items.sort((a, b) => URGENCY[a.urgency] - URGENCY[b.urgency]);
}

/** What Conduct holds about a person, and every look at it by someone else (My record, and its download). */
async function ownRecord(db: Db, user: SignedInUser) {
  const [me] = user.staffId
    ? await db
        .select({ staff, school: schools.name })
        .from(staff)
        .innerJoin(schools, eq(schools.id, staff.schoolId))
        .where(eq(staff.id, user.staffId))
    : [];
  const [signedIn] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id));
  const person = { userId: user.id, staffId: user.staffId };
  const held = (await Promise.all(capabilities().map((cap) => cap.personalData?.(db, person) ?? []))).flat();
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
  return { me, signedIn: signedIn?.n ?? 0, held, looks };
}

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
    const user = c.get("user");
    const { db } = c.get("services").database;
    const [trust] = await db.select().from(trusts).limit(1);
    const counts = await countPeopleBySchool(db);
    const needs = await whatNeedsMe(db, user);
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
        <h2>What needs you</h2>
        {needs.length === 0 ? (
          <p>Nothing needs you today.</p>
        ) : (
          <ul class="needs">
            {needs.map((item) => (
              <li class={`urgency-${item.urgency}`}>
                <a href={item.href}>{item.text}</a>
                {item.count !== undefined ? <span class="count"> ({item.count})</span> : null}
              </li>
            ))}
          </ul>
        )}
        <h2>Where to go</h2>
        <ul>
          {[...navFor(user).filter((n) => n.href !== "/"), ...adminLinksFor(user)].map((link) => (
            <li>
              <a href={link.href}>{link.label}</a>
            </li>
          ))}
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
  .get("/me/data.json", { action: "own-record.view" }, async (c) => {
    // Subject access: the same as the page, as a file the person can keep.
    const user = c.get("user");
    const record = await ownRecord(c.get("services").database.db, user);
    c.header("content-disposition", 'attachment; filename="my-conduct-record.json"');
    return c.json({
      producedAt: new Date().toISOString(),
      account: { name: user.name, email: user.email, roles: user.roles },
      staffRecord: record.me?.staff ?? null,
      school: record.me?.school ?? null,
      placesSignedIn: record.signedIn,
      heldByCapability: record.held,
      looksByOthers: record.looks.map((l) => ({
        at: l.at,
        who: l.actorLabel,
        action: l.action,
        means: describeAuditEvent(l.action),
      })),
    });
  })
  .get("/me", { action: "own-record.view" }, async (c) => {
    const user = c.get("user");
    const { me, signedIn, held, looks } = await ownRecord(c.get("services").database.db, user);
    return c.html(
      <Layout title="My record" user={user} current="/me">
        <h2>What Conduct holds about you</h2>
        <p>
          <a href="/me/data.json" download>
            Download all of it (JSON)
          </a>
        </p>
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
          {held.map((item) => (
            <>
              <dt>{item.label}</dt>
              <dd>
                {item.count && item.href ? <a href={item.href}>{item.count}</a> : item.count || "none"}
                {item.note ? ` (${item.note})` : null}
              </dd>
            </>
          ))}
          <dt>Places you are signed in</dt>
          <dd>{signedIn}</dd>
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
