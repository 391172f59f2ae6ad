/** @jsxImportSource hono/jsx */
// Who holds which role, and a form to change it (trust administrators only).
import { asc, eq, ilike, or, sql } from "drizzle-orm";
import type { Context } from "hono";
import { ROLE_LABELS, ROLES } from "../../platform/auth/permissions";
import { roleAssignments, users } from "../../platform/auth/schema";
import type { SignedInEnv } from "../../platform/web/context";
import { setFlash } from "../../platform/web/flash";
import { Routes } from "../../platform/web/guard";
import { DataTable } from "../../platform/web/components";
import { ErrorSummary, Field, Layout } from "../../platform/web/layout";
import { grantRole, revokeRole } from "./grant-role";
import { schools } from "./schema";
import "./audit-events";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";

async function RolesPage(
  c: Context<SignedInEnv>,
  problem?: { field: string; message: string },
  status: 200 | 400 = 200,
) {
  const { db } = c.get("services").database;
  const q = (c.req.query("q") ?? "").trim();
  const rows = await db
    .select({
      email: users.email,
      name: users.name,
      role: roleAssignments.role,
      school: schools.name,
      schoolSlug: schools.slug,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .leftJoin(schools, eq(schools.id, roleAssignments.schoolId))
    .where(
      q
        ? or(
            ilike(users.email, `%${q.replace(/[%_\\]/g, "\\$&")}%`),
            ilike(users.name, `%${q.replace(/[%_\\]/g, "\\$&")}%`),
          )
        : sql`${roleAssignments.role} <> 'staff'`,
    )
    .orderBy(asc(users.name), asc(roleAssignments.role))
    .limit(300);
  const viewer = c.get("user")!;
  // Who holds which role names people and their powers: each look is in the audit trail.
  await recordAuditEvent(db, {
    actor: { id: viewer.id, label: viewer.email },
    action: "roles.viewed",
    subjectType: "roles",
    detail: { accounts: rows.length, q: q.slice(0, 100) },
  });
  const schoolList = await db.select().from(schools).orderBy(schools.name);
  return c.html(
    <Layout title="Roles" user={c.get("user")} current="/admin" flash={c.get("flash")} wide>
      {problem ? <ErrorSummary errors={{ [problem.field]: problem.message }} /> : null}
      <form method="get" action="/admin/roles">
        <Field
          name="q"
          label="Find a person by name or email"
          type="search"
          value={q}
          hint="Without a search, everyone with a role beyond member of staff is listed."
        />
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <DataTable
        caption="Roles held"
        rows={rows}
        empty="No one holds a role that matches."
        columns={[
          {
            label: "Person",
            cell: (r) => (
              <>
                {r.name} <span class="muted">{r.email}</span>
              </>
            ),
          },
          { label: "Role", cell: (r) => ROLE_LABELS[r.role as keyof typeof ROLE_LABELS] ?? r.role },
          { label: "Where", cell: (r) => r.school ?? "Whole trust" },
          {
            label: "Actions",
            labelHidden: true,
            cell: (r) => (
              <form
                method="post"
                action="/admin/roles/revoke"
                data-confirm={`Remove ${r.role} from ${r.email}?`}
              >
                <input type="hidden" name="email" value={r.email} />
                <input type="hidden" name="role" value={r.role} />
                <input type="hidden" name="school" value={r.schoolSlug ?? ""} />
                <button
                  type="submit"
                  class="secondary"
                  aria-label={`Remove ${ROLE_LABELS[r.role as keyof typeof ROLE_LABELS] ?? r.role} from ${r.name}`}
                >
                  Remove
                </button>
              </form>
            ),
          },
        ]}
      />
      <h2>Give a role</h2>
      <form method="post" action="/admin/roles/grant" class="stack">
        <Field
          name="email"
          label="Email address"
          type="email"
          error={problem?.field === "email" ? problem.message : undefined}
          required
        />
        <div class="field">
          <label for="role">Role</label>
          <select id="role" name="role">
            {ROLES.map((r) => (
              <option value={r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="school">School</label>
          <p class="hint" id="school-hint">
            Leave empty for trust-wide roles (trust administrator, IT director, HR, trustee).
          </p>
          <select id="school" name="school" aria-describedby="school-hint">
            <option value="">Whole trust</option>
            {schoolList.map((s) => (
              <option value={s.slug}>{s.name}</option>
            ))}
          </select>
        </div>
        <button type="submit">Give role</button>
      </form>
    </Layout>,
    status,
  );
}

async function change(c: Context<SignedInEnv>, kind: "grant" | "revoke") {
  const user = c.get("user");
  const form = await c.req.parseBody();
  const input = {
    email: String(form.email ?? ""),
    role: String(form.role ?? ""),
    schoolSlug: String(form.school ?? "") || null,
  };
  const actor = { id: user.id, label: user.email };
  const { db } = c.get("services").database;
  const result = kind === "grant" ? await grantRole(db, actor, input) : await revokeRole(db, actor, input);
  if (!result.ok) return RolesPage(c, result, 400);
  setFlash(
    c,
    result.changed
      ? `${kind === "grant" ? "Gave" : "Removed"} ${input.role} ${kind === "grant" ? "to" : "from"} ${input.email}.`
      : "Nothing to change.",
  );
  return c.redirect("/admin/roles", 303);
}

export const rolesRoutes = new Routes()
  .get("/admin/roles", { action: "roles.manage" }, (c) => RolesPage(c))
  .post("/admin/roles/grant", { action: "roles.manage" }, (c) => change(c, "grant"))
  .post("/admin/roles/revoke", { action: "roles.manage" }, (c) => change(c, "revoke"));
