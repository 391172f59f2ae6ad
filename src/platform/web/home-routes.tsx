/** @jsxImportSource hono/jsx */
// The home page, "my record" (what Conduct holds about me, and who looked), and the health check.
import { and, count, desc, eq, or, sql } from "drizzle-orm";
import { describeAuditEventToPerson } from "../../platform/audit/audit-catalogue";
import { auditEvents } from "../../platform/audit/schema";
import { schools, staff } from "../../core/people/schema";

import { migrationVersion } from "../db";
import { formatDay, formatInstant } from "../format-date";
import { can, ROLE_LABELS, schoolsWhere } from "../../platform/auth/permissions";
import type { SignedInUser } from "../../platform/auth/sessions";
import { sessions } from "../../platform/auth/schema";
import { raw } from "hono/html";
import { loadTrust } from "../../core/people/load-trust";
import { capabilities, type HomeItem, type HomePanel } from "../capability";
import type { Db } from "../db";
import { countPeopleBySchool } from "../../core/people/count-people-by-school";
import { adminLinksFor, navFor } from "./navigation";
import { PUBLIC, Routes } from "./guard";
import { Layout } from "./layout";
import { keptWhileUnchanged } from "../kept-while-unchanged";
import type { Trust } from "../../core/people/load-trust";

const URGENCY: Record<HomeItem["urgency"], number> = { now: 0, soon: 1, later: 2 };
const URGENCY_WORDS: Record<HomeItem["urgency"], string> = {
  now: "Now",
  soon: "Soon",
  later: "When you can",
};

/**
 * Most urgent first: safeguarding before everything, always (4.1.2, 12.1), then now, soon, later;
 * within an urgency the soonest deadline first, then the biggest count.
 */
export function orderHomeItems(items: readonly HomeItem[]): HomeItem[] {
  return [...items].sort(
    (a, b) =>
      Number(Boolean(b.safeguarding)) - Number(Boolean(a.safeguarding)) ||
      URGENCY[a.urgency] - URGENCY[b.urgency] ||
      (a.dueOn ?? "9999").localeCompare(b.dueOn ?? "9999") ||
      (b.count ?? 0) - (a.count ?? 0),
  );
}

/**
 * What a home page shows is kept while nothing has changed through this server (and for at most
 * 15 s, for changes made elsewhere): a person who reloads their home page, or many people at once,
 * cost no statements beyond their session (kept-while-unchanged.ts).
 */
const HOME_KEEP_MS = 15_000;
const keptHomes = keptWhileUnchanged<Awaited<ReturnType<typeof whatNeedsMe>>>({ keepMs: HOME_KEEP_MS });
const keptTrust = keptWhileUnchanged<Trust | null>({ keepMs: HOME_KEEP_MS, maxEntries: 1 });

/** Every capability's "what needs you" and its panels: a fixed number of statements per capability. */
async function whatNeedsMe(db: Db, user: SignedInUser) {
  const caps = capabilities();
  const [items, panels] = await Promise.all([
    Promise.all(caps.map((c) => c.homeItems?.(db, user) ?? [])),
    Promise.all(caps.map((c) => c.homePanels?.(db, user) ?? [])),
  ]);
  return { items: orderHomeItems(items.flat()), panels: panels.flat() };
}

