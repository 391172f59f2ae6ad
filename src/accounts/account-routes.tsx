/** @jsxImportSource hono/jsx */
// The registers: official accounts (5.3) with their permission grants (5.1), sanctioned platforms
// (6.1), sites on school devices (8.6.3), the trust's school email domains, and CSV exports.
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { schoolsOfUser } from "../core/people/schools-of-user";
import { recordAuditEvent } from "../platform/audit/record-audit-event";
import { can } from "../platform/auth/permissions";
import { ChoiceGroup, DataTable, Select, TextArea } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { type FormResult, readForm } from "../platform/web/form";
import { forbidden, notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import { reaches } from "./account-scope";
import { addDeviceSite, addSanctionedPlatform } from "./add-register-entry";
import { accountForm, domainsForm, grantForm, platformForm, siteForm } from "./form-schemas";
import { grantPermission } from "./grant-permission";
import { mayGrantFor } from "./grant-state";
import { listAccounts, listGrants, listPlatforms, listPosts, listSites } from "./list-registers";
import { removeRegisterEntry } from "./remove-register-entry";
import { revokeGrant } from "./revoke-grant";
import { type AccountValues, loadTrustDomains, saveOfficialAccount } from "./save-official-account";
import { ACCOUNT_STATUSES, accountSettings, GRANT_SCOPES, officialAccounts, officialPosts } from "./schema";
import { listStaffOfSchool } from "./staff-directory";
import { ACCOUNT_STATUS_LABELS, GrantStateTag, PostStatusTag, SCOPE_LABELS } from "./views";
import { describeGranters, whoCanGrant } from "./who-can-grant";
import { formatInstant } from "../platform/format-date";
import { csvLine } from "../platform/csv-line";
import { accountRegisters } from "./registers";

const VIEW = { action: "accounts.view" } as const;
const MANAGE = { action: "accounts.manage" } as const;
const GRANT = { action: "grants.manage" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUST = "trust";

type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
const str = (v: Values, k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
const fail = <T,>(r: FormResult<T>) =>
  r.ok ? { errors: {}, values: {} } : { errors: r.errors, values: r.values };

/** Schools (and the trust) where the user may act, for a form's school choice. */
async function schoolChoices(
  c: Context<SignedInEnv>,
  action: "accounts.manage" | "accounts.view",
  withTrust: boolean,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const list = (await schoolsOfUser(db, user)).filter((s) => reaches(user, action, s.id));
  const options = list.map((s) => ({ value: s.id, label: s.name }));
  if (withTrust && reaches(user, action, null)) options.unshift({ value: TRUST, label: "The trust" });
  return options;
}

function RegisterLinks(props: { current: string }) {
  const links = [
    ["/accounts", "Official accounts"],
    ["/accounts/platforms", "Sanctioned platforms"],
    ["/accounts/sites", "Sites on school devices"],
  ];
  return (
    <nav aria-label="Registers">
      <ul class="controls">
        {links.map(([href, label]) => (
          <li>
            <a href={href} aria-current={props.current === href ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

async function accountFormPage(
  c: Context<SignedInEnv>,
  options: { values?: Values; errors?: Errors; status?: 200 | 403 | 422 },
) {
  const { db } = c.get("services").database;
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const schoolsList = await schoolChoices(c, "accounts.manage", true);
  const chosen = str(values, "school") || schoolsList[0]?.value || "";
  const people = await listStaffOfSchool(db, chosen && chosen !== TRUST ? chosen : null);
  return c.html(
    <Layout title="Register an official account" user={c.get("user")} current="/accounts">
      <ErrorSummary errors={errors} />
      <p>
        Clause 5.3: school use of social media needs its own accounts, held on a school email, not a personal
        one.
      </p>
      <form method="post" action="/accounts/new" class="stack">
        <AccountFields values={values} errors={errors} schools={schoolsList} people={people} />
        <button type="submit">Add to the register</button>
      </form>
    </Layout>,
    options.status ?? 200,
  );
}

function AccountFields(props: {
  values: Values;
  errors: Errors;
  schools: { value: string; label: string }[];
  people: { id: string; name: string; email: string }[];
}) {
  const { values, errors } = props;
  return (
    <>
      <Select
        name="school"
        label="Whose account it is"
        options={props.schools}
        value={str(values, "school")}
        error={errors.school ?? errors.schoolId}
      />
      <Field
        name="platform"
        label="Platform"
        hint="For example Instagram, X, Facebook"
        value={str(values, "platform")}
        error={errors.platform}
      />
      <Field
        name="handle"
        label="Handle or name"
        hint="For example @HillHighPE"
        value={str(values, "handle")}
        error={errors.handle}
      />
      <Field name="link" label="Link" type="url" value={str(values, "link")} error={errors.link} />
      <TextArea
        name="purpose"
        label="What the account is for"
        value={str(values, "purpose")}
        error={errors.purpose}
        maxLength={500}
      />
      <Select
        name="ownerId"
        label="Named owner"
        hint="The member of staff responsible for the account. If the list is for the wrong school, choose the school and send the form once."
        options={[
          { value: "", label: "Choose a person" },
          ...props.people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` })),
        ]}
        value={str(values, "ownerId")}
        error={errors.ownerId}
      />
      <Field
        name="loginEmail"
        label="Login email"
        type="email"
        hint="The email the account signs in with: a school address, never a personal one"
        value={str(values, "loginEmail")}
        error={errors.loginEmail}
      />
      <ChoiceGroup
        type="radio"
        name="mfaEnabled"
        legend="Is multi-factor sign-in on?"
        choices={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
        checked={[str(values, "mfaEnabled")]}
        error={errors.mfaEnabled}
      />
      <TextArea
        name="recoveryContacts"
        label="Recovery contacts"
        hint="Who can recover the account if its owner cannot: names, roles or school addresses"
        value={str(values, "recoveryContacts")}
        error={errors.recoveryContacts}
        maxLength={500}
      />
      <ChoiceGroup
        type="radio"
        name="status"
        legend="Status"
        choices={ACCOUNT_STATUSES.map((s) => ({ value: s, label: ACCOUNT_STATUS_LABELS[s] }))}
        checked={[str(values, "status") || "active"]}
        error={errors.status}
      />
    </>
  );
}

function toAccountValues(data: ReturnType<typeof accountForm.parse>): AccountValues {
  return {
    schoolId: data.school === TRUST ? null : data.school,
    platform: data.platform,
    handle: data.handle,
    link: data.link,
    purpose: data.purpose,
    ownerId: data.ownerId,
    loginEmail: data.loginEmail.toLowerCase(),
    mfaEnabled: data.mfaEnabled === "yes",
    recoveryContacts: data.recoveryContacts,
    status: data.status,
  };
}

async function accountPage(
  c: Context<SignedInEnv>,
  id: string,
  options: {
    values?: Values;
    errors?: Errors;
    grantValues?: Values;
    grantErrors?: Errors;
    status?: 200 | 403 | 422;
  } = {},
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const [row] = await listAccounts(db, user, "accounts.view", eq(officialAccounts.id, id));
  if (!row) return notFound(c, "account");
  const { account } = row;
  const manage = can(user, "accounts.manage") && reaches(user, "accounts.manage", account.schoolId);
  const grant = can(user, "grants.manage") && mayGrantFor(user.roles, account.schoolId);
  const grants = await listGrants(db, { accountIds: [account.id] }, new Date());
  const posts = await listPosts(db, eq(officialPosts.accountId, account.id));
  const people = manage || grant ? await listStaffOfSchool(db, account.schoolId) : [];
  const granters = grant ? [] : await whoCanGrant(db, account.schoolId);
  const values: Values = options.values ?? {
    school: account.schoolId ?? TRUST,
    platform: account.platform,
    handle: account.handle,
    link: account.link,
    purpose: account.purpose,
    ownerId: account.ownerId,
    loginEmail: account.loginEmail,
    mfaEnabled: account.mfaEnabled ? "yes" : "no",
    recoveryContacts: account.recoveryContacts,
    status: account.status,
  };
  const gv = options.grantValues ?? {};
  const ge = options.grantErrors ?? {};
  return c.html(
    <Layout title={`${account.handle} on ${account.platform}`} user={user} current="/accounts" wide>
      <ErrorSummary errors={{ ...(options.errors ?? {}), ...ge }} />
      {account.handoverFlaggedAt ? (
        <p class="error-summary" role="status">
          Handover needed: the owner has left (clause 5.3). Choose a new owner and change the login and
          recovery details.
        </p>
      ) : null}
      <dl>
        <dt>Whose</dt>
        <dd>{row.schoolName ?? "The trust"}</dd>
        <dt>Link</dt>
        <dd>
          <a href={account.link}>{account.link}</a>
        </dd>
        <dt>Purpose</dt>
        <dd>{account.purpose}</dd>
        <dt>Owner</dt>
        <dd>{row.ownerName}</dd>
        <dt>Login</dt>
        <dd>
          {account.loginEmail}, multi-factor sign-in {account.mfaEnabled ? "on" : <strong>off</strong>}
        </dd>
        <dt>Recovery contacts</dt>
        <dd>{account.recoveryContacts}</dd>
        <dt>Status</dt>
        <dd>{ACCOUNT_STATUS_LABELS[account.status]}</dd>
      </dl>

      <h2>Permissions to post (clause 5.1)</h2>
      <DataTable
        caption="Permissions to post on this account"
        rows={grants}
        empty="Nobody has permission to post on this account."
        columns={[
          { label: "Member of staff", cell: (g) => g.granteeName },
          { label: "May", cell: (g) => SCOPE_LABELS[g.grant.scope] },
          { label: "Until", cell: (g) => g.grant.expiresOn },
          { label: "Reason", cell: (g) => g.grant.reason },
          { label: "Given by", cell: (g) => g.granterName },
          { label: "State", cell: (g) => <GrantStateTag state={g.state} /> },
          {
            label: "Action",
            cell: (g) =>
              grant && g.state === "live" ? (
                <form method="post" action={`/accounts/grants/${g.grant.id}/revoke`} class="inline">
                  <button type="submit">
                    Revoke<span class="visually-hidden"> {g.granteeName}'s permission</span>
                  </button>
                </form>
              ) : (
                ""
              ),
          },
        ]}
      />
      {grant ? (
        <form method="post" action={`/accounts/${account.id}/grants`} class="stack">
          <h3>Give permission to post</h3>
          <Select
            name="granteeId"
            label="Member of staff"
            options={[
              { value: "", label: "Choose a person" },
              ...people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` })),
            ]}
            value={str(gv, "granteeId")}
            error={ge.granteeId}
          />
          <ChoiceGroup
            type="radio"
            name="scope"
            legend="What they may do"
            choices={GRANT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))}
            checked={[str(gv, "scope")]}
            error={ge.scope}
          />
          <Field
            name="expiresOn"
            label="Permission ends after"
            type="date"
            hint="The last day it holds"
            value={str(gv, "expiresOn")}
            error={ge.expiresOn}
          />
          <TextArea
            name="reason"
            label="Reason"
            value={str(gv, "reason")}
            error={ge.reason}
            maxLength={500}
          />
          <button type="submit">Give permission</button>
        </form>
      ) : (
        <p>Permission to post on this account is given by {describeGranters(granters, account.schoolId)}.</p>
      )}

      <h2>Posts</h2>
      <DataTable
        caption="Posts drafted for this account"
        rows={posts}
        empty="No posts have been drafted for this account."
        columns={[
          { label: "Planned", cell: (p) => formatInstant(p.post.plannedAt) },
          { label: "By", cell: (p) => p.authorName },
          { label: "Status", cell: (p) => <PostStatusTag status={p.post.status} /> },
          {
            label: "Open",
            cell: (p) => (
              <a href={`/official-posts/${p.post.id}`}>
                Open
                <span class="visually-hidden"> the post planned for {formatInstant(p.post.plannedAt)}</span>
              </a>
            ),
          },
        ]}
      />

      {manage ? (
        <form method="post" action={`/accounts/${account.id}`} class="stack">
          <h2>Change the account's details</h2>
          <AccountFields
            values={values}
            errors={options.errors ?? {}}
            schools={await schoolChoices(c, "accounts.manage", true)}
            people={people}
          />
          <button type="submit">Save changes</button>
        </form>
      ) : null}
    </Layout>,
    options.status ?? 200,
  );
}

async function platformsPage(
  c: Context<SignedInEnv>,
  options: { values?: Values; errors?: Errors; status?: 200 | 403 | 422 } = {},
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const rows = await listPlatforms(db, user);
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const schoolsList = await schoolChoices(c, "accounts.manage", false);
  return c.html(
    <Layout title="Platforms sanctioned for work with pupils" user={user} current="/accounts" wide>
      <RegisterLinks current="/accounts/platforms" />
      <ErrorSummary errors={errors} />
      <p>
        Clause 6.1: social media used when working with pupils must be sanctioned by the school. The post
        check reads this register: a platform not on it is flagged.
      </p>
      <p>
        <a href="/accounts/export/platforms.csv">Download this register as CSV</a>
      </p>
      <DataTable
        caption="Sanctioned platforms"
        rows={rows}
        empty="No platforms are sanctioned yet."
        columns={[
          { label: "School", cell: (r) => r.schoolName },
          { label: "Platform", cell: (r) => r.entry.platform },
          { label: "Year groups", cell: (r) => r.entry.yearGroups },
          { label: "Purpose", cell: (r) => r.entry.purpose },
          { label: "Recorded by", cell: (r) => r.decidedByName ?? "Carried over" },
          {
            label: "Action",
            cell: (r) =>
              reaches(user, "accounts.manage", r.entry.schoolId) && can(user, "accounts.manage") ? (
                <form method="post" action={`/accounts/platforms/${r.entry.id}/remove`} class="inline">
                  <button type="submit">
                    Remove
                    <span class="visually-hidden">
                      {" "}
                      {r.entry.platform} at {r.schoolName}
                    </span>
                  </button>
                </form>
              ) : (
                ""
              ),
          },
        ]}
      />
      {can(user, "accounts.manage") && schoolsList.length ? (
        <form method="post" action="/accounts/platforms" class="stack">
          <h2>Sanction a platform</h2>
          <Select
            name="schoolId"
            label="School"
            options={schoolsList}
            value={str(values, "schoolId")}
            error={errors.schoolId}
          />
          <Field
            name="platform"
            label="Platform"
            hint="For example Google Classroom, Microsoft Teams, Seesaw"
            value={str(values, "platform")}
            error={errors.platform}
          />
          <Field
            name="yearGroups"
            label="Year groups"
            hint="For example Years 7 to 11, or Reception to Year 6"
            value={str(values, "yearGroups")}
            error={errors.yearGroups}
          />
          <TextArea
            name="purpose"
            label="Purpose"
            value={str(values, "purpose")}
            error={errors.purpose}
            maxLength={500}
          />
          <button type="submit">Add to the register</button>
        </form>
      ) : null}
    </Layout>,
    options.status ?? 200,
  );
}

async function sitesPage(
  c: Context<SignedInEnv>,
  options: { values?: Values; errors?: Errors; status?: 200 | 403 | 422 } = {},
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const rows = await listSites(db, user);
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const schoolsList = await schoolChoices(c, "accounts.manage", false);
  return c.html(
    <Layout title="Sites made available on school devices" user={user} current="/accounts" wide>
      <RegisterLinks current="/accounts/sites" />
      <ErrorSummary errors={errors} />
      <p>Clause 8.6.3: the sites the school makes available on its devices, with who decided and why.</p>
      <p>
        <a href="/accounts/export/sites.csv">Download this register as CSV</a>
      </p>
      <DataTable
        caption="Sites on school devices"
        rows={rows}
        empty="No sites are recorded yet."
        columns={[
          { label: "School", cell: (r) => r.schoolName },
          { label: "Site", cell: (r) => r.entry.site },
          { label: "Decided by", cell: (r) => r.entry.decidedBy },
          { label: "Why", cell: (r) => r.entry.reason },
          { label: "Decided on", cell: (r) => r.entry.decidedOn },
          {
            label: "Action",
            cell: (r) =>
              reaches(user, "accounts.manage", r.entry.schoolId) && can(user, "accounts.manage") ? (
                <form method="post" action={`/accounts/sites/${r.entry.id}/remove`} class="inline">
                  <button type="submit">
                    Remove
                    <span class="visually-hidden">
                      {" "}
                      {r.entry.site} at {r.schoolName}
                    </span>
                  </button>
                </form>
              ) : (
                ""
              ),
          },
        ]}
      />
      {can(user, "accounts.manage") && schoolsList.length ? (
        <form method="post" action="/accounts/sites" class="stack">
          <h2>Record a site</h2>
          <Select
            name="schoolId"
            label="School"
            options={schoolsList}
            value={str(values, "schoolId")}
            error={errors.schoolId}
          />
          <Field
            name="site"
            label="Site"
            hint="For example youtube.com"
            value={str(values, "site")}
            error={errors.site}
          />
          <Field
            name="decidedBy"
            label="Who decided"
            hint="A name and role, for example the head teacher"
            value={str(values, "decidedBy")}
            error={errors.decidedBy}
          />
          <TextArea
            name="reason"
            label="Why"
            value={str(values, "reason")}
            error={errors.reason}
            maxLength={500}
          />
          <Field
            name="decidedOn"
            label="Date of the decision"
            type="date"
            value={str(values, "decidedOn")}
            error={errors.decidedOn}
          />
          <button type="submit">Add to the register</button>
        </form>
      ) : null}
    </Layout>,
    options.status ?? 200,
  );
}

/** The page's CSV file names, kept for links people have saved, and the register each one is. */
const REGISTER_OF_FILE: Readonly<Record<string, string>> = {
  "accounts.csv": "official-accounts",
  "grants.csv": "posting-grants",
  "platforms.csv": "sanctioned-platforms",
  "sites.csv": "device-sites",
};

export const accountRoutes = new Routes()
  .get("/accounts", VIEW, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const rows = await listAccounts(db, user);
    return c.html(
      <Layout title="Official accounts" user={user} current="/accounts" wide>
        <RegisterLinks current="/accounts" />
        <p>
          Every school and trust account (clause 5.3), its owner and login, and who may post on it (5.1).{" "}
          <a href="/accounts/export/accounts.csv">Download the accounts as CSV</a>,{" "}
          <a href="/accounts/export/grants.csv">the permissions as CSV</a>.
        </p>
        {can(user, "accounts.manage") ? (
          <p>
            <a class="button" href="/accounts/new">
              Register an account
            </a>
          </p>
        ) : null}
        <DataTable
          caption="Official accounts"
          rows={rows}
          empty="No official accounts are registered yet."
          columns={[
            { label: "Account", cell: (r) => <a href={`/accounts/${r.account.id}`}>{r.account.handle}</a> },
            { label: "Platform", cell: (r) => r.account.platform },
            { label: "Whose", cell: (r) => r.schoolName ?? "The trust" },
            { label: "Owner", cell: (r) => r.ownerName },
            { label: "MFA", cell: (r) => (r.account.mfaEnabled ? "On" : <span class="tag warn">Off</span>) },
            { label: "Status", cell: (r) => ACCOUNT_STATUS_LABELS[r.account.status] },
            {
              label: "Handover",
              cell: (r) => (r.account.handoverFlaggedAt ? <span class="tag bad">Owner has left</span> : ""),
            },
          ]}
        />
      </Layout>,
    );
  })
  .get("/accounts/new", MANAGE, (c) => accountFormPage(c, {}))
  .post("/accounts/new", MANAGE, async (c) => {
    const form = await readForm(c, accountForm);
    if (!form.ok) return accountFormPage(c, { ...fail(form), status: 422 });
    const result = await saveOfficialAccount({
      db: c.get("services").database.db,
      actor: c.get("user"),
      values: toAccountValues(form.data),
    });
    if (!result.ok) {
      const field = result.field === "schoolId" ? "school" : (result.field ?? "form");
      return accountFormPage(c, {
        values: form.data as unknown as Values,
        errors: { [field]: result.message },
        status: result.status === 404 ? 422 : result.status,
      });
    }
    setFlash(c, `${form.data.handle} is in the register.`);
    return c.redirect(`/accounts/${result.id}`, 303);
  })
  .get("/accounts/platforms", VIEW, (c) => platformsPage(c))
  .post("/accounts/platforms", MANAGE, async (c) => {
    const form = await readForm(c, platformForm);
    if (!form.ok) return platformsPage(c, { ...fail(form), status: 422 });
    const result = await addSanctionedPlatform({
      db: c.get("services").database.db,
      actor: c.get("user"),
      ...form.data,
    });
    if (!result.ok)
      return platformsPage(c, {
        values: form.data,
        errors: { [result.field ?? "form"]: result.message },
        status: result.status === 404 ? 422 : result.status,
      });
    setFlash(c, `${form.data.platform} is sanctioned.`);
    return c.redirect("/accounts/platforms", 303);
  })
  .post("/accounts/platforms/:id/remove", MANAGE, async (c) => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "entry");
    const result = await removeRegisterEntry({
      db: c.get("services").database.db,
      actor: c.get("user"),
      register: "platforms",
      id,
    });
    if (!result.ok) return notFound(c, "entry");
    setFlash(c, `${result.name} is no longer sanctioned.`);
    return c.redirect("/accounts/platforms", 303);
  })
  .get("/accounts/sites", VIEW, (c) => sitesPage(c))
  .post("/accounts/sites", MANAGE, async (c) => {
    const form = await readForm(c, siteForm);
    if (!form.ok) return sitesPage(c, { ...fail(form), status: 422 });
    const result = await addDeviceSite({
      db: c.get("services").database.db,
      actor: c.get("user"),
      ...form.data,
    });
    if (!result.ok)
      return sitesPage(c, {
        values: form.data,
        errors: { [result.field ?? "form"]: result.message },
        status: result.status === 404 ? 422 : result.status,
      });
    setFlash(c, `${form.data.site} is in the register.`);
    return c.redirect("/accounts/sites", 303);
  })
  .post("/accounts/sites/:id/remove", MANAGE, async (c) => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "entry");
    const result = await removeRegisterEntry({
      db: c.get("services").database.db,
      actor: c.get("user"),
      register: "sites",
      id,
    });
    if (!result.ok) return notFound(c, "entry");
    setFlash(c, `${result.name} is off the register.`);
    return c.redirect("/accounts/sites", 303);
  })
  .get("/admin/school-email-domains", { action: "trust.manage" }, async (c) => {
    const domains = await loadTrustDomains(c.get("services").database.db);
    return c.html(
      <Layout title="School email domains" user={c.get("user")}>
        <p>
          An official account's login must be on a school email (clause 5.3). A login on the owner's own work
          email domain is always accepted; list any other domains the trust's schools use.
        </p>
        <form method="post" action="/admin/school-email-domains" class="stack">
          <TextArea
            name="domains"
            label="Domains, one a line"
            hint="For example hillhigh.sch.uk"
            value={domains.join("\n")}
            maxLength={2000}
          />
          <button type="submit">Save</button>
        </form>
      </Layout>,
    );
  })
  .post("/admin/school-email-domains", { action: "trust.manage" }, async (c) => {
    const form = await readForm(c, domainsForm);
    const user = c.get("user");
    const { db } = c.get("services").database;
    const lines = form.ok
      ? (form.data.domains ?? "")
          .split(/\r?\n/)
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean)
      : [];
    const bad = lines.find((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d));
    if (!form.ok || bad)
      return c.html(
        <Layout title="School email domains" user={user}>
          <ErrorSummary
            errors={{
              domains: bad
                ? `“${bad}” is not a domain, like hillhigh.sch.uk`
                : "Enter the domains, one a line",
            }}
          />
          <form method="post" action="/admin/school-email-domains" class="stack">
            <TextArea
              name="domains"
              label="Domains, one a line"
              value={lines.join("\n")}
              error={bad ? `“${bad}” is not a domain` : undefined}
              maxLength={2000}
            />
            <button type="submit">Save</button>
          </form>
        </Layout>,
        422,
      );
    const domains = [...new Set(lines)];
    await db.transaction(async (tx) => {
      await tx
        .insert(accountSettings)
        .values({ id: "trust", schoolEmailDomains: domains })
        .onConflictDoUpdate({
          target: accountSettings.id,
          set: { schoolEmailDomains: domains, updatedAt: new Date() },
        });
      await recordAuditEvent(tx, {
        actor: { id: user.id, label: user.email },
        action: "school-email-domains.changed",
        subjectType: "account_settings",
        detail: { domains },
      });
    });
    setFlash(c, "The school email domains are saved.");
    return c.redirect("/admin/school-email-domains", 303);
  })
  .get("/accounts/export/:file", VIEW, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const file = c.req.param("file") ?? "";
    // The page's CSV is the capability's register, so the two can never disagree.
    const register = accountRegisters.find((r) => r.table === REGISTER_OF_FILE[file]);
    if (!register) return notFound(c, "register");
    let csv = csvLine(register.columns);
    for await (const row of register.rows({ db, viewer: user, scope: "all" })) csv += csvLine(row);
    // A register names staff: its export is in the audit trail.
    await recordAuditEvent(db, {
      actor: { id: user.id, label: user.email },
      action: "accounts.register-exported",
      subjectType: "register",
      detail: { file },
    });
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
    });
  })
  .get("/accounts/:id", VIEW, async (c) => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "account");
    return accountPage(c, id);
  })
  .post("/accounts/:id", MANAGE, async (c) => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "account");
    const form = await readForm(c, accountForm);
    if (!form.ok) return accountPage(c, id, { ...fail(form), status: 422 });
    const result = await saveOfficialAccount({
      db: c.get("services").database.db,
      actor: c.get("user"),
      accountId: id,
      values: toAccountValues(form.data),
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "account");
      const field = result.field === "schoolId" ? "school" : (result.field ?? "form");
      return accountPage(c, id, {
        values: form.data as unknown as Values,
        errors: { [field]: result.message },
        status: result.status,
      });
    }
    setFlash(c, "The account's details are saved.");
    return c.redirect(`/accounts/${id}`, 303);
  })
  .post("/accounts/:id/grants", GRANT, async (c) => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "account");
    const user = c.get("user");
    const { db } = c.get("services").database;
    const [account] = await db
      .select({ schoolId: officialAccounts.schoolId })
      .from(officialAccounts)
      .where(eq(officialAccounts.id, id));
    if (!account) return notFound(c, "account");
    const form = await readForm(c, grantForm);
    if (!form.ok) {
      if (!mayGrantFor(user.roles, account.schoolId)) return refuseGrant(c, id);
      return accountPage(c, id, { grantValues: form.values, grantErrors: form.errors, status: 422 });
    }
    const result = await grantPermission({ db, actor: user, accountId: id, ...form.data });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "account");
      if (result.status === 403) return forbidden(c, result.message);
      return accountPage(c, id, {
        grantValues: form.data,
        grantErrors: { [result.field ?? "granteeId"]: result.message },
        status: 422,
      });
    }
    setFlash(c, "Permission to post is given.");
    return c.redirect(`/accounts/${id}`, 303);
  })
  .post("/accounts/grants/:id/revoke", GRANT, async (c) => {
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "permission");
    const result = await revokeGrant({
      db: c.get("services").database.db,
      actor: c.get("user"),
      grantId: id,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "permission");
      if (result.status === 403) return forbidden(c, result.message);
      setFlash(c, result.message);
      return c.redirect("/accounts", 303);
    }
    setFlash(c, "The permission is revoked.");
    return c.redirect(`/accounts/${result.accountId}`, 303);
  });

async function refuseGrant(c: Context<SignedInEnv>, accountId: string) {
  const { db } = c.get("services").database;
  const [account] = await db.select().from(officialAccounts).where(eq(officialAccounts.id, accountId));
  const granters = describeGranters(await whoCanGrant(db, account!.schoolId), account!.schoolId);
  return forbidden(
    c,
    `Only a leader of the account's own school can give permission to post on ${account!.handle} (clause 5.1). Who can: ${granters}.`,
  );
}
