/** @jsxImportSource hono/jsx */
// Official posts: a member of staff's own permissions and drafts, drafting (only with a live grant,
// 5.1), the draft beside its post check findings (5.4, 8.2.1), leaders' approval, publication.
import { and, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import { calendarDateAt, defaultTimeZone } from "../core/calendar/calendar-date";
import type { SignedInUser } from "../platform/auth/sessions";
import { ChoiceGroup, DataTable, TextArea } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { formValues, readForm } from "../platform/web/form";
import { forbidden, notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import {
  DismissedExampleFields,
  keepDismissedExample,
  readDismissedExample,
} from "../posts/dismissed-example";
import { draftOfficialPost } from "./draft-official-post";
import { findLiveGrant } from "./find-live-grant";
import { flagPublishedPost } from "./flag-published-post";
import { draftForm, flagForm, publishedForm, reviewForm } from "./form-schemas";
import { GRANT_STATE_LABELS, mayApproveFor } from "./grant-state";
import { listGrants, listPosts } from "./list-registers";
import { formatInstant, instantToLocal, zonedToInstant } from "./local-time";
import { recordPublication } from "./record-publication";
import { reviewOfficialPost } from "./review-official-post";
import { officialAccounts, officialPosts } from "./schema";
import { DraftWithFindings, GrantStateTag, PostStatusTag, SCOPE_LABELS } from "./views";
import { describeGranters, whoCanGrant } from "./who-can-grant";

const DRAFT = { action: "posts.draft" } as const;
const APPROVE = { action: "posts.approve" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TZ = defaultTimeZone;

type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
const str = (v: Values, k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");

/** Posts a leader may approve: their own schools' accounts; trust admins also the trust's. */
export function approvableBy(user: SignedInUser): SQL {
  const schoolIds = user.roles
    .filter((r) => (r.role === "principal" || r.role === "senior-leader") && r.schoolId)
    .map((r) => r.schoolId!);
  const trustAdmin = user.roles.some((r) => r.role === "trust-admin");
  return (
    or(
      schoolIds.length ? inArray(officialAccounts.schoolId, schoolIds) : undefined,
      trustAdmin ? isNull(officialAccounts.schoolId) : undefined,
    ) ?? sql`false`
  );
}

function altLines(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function DraftFields(props: { values: Values; errors: Errors }) {
  const { values, errors } = props;
  return (
    <>
      <TextArea
        name="text"
        label="Text of the post"
        value={str(values, "text")}
        error={errors.text}
        maxLength={5000}
      />
      <Field
        name="plannedAt"
        label="Planned date and time"
        type="datetime-local"
        hint="UK time, for example 2026-12-03T09:00"
        value={str(values, "plannedAt")}
        error={errors.plannedAt}
      />
      <TextArea
        name="altTexts"
        label="Alt text of the images (optional)"
        hint="One line for each image, describing it for someone who cannot see it"
        value={str(values, "altTexts")}
        error={errors.altTexts}
        maxLength={5000}
      />
    </>
  );
}

async function refusal(c: Context<SignedInEnv>, accountId: string, state: string) {
  const { db } = c.get("services").database;
  const [account] = await db.select().from(officialAccounts).where(eq(officialAccounts.id, accountId));
  if (!account) return notFound(c, "account");
  const granters = describeGranters(await whoCanGrant(db, account.schoolId), account.schoolId);
  const why =
    state === "none"
      ? `You do not have permission to post on ${account.handle}`
      : `Your permission to post on ${account.handle} has ended (${GRANT_STATE_LABELS[state as keyof typeof GRANT_STATE_LABELS].toLowerCase()})`;
  return forbidden(
    c,
    `${why}. Clause 5.1: staff must be given explicit permission by a school leader. Who can give it: ${granters}.`,
  );
}

async function newDraftPage(
  c: Context<SignedInEnv>,
  accountId: string,
  options: { values?: Values; errors?: Errors; status?: 200 | 422 } = {},
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const [account] = await db.select().from(officialAccounts).where(eq(officialAccounts.id, accountId));
  if (!account) return notFound(c, "account");
  const live = await findLiveGrant(db, user.id, account.id, calendarDateAt(new Date(), TZ));
  if (!live.ok) return refusal(c, account.id, live.state);
  const values = options.values ?? { plannedAt: instantToLocal(new Date(Date.now() + 86_400_000), TZ) };
  return c.html(
    <Layout title={`Draft a post for ${account.handle}`} user={user} current="/my-posting">
      <ErrorSummary errors={options.errors ?? {}} />
      <p>
        Your permission: {SCOPE_LABELS[live.grant.scope]}, until {live.grant.expiresOn}. The draft is checked
        against the policy for an official account, and a school leader approves it before it goes out.
      </p>
      <form method="post" action={`/official-posts/new?account=${account.id}`} class="stack">
        <DraftFields values={values} errors={options.errors ?? {}} />
        <button type="submit">Send for approval</button>
      </form>
    </Layout>,
    options.status ?? 200,
  );
}

async function loadPostFor(c: Context<SignedInEnv>, id: string) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  if (!UUID.test(id)) return null;
  const [row] = await listPosts(db, eq(officialPosts.id, id));
  if (!row) return null;
  const leader = mayApproveFor(user.roles, row.schoolId);
  if (row.post.authorId !== user.id && !leader) return null;
  return { ...row, leader };
}

async function postPage(
  c: Context<SignedInEnv>,
  id: string,
  options: { values?: Values; errors?: Errors; status?: 200 | 403 | 409 | 422 } = {},
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const row = await loadPostFor(c, id);
  if (!row) return notFound(c, "post");
  const { post } = row;
  const author = post.authorId === user.id;
  const errors = options.errors ?? {};
  const values = options.values ?? {};
  let canPublish = row.leader;
  if (!canPublish && author) {
    const live = await findLiveGrant(db, user.id, post.accountId, calendarDateAt(new Date(), TZ));
    canPublish = live.ok && live.grant.scope === "draft-and-publish";
  }
  return c.html(
    <Layout
      title={`Post for ${row.handle} on ${row.platform}`}
      user={user}
      current={author ? "/my-posting" : "/official-posts/review"}
      wide
    >
      <ErrorSummary errors={errors} />
      <p>
        <PostStatusTag status={post.status} /> Drafted by {row.authorName}, planned for{" "}
        {formatInstant(post.plannedAt, TZ)}.
      </p>
      {post.reviewComment ? (
        <p>
          <strong>{post.status === "changes-requested" ? "Changes asked for" : "Leader's comment"}:</strong>{" "}
          {post.reviewComment}
        </p>
      ) : null}
      <DraftWithFindings text={post.text} check={post.check} />
      {post.altTexts.length ? (
        <>
          <h2>Alt text of the images</h2>
          <ol>
            {post.altTexts.map((a) => (
              <li>{a}</li>
            ))}
          </ol>
        </>
      ) : (
        <p class="muted">No images.</p>
      )}
      {post.publishedUrl ? (
        <p>
          Published {post.publishedAt ? formatInstant(post.publishedAt, TZ) : ""}:{" "}
          <a href={post.publishedUrl}>{post.publishedUrl}</a>
        </p>
      ) : null}
      {post.differsFlaggedAt ? (
        <p class="error-summary" role="status">
          Flagged by the approver: the published post differs from what was approved. {post.differsNote}
        </p>
      ) : null}

      {row.leader && !author && post.status === "awaiting-approval" ? (
        <form method="post" action={`/official-posts/${post.id}/review`} class="stack">
          <h2>Your decision</h2>
          <ChoiceGroup
            type="radio"
            name="decision"
            legend="What should happen to this draft?"
            choices={[
              { value: "approve", label: "Approve it as it is" },
              { value: "changes", label: "Ask for changes" },
              { value: "reject", label: "Reject it" },
            ]}
            checked={[str(values, "decision")]}
            error={errors.decision}
          />
          <TextArea
            name="comment"
            label="Comment"
            hint="Needed when you ask for changes or reject"
            value={str(values, "comment")}
            error={errors.comment}
            maxLength={2000}
          />
          {post.check.findings.length > 0 && row.schoolId ? (
            <DismissedExampleFields values={values} errors={errors} />
          ) : null}
          <button type="submit">Record the decision</button>
        </form>
      ) : null}
      {row.leader && author && post.status === "awaiting-approval" ? (
        <p>You drafted this post: another leader of the school must approve it.</p>
      ) : null}
      {author && post.status === "changes-requested" ? (
        <form method="post" action={`/official-posts/${post.id}/revise`} class="stack">
          <h2>Revise the draft</h2>
          <DraftFields
            values={
              options.values ?? {
                text: post.text,
                plannedAt: instantToLocal(post.plannedAt, TZ),
                altTexts: post.altTexts.join("\n"),
              }
            }
            errors={errors}
          />
          <button type="submit">Send the revised draft for approval</button>
        </form>
      ) : null}
      {post.status === "approved" && canPublish ? (
        <form method="post" action={`/official-posts/${post.id}/published`} class="stack">
          <h2>Record that it is published</h2>
          <p>Post the approved text on {row.platform} yourself, then give its link here.</p>
          <Field
            name="url"
            label="Link to the published post"
            type="url"
            value={str(values, "url")}
            error={errors.url}
          />
          <button type="submit">Mark as published</button>
        </form>
      ) : null}
      {post.status === "approved" && !canPublish && author ? (
        <p>Your permission is to draft only: a leader of the school publishes it and records the link.</p>
      ) : null}
      {post.status === "published" && post.reviewerId === user.id && !post.differsFlaggedAt ? (
        <form method="post" action={`/official-posts/${post.id}/flag`} class="stack">
          <h2>Does the published post differ from what you approved?</h2>
          <TextArea
            name="note"
            label="How it differs"
            value={str(values, "note")}
            error={errors.note}
            maxLength={2000}
          />
          <button type="submit">Flag the published post</button>
        </form>
      ) : null}
    </Layout>,
    options.status ?? 200,
  );
}

export const officialPostRoutes = new Routes()
  .get("/my-posting", DRAFT, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const grants = await listGrants(db, { granteeId: user.id }, new Date());
    const posts = await listPosts(db, eq(officialPosts.authorId, user.id));
    return c.html(
      <Layout title="Posting for the school" user={user} current="/my-posting" wide>
        <p>
          Clause 5.1: you may post on an official account only with explicit permission from a school leader.
          Your permissions and drafts are below.
        </p>
        <DataTable
          caption="Your permissions to post"
          rows={grants}
          empty="You have no permission to post on an official account. Ask a leader of your school if you need one."
          columns={[
            { label: "Account", cell: (g) => `${g.handle} (${g.platform})` },
            { label: "May", cell: (g) => SCOPE_LABELS[g.grant.scope] },
            { label: "Until", cell: (g) => g.grant.expiresOn },
            { label: "Given by", cell: (g) => g.granterName },
            { label: "State", cell: (g) => <GrantStateTag state={g.state} /> },
            {
              label: "Draft",
              cell: (g) =>
                g.state === "live" ? (
                  <a href={`/official-posts/new?account=${g.grant.accountId}`}>
                    Draft a post<span class="visually-hidden"> for {g.handle}</span>
                  </a>
                ) : (
                  ""
                ),
            },
          ]}
        />
        <DataTable
          caption="Your drafts and posts"
          rows={posts}
          empty="You have not drafted a post for an official account."
          columns={[
            { label: "Account", cell: (p) => p.handle },
            { label: "Planned", cell: (p) => formatInstant(p.post.plannedAt, TZ) },
            { label: "Status", cell: (p) => <PostStatusTag status={p.post.status} /> },
            {
              label: "Open",
              cell: (p) => (
                <a href={`/official-posts/${p.post.id}`}>
                  Open
                  <span class="visually-hidden">
                    {" "}
                    the post for {p.handle} planned {formatInstant(p.post.plannedAt, TZ)}
                  </span>
                </a>
              ),
            },
          ]}
        />
      </Layout>,
    );
  })
  .get("/official-posts/new", DRAFT, async (c) => {
    const accountId = c.req.query("account") ?? "";
    if (!UUID.test(accountId)) return notFound(c, "account");
    return newDraftPage(c, accountId);
  })
  .post("/official-posts/new", DRAFT, async (c) => {
    const accountId = c.req.query("account") ?? "";
    if (!UUID.test(accountId)) return notFound(c, "account");
    const form = await readForm(c, draftForm);
    if (!form.ok)
      return newDraftPage(c, accountId, { values: form.values, errors: form.errors, status: 422 });
    const services = c.get("services");
    const result = await draftOfficialPost({
      db: services.database.db,
      actor: c.get("user"),
      accountId,
      input: {
        text: form.data.text,
        plannedAt: zonedToInstant(form.data.plannedAt, TZ),
        altTexts: altLines(form.data.altTexts),
      },
      baseUrl: services.config.baseUrl,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "account");
      if (result.status === 403) return forbidden(c, result.message);
      return newDraftPage(c, accountId, {
        values: form.data as unknown as Values,
        errors: { [result.field ?? "text"]: result.message },
        status: 422,
      });
    }
    setFlash(c, "Your draft is checked and waiting for a leader's approval.");
    return c.redirect(`/official-posts/${result.id}`, 303);
  })
  .get("/official-posts/review", APPROVE, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const rows = await listPosts(db, and(approvableBy(user), eq(officialPosts.status, "awaiting-approval")));
    return c.html(
      <Layout title="Posts to approve" user={user} current="/official-posts/review" wide>
        <DataTable
          caption="Drafts waiting for approval"
          rows={rows}
          empty="No drafts are waiting for approval."
          columns={[
            { label: "Account", cell: (p) => `${p.handle} (${p.platform})` },
            { label: "Drafted by", cell: (p) => p.authorName },
            { label: "Planned", cell: (p) => formatInstant(p.post.plannedAt, TZ) },
            { label: "Post check", cell: (p) => `${p.post.check.findings.length} findings` },
            {
              label: "Open",
              cell: (p) => (
                <a href={`/official-posts/${p.post.id}`}>
                  Review
                  <span class="visually-hidden">
                    {" "}
                    the draft by {p.authorName} for {p.handle}
                  </span>
                </a>
              ),
            },
          ]}
        />
      </Layout>,
    );
  })
  .get("/official-posts/:id", DRAFT, (c) => postPage(c, c.req.param("id") ?? ""))
  .post("/official-posts/:id/revise", DRAFT, async (c) => {
    const id = c.req.param("id") ?? "";
    const row = await loadPostFor(c, id);
    if (!row) return notFound(c, "post");
    const form = await readForm(c, draftForm);
    if (!form.ok) return postPage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const services = c.get("services");
    const result = await draftOfficialPost({
      db: services.database.db,
      actor: c.get("user"),
      accountId: row.post.accountId,
      postId: id,
      input: {
        text: form.data.text,
        plannedAt: zonedToInstant(form.data.plannedAt, TZ),
        altTexts: altLines(form.data.altTexts),
      },
      baseUrl: services.config.baseUrl,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "post");
      if (result.status === 403) return forbidden(c, result.message);
      return postPage(c, id, {
        values: form.data as unknown as Values,
        errors: { [result.field ?? "text"]: result.message },
        status: result.status === 409 ? 409 : 422,
      });
    }
    setFlash(c, "Your revised draft is checked and waiting for approval.");
    return c.redirect(`/official-posts/${id}`, 303);
  })
  .post("/official-posts/:id/review", APPROVE, async (c) => {
    const id = c.req.param("id") ?? "";
    const row = await loadPostFor(c, id);
    if (!row) return notFound(c, "post");
    const form = await readForm(c, reviewForm);
    if (!form.ok) return postPage(c, id, { values: form.values, errors: form.errors, status: 422 });
    // A leader approving despite the findings may give the post as an example (src/posts).
    const example = readDismissedExample(await formValues(c));
    if (example.give === "invalid")
      return postPage(c, id, {
        values: await formValues(c),
        errors: { [example.field]: example.message },
        status: 422,
      });
    const services = c.get("services");
    const result = await reviewOfficialPost({
      db: services.database.db,
      actor: c.get("user"),
      postId: id,
      decision: form.data.decision,
      comment: form.data.comment,
      baseUrl: services.config.baseUrl,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "post");
      if (result.status === 403) return forbidden(c, result.message);
      return postPage(c, id, {
        values: form.data as unknown as Values,
        errors: { [result.field ?? "decision"]: result.message },
        status: result.status,
      });
    }
    const kept =
      result.status === "approved" && example.give === true && row.post.check.findings.length > 0
        ? await keepDismissedExample(services.database.db, {
            actor: { id: c.get("user").id, label: c.get("user").email },
            schoolId: row.schoolId,
            text: row.post.text,
            clauses: example.clauses,
          })
        : { kept: false };
    setFlash(
      c,
      kept.kept
        ? "The post is approved, and kept as an example for the post check."
        : ({
            approved: "The post is approved.",
            "changes-requested": "Changes are asked for.",
            rejected: "The post is rejected.",
          }[result.status] ?? "Recorded."),
    );
    return c.redirect(`/official-posts/${id}`, 303);
  })
  .post("/official-posts/:id/published", DRAFT, async (c) => {
    const id = c.req.param("id") ?? "";
    const row = await loadPostFor(c, id);
    if (!row) return notFound(c, "post");
    const form = await readForm(c, publishedForm);
    if (!form.ok) return postPage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const result = await recordPublication({
      db: c.get("services").database.db,
      actor: c.get("user"),
      postId: id,
      url: form.data.url,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "post");
      if (result.status === 403) return forbidden(c, result.message);
      return postPage(c, id, {
        values: form.data,
        errors: { [result.field ?? "url"]: result.message },
        status: result.status,
      });
    }
    setFlash(c, "The post is recorded as published.");
    return c.redirect(`/official-posts/${id}`, 303);
  })
  .post("/official-posts/:id/flag", APPROVE, async (c) => {
    const id = c.req.param("id") ?? "";
    const row = await loadPostFor(c, id);
    if (!row) return notFound(c, "post");
    const form = await readForm(c, flagForm);
    if (!form.ok) return postPage(c, id, { values: form.values, errors: form.errors, status: 422 });
    const services = c.get("services");
    const result = await flagPublishedPost({
      db: services.database.db,
      actor: c.get("user"),
      postId: id,
      note: form.data.note,
      baseUrl: services.config.baseUrl,
    });
    if (!result.ok) {
      if (result.status === 404) return notFound(c, "post");
      if (result.status === 403) return forbidden(c, result.message);
      return postPage(c, id, { values: form.data, errors: { note: result.message }, status: result.status });
    }
    setFlash(c, "The published post is flagged.");
    return c.redirect(`/official-posts/${id}`, 303);
  });