function NeedsList(props: { items: readonly HomeItem[] }) {
  return (
    <ul class="needs">
      {props.items.map((item) => (
        <li class={`urgency-${item.urgency}`}>
          <span class="urgency">{item.safeguarding ? "Safeguarding" : URGENCY_WORDS[item.urgency]}: </span>
          <a href={item.href}>{item.text}</a>
          {item.count !== undefined ? <span class="count"> ({item.count})</span> : null}
          {item.dueOn ? <span class="muted"> · first due {formatDay(item.dueOn)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Panel(props: { panel: HomePanel }) {
  const { panel } = props;
  const id = `panel-${panel.key}`;
  return (
    <section class="home-panel" aria-labelledby={id}>
      <h2 id={id}>{panel.title}</h2>
      <ul>
        {panel.lines.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      {panel.chartSvg && panel.table ? (
        <figure class="chart" aria-labelledby={`${id}-caption`}>
          {raw(panel.chartSvg)}
          <figcaption class="muted">Chart of the table below, which gives the same figures.</figcaption>
        </figure>
      ) : null}
      {panel.table ? (
        <section class="table-scroll" tabindex={0} aria-labelledby={`${id}-caption`}>
          <table class="cards-on-phone">
            <caption id={`${id}-caption`}>{panel.table.caption}</caption>
            <thead>
              <tr>
                {panel.table.columns.map((c, i) => (
                  <th scope="col" class={i > 0 ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {panel.table.rows.map((row) => (
                <tr>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th scope="row">{cell}</th>
                    ) : (
                      <td class="num" data-label={panel.table!.columns[i]}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {panel.link ? (
        <p>
          <a href={panel.link.href}>{panel.link.label}</a>
        </p>
      ) : null}
    </section>
  );
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
  const keys = [user.id, ...(user.staffId ? [user.staffId] : [])];
  const looks = await db
    .select({
      at: auditEvents.at,
      actorLabel: auditEvents.actorLabel,
      action: auditEvents.action,
      detail: sql<Record<string, unknown>>`${auditEvents.detail} - 'personIds' - 'records'`,
    })
    .from(auditEvents)
    .where(
      and(
        or(
          eq(auditEvents.personId, user.id),
          user.staffId ? eq(auditEvents.personId, user.staffId) : sql`false`,
          sql`${auditEvents.detail}->'personIds' ?| array[${sql.join(
            keys.map((k) => sql`${k}`),
            sql`, `,
          )}]::text[]`,
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
    const { db, pool } = c.get("services").database;
    // The same person with the same roles sees the same home page until something changes.
    const key = `${user.id}|${user.staffId ?? ""}|${JSON.stringify(user.roles)}`;
    const [trust, { items, panels }] = await Promise.all([
      keptTrust.get(pool, "trust", () => loadTrust(db)),
      keptHomes.get(pool, key, () => whatNeedsMe(db, user)),
    ]);
    // Head counts only for those who manage people, and only their schools' rows (kept a minute).
    const where = schoolsWhere(user, "people.view");
    const counts =
      where === "all" || where.length
        ? (await countPeopleBySchool(db)).filter((s) => where === "all" || where.includes(s.id))
        : [];
    // The DSL's safeguarding comes first, always, even when nothing waits (4.1.2, 12.1).
    const isDsl = user.roles.some((r) => r.role === "dsl");
    const safeguarding = items.filter((i) => i.safeguarding);
    const rest = items.filter((i) => !i.safeguarding);
    const mine = rest.filter((i) => (i.for ?? "you") === "you");
    const school = rest.filter((i) => i.for === "school");
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
        {isDsl || safeguarding.length ? (
          <section aria-labelledby="needs-safeguarding">
            <h2 id="needs-safeguarding">Safeguarding</h2>
            {safeguarding.length ? (
              <NeedsList items={safeguarding} />
            ) : (
              <p>No safeguarding concern is waiting for your first action.</p>
            )}
          </section>
        ) : null}
        <h2>What needs you today</h2>
        {rest.length === 0 ? <p>Nothing needs you today.</p> : null}
        {school.length ? (
          <>
            <h3>
              {where === "all" ? "Across the trust" : counts.length > 1 ? "Your schools" : "Your school"}
            </h3>
            <NeedsList items={school} />
          </>
        ) : null}
        {mine.length ? (
          <>
            {school.length ? <h3>You</h3> : null}
            <NeedsList items={mine} />
          </>
        ) : null}
        {panels.map((panel) => (
          <Panel panel={panel} />
        ))}
        {counts.length ? (
          <section class="table-scroll" tabindex={0} aria-labelledby="home-schools">
            <table class="cards-on-phone">
              <caption id="home-schools">
                {where === "all" ? "Schools in the trust: head counts" : "Head counts"}
              </caption>
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
                    <td data-label="School">
                      <a href={`/people/${s.slug}`}>{s.name}</a>
                    </td>
                    <td class="num" data-label="Staff">
                      {s.staff}
                    </td>
                    <td class="num" data-label="Pupils on roll">
                      {s.pupils}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
        <WhereToGo user={user} />
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
        means: describeAuditEventToPerson(l),
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
              <dt>Network username</dt>
              <dd>{me.staff.networkUsername ?? "none on record"}</dd>
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
          <table class="cards-on-phone">
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
                  <td data-label="When">{formatInstant(l.at)}</td>
                  <td data-label="Who">{l.actorLabel}</td>
                  <td data-label="What">{describeAuditEventToPerson(l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

/** Every page this person may open: their own first, then those for leading, each administration page with what it is for. */
function WhereToGo(props: { user: SignedInUser }) {
  const nav = navFor(props.user).filter((n) => n.href !== "/" && n.href !== "/admin");
  const own = nav.filter((n) => !n.leading);
  const leading = nav.filter((n) => n.leading);
  const admin = adminLinksFor(props.user);
  return (
    <>
      <h2>Where to go</h2>
      {leading.length > 0 || admin.length > 0 ? <h3>Your own</h3> : null}
      <ul>
        {own.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
      {leading.length > 0 ? (
        <>
          <h3>Leading</h3>
          <ul>
            {leading.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {admin.length > 0 ? (
        <>
          <h3>Administration</h3>
          <ul>
            {admin.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>: {link.description}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
