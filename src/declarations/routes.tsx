/** @jsxImportSource hono/jsx */
// Declarations (4.2.1, 8.3–8.5) and the evidence vault (8.3.2): a member of staff's own list, the
// declaration form with a roster search that needs no JavaScript, the verdict page, leaders'
// review, and upload and download of kept communications. Every read is audited in the use cases.
import type { Context } from "hono";
import { can } from "../platform/auth/permissions";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { forbidden, notFound, Routes } from "../platform/web/guard";
import { ErrorSummary, Field, Layout } from "../platform/web/layout";
import {
  calendarDateAt,
  calendarDateOrThrow,
  defaultTimeZone,
  describeDay,
  startOfCalendarDate,
} from "../core/calendar/calendar-date";
import { declarationContact } from "./declaration-contact";
import { contactKindLabels, declarationStatusLabels, relationshipLabels } from "./declaration-labels";
import { MAX_EVIDENCE_BYTES } from "./evidence-settings";
import { EVIDENCE_LEADER_ROLES, findSchoolLeaders } from "../core/people/find-school-leaders";
import { findStaffSchool, type StaffSchool } from "../core/people/find-staff-school";
import { judgeDeclaration, otherRelationships } from "./judge-declaration";
import { listDeclarationsForReview, REVIEW_LIST_LIMIT } from "./list-declarations-for-review";
import { listEvidence } from "./list-evidence";
import { listOwnDeclarations } from "./list-own-declarations";
import { openEvidence } from "./open-evidence";
import { type ContactChoice, MAX_NOTE_LENGTH, recordDeclaration } from "./record-declaration";
import { loadDeclarationClauses } from "./resolve-declaration-clauses";
import { MAX_REVIEW_NOTE_LENGTH, type ReviewAction, reviewDeclaration } from "./review-declaration";
import { MIN_QUERY_LENGTH, type RosterMatch, searchRoster } from "./search-roster";
import { storeEvidence } from "./store-evidence";
import { ChoiceGroup, ClauseLink, describeSize, Select, TextArea, VerdictPanel, VerdictTag } from "./views";
import { viewDeclaration } from "./view-declaration";
import { declarations } from "./schema";
import { eq } from "drizzle-orm";
import { MAX_REPLY_LENGTH, replyToDeclaration } from "./reply-to-declaration";
import { MAX_WITHDRAW_REASON_LENGTH, withdrawDeclaration } from "./withdraw-declaration";
import { registerCsv, registerPage } from "./register-page";
import "./audit-events";
import { recordAuditEvent } from "../platform/audit/record-audit-event";

const OWN = { action: "declarations.own" } as const;
const REVIEW = { action: "declarations.review" } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const PLATFORMS = [
  "Facebook",
  "Instagram",
  "WhatsApp",
  "Snapchat",
  "TikTok",
  "X (Twitter)",
  "LinkedIn",
  "YouTube",
  "Discord",
] as const;

const NAMED_KINDS = ["staff", "governor", "other"] as const;
const namedKindLabels: Record<(typeof NAMED_KINDS)[number], string> = {
  staff: "A member of staff",
  governor: "A governor",
  other: "Someone else (not a pupil, ex-pupil or parent at the school)",
};
const reviewActionLabels: Record<ReviewAction, string> = {
  noted: "Mark it as noted",
  "more-information": "Ask the member of staff for more information",
  concern: "Open a concern",
};
const reviewedLabels: Record<string, string> = {
  noted: "Noted",
  "more-information": "Asked for more information",
  concern: "Opened a concern",
};
const ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.heic,.heif,.pdf,.txt,.eml,.csv";

type Form = Record<string, string | File | (string | File)[]>;
const one = (form: Form, key: string): string => {
  const v = form[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
};
const many = (form: Form, key: string): string[] => {
  const v = form[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === "string",
  );
};

function day(instant: Date, timeZone: string): string {
  return describeDay(instant, timeZone);
}

// A calendar date is the same day wherever it is read, so any zone will do to write it out.
function dateText(date: string): string {
  return describeDay(startOfCalendarDate(calendarDateOrThrow(date), "UTC"), "UTC");
}

function NoSchool() {
  return (
    <p>
      Conduct does not know which school you work at: your account is not linked to a staff record or a school
      role. Ask your trust administrator to link it; until then you cannot declare relationships or keep files
      here.
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// The declaration form

type DeclareState = {
  q: string;
  matches: RosterMatch[];
  contact: string;
  contactName: string;
  platforms: string[];
  otherPlatform: string;
  relationships: string[];
  note: string;
  errors: Partial<Record<string, string>>;
  /** Correcting this declaration: the form posts to its correction route. */
  corrects?: string;
};

async function declarePage(
  c: Context<SignedInEnv>,
  school: StaffSchool,
  state: DeclareState,
  status: 200 | 400 = 200,
) {
  const user = c.get("user");
  const searched = state.q.trim().length >= MIN_QUERY_LENGTH;
  const contactChoices = [
    ...state.matches.map((m) => ({
      value: `${m.kind === "parent" ? "parent" : "pupil"}:${m.id}`,
      label: `${m.name}, ${contactKindLabels[m.kind]}`,
      hint: m.detail,
    })),
    ...NAMED_KINDS.map((k) => ({ value: k, label: namedKindLabels[k] })),
  ];
  const checkedContact = state.contact;
  const { clauses, clauseIds } = await loadDeclarationClauses(c.get("services").database.db);
  return c.html(
    <Layout
      title={state.corrects ? "Correct your declaration" : "Declare a social media relationship"}
      user={user}
      current="/declarations"
      flash={c.get("flash")}
    >
      <ErrorSummary errors={state.errors} />
      <p>
        <ClauseLink clause={clauses.declareRelationships} clauseIds={clauseIds} capital /> of the policy asks
        you to declare social media relationships with your other personal relationships. Conduct tells you at
        once whether the policy allows the contact and what to do. Leaders of {school.name} will review it.
      </p>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">1. Find a pupil, ex-pupil or parent</h2>
        <form
          method="get"
          action={state.corrects ? `/declarations/${state.corrects}/correct` : "/declarations/new"}
          class="stack"
        >
          <Field
            name="q"
            label="Name"
            type="search"
            value={state.q}
            hint={`Search ${school.name}'s roster by first or last name. Skip this if the contact is a member of staff, a governor or someone else.`}
          />
          <button type="submit" class="secondary">
            Search
          </button>
        </form>
        {searched ? (
          <p role="status">
            {state.matches.length === 0
              ? `No pupil, ex-pupil or parent of ${school.name} matches "${state.q.trim()}".`
              : `${state.matches.length} ${state.matches.length === 1 ? "match" : "matches"} for "${state.q.trim()}": choose below.`}
          </p>
        ) : state.q.trim() ? (
          <p role="status">Type at least {MIN_QUERY_LENGTH} letters to search.</p>
        ) : null}
      </section>
      <section aria-labelledby="declare-heading">
        <h2 id="declare-heading">2. Declare the relationship</h2>
        <form
          method="post"
          action={state.corrects ? `/declarations/${state.corrects}/correct` : "/declarations/new"}
          class="stack"
        >
          <input type="hidden" name="q" value={state.q} />
          <ChoiceGroup
            type="radio"
            name="contact"
            legend="Who are you in contact with?"
            hint={
              state.matches.length > 0
                ? "Choose the person from the school's records, or another kind of contact."
                : "Search above to choose a pupil, ex-pupil or parent, or choose another kind of contact."
            }
            choices={contactChoices}
            checked={[checkedContact]}
            error={state.errors.contact}
          />
          <Field
            name="contactName"
            label="Their name (for a member of staff, governor or someone else)"
            value={state.contactName}
            error={state.errors.contactName}
          />
          <ChoiceGroup
            type="checkbox"
            name="platforms"
            legend="Where are you in contact?"
            hint="Choose every platform that applies."
            choices={PLATFORMS.map((p) => ({ value: p, label: p }))}
            checked={state.platforms}
            error={state.errors.platforms}
          />
          <Field name="otherPlatform" label="Another platform (optional)" value={state.otherPlatform} />
          <ChoiceGroup
            type="checkbox"
            name="otherRelationships"
            legend="How else do you know them? (optional)"
            hint="Choose any relationship you have with them besides school, for example family."
            choices={otherRelationships.map((r) => ({ value: r, label: relationshipLabels[r] }))}
            checked={state.relationships}
            error={state.errors.otherRelationships}
          />
          <TextArea
            name="note"
            label="Anything leaders should know (optional)"
            value={state.note}
            maxLength={MAX_NOTE_LENGTH}
            error={state.errors.note}
          />
          <button type="submit">
            {state.corrects ? "Record the correction and see the verdict" : "Declare and see the verdict"}
          </button>
        </form>
      </section>
    </Layout>,
    status,
  );
}

function parseContact(value: string, contactName: string): ContactChoice | null {
  const roster = /^(pupil|parent):(.+)$/.exec(value);
  if (roster) {
    if (!UUID.test(roster[2]!)) return null;
    return roster[1] === "pupil"
      ? { kind: "pupil", pupilId: roster[2]! }
      : { kind: "parent", parentId: roster[2]! };
  }
  if ((NAMED_KINDS as readonly string[]).includes(value)) {
    return { kind: value as (typeof NAMED_KINDS)[number], name: contactName };
  }
  return null;
}

async function rosterMatches(
  c: Context<SignedInEnv>,
  school: StaffSchool,
  q: string,
  include: ("pupils" | "parents")[],
  chosen?: string,
) {
  const base = {
    db: c.get("services").database.db,
    schoolId: school.id,
    include,
    today: calendarDateAt(new Date(), school.timeZone),
    timeZone: school.timeZone,
  };
  const matches = await searchRoster({ ...base, query: q });
  // A search shows pupils' and parents' names: who searched for what is in the audit trail.
  if (q.trim().length >= MIN_QUERY_LENGTH) {
    const user = c.get("user")!;
    await recordAuditEvent(base.db, {
      actor: { id: user.id, label: user.email },
      action: "roster.searched",
      subjectType: "school",
      subjectId: school.id,
      schoolId: school.id,
      detail: {
        school: school.name,
        query: q.trim().slice(0, 100),
        matches: matches.length,
        shown: matches.map((m) => m.id),
      },
    });
  }
  // A form shown again after a problem keeps the person chosen, even if the search has changed.
  const chosenId = /^(?:pupil|parent):([0-9a-f-]{36})$/i.exec(chosen ?? "")?.[1];
  if (chosenId && !matches.some((m) => m.id === chosenId)) {
    matches.unshift(...(await searchRoster({ ...base, query: "", ids: [chosenId] })));
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------
// One declaration

/**
 * What every change to one declaration (a review, a reply, a withdrawal) answers when refused:
 * no such declaration, not yours to change, or no longer possible (back to it, saying why); any
 * other refusal is the form's error.
 */
function answerRefusal(
  c: Context<SignedInEnv>,
  id: string,
  refusal: { status: number; message: string; field?: string },
  formError: (message: string, field?: string) => Response | Promise<Response>,
): Response | Promise<Response> {
  if (refusal.status === 404) return notFound(c, "declaration");
  if (refusal.status === 403) return forbidden(c, refusal.message);
  if (refusal.status === 409) {
    setFlash(c, refusal.message);
    return c.redirect(`/declarations/${id}`, 303);
  }
  return formError(refusal.message, refusal.field);
}

async function declarationPage(
  c: Context<SignedInEnv>,
  id: string,
  review: {
    action?: string;
    note?: string;
    reason?: string;
    reply?: string;
    errors?: Partial<Record<string, string>>;
  } = {},
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  if (!UUID.test(id)) return notFound(c, "declaration");
  const viewed = await viewDeclaration({ db, viewer: user, declarationId: id });
  if (!viewed.ok) {
    return viewed.status === 404
      ? notFound(c, "declaration")
      : forbidden(
          c,
          "Only the member of staff who made this declaration and leaders of their school can see it.",
        );
  }
  const d = viewed.declaration;
  const tz = viewed.school.timeZone;
  const { clauses, clauseIds } = await loadDeclarationClauses(db);
  // What to do is not stored: judge again now with the same facts, and show it while the verdict stands.
  const now = judgeDeclaration({
    contact: declarationContact({
      contactKind: d.contactKind,
      otherRelationships: d.otherRelationships,
      pupil: viewed.pupil,
      parentLeftOn: viewed.parentLeftOn,
    }),
    asOf: new Date(),
    timeZone: tz,
    clauses,
  });
  const action = now.ok && now.verdict === d.verdict ? now.action : undefined;
  const kind = contactKindLabels[d.contactKind] ?? d.contactKind;
  const errors = review.errors ?? {};
  const reviewable = viewed.canReview && d.status !== "concern-opened";
  return c.html(
    <Layout
      title={viewed.asDeclarer ? "Your declaration" : `Declaration by ${viewed.declarer.name}`}
      user={user}
      current="/declarations"
      flash={c.get("flash")}
    >
      <ErrorSummary errors={errors} />
      <dl>
        {viewed.asDeclarer ? null : (
          <>
            <dt>Declared by</dt>
            <dd>
              {viewed.declarer.name}, {viewed.school.name}
            </dd>
          </>
        )}
        <dt>Contact</dt>
        <dd>
          {d.contactName}, {kind}
          {viewed.pupil ? ` (${viewed.pupil.yearGroup})` : ""}
        </dd>
        <dt>Platforms</dt>
        <dd>{d.platforms.join(", ")}</dd>
        <dt>Other relationships</dt>
        <dd>
          {d.otherRelationships.length
            ? d.otherRelationships
                .map((r) => relationshipLabels[r as keyof typeof relationshipLabels] ?? r)
                .join(", ")
            : "None"}
        </dd>
        {d.note ? (
          <>
            <dt>Note</dt>
            <dd>{d.note}</dd>
          </>
        ) : null}
        <dt>Declared on</dt>
        <dd>{day(d.createdAt, tz)}</dd>
        <dt>Status</dt>
        <dd>{declarationStatusLabels[d.status] ?? d.status}</dd>
        {viewed.replacedBy ? (
          <>
            <dt>Replaced by</dt>
            <dd>
              <a href={`/declarations/${viewed.replacedBy.id}`}>
                the correction made on {day(viewed.replacedBy.createdAt, tz)}
              </a>
            </dd>
          </>
        ) : null}
        {viewed.corrects ? (
          <>
            <dt>Corrects</dt>
            <dd>
              <a href={`/declarations/${viewed.corrects.id}`}>
                the declaration made on {day(viewed.corrects.createdAt, tz)}
              </a>
              , which is kept
            </dd>
          </>
        ) : null}
      </dl>
      <VerdictPanel
        verdict={d.verdict}
        clause={d.clause}
        reason={d.reason}
        action={action}
        actionHeading={viewed.asDeclarer ? "What to do" : "What the member of staff has been told to do"}
        clauseIds={clauseIds}
        changesAt={d.changesAt}
        timeZone={tz}
      />
      {viewed.asDeclarer &&
      d.verdict === "prohibited" &&
      (d.contactKind === "pupil" || d.contactKind === "ex-pupil") ? (
        <p>
          Keep a copy of any approach and of your reply turning it down in your{" "}
          <a href="/evidence/new">evidence vault</a> (
          <ClauseLink clause={clauses.rejectedApproaches} clauseIds={clauseIds} />
          ).
        </p>
      ) : null}
      {d.status === "concern-opened" ? (
        <p class="gap">
          A leader has opened a concern about this declaration. The concerns module will pick it up when it is
          switched on; until then it is handled under the school's safeguarding procedures, led by the
          designated safeguarding lead.
        </p>
      ) : null}
      <section aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews</h2>
        {viewed.reviews.length === 0 ? (
          <p>No leader has reviewed this declaration yet.</p>
        ) : (
          <ul>
            {[
              ...viewed.reviews.map((r) => ({ at: r.createdAt, review: r, reply: undefined })),
              ...viewed.replies.map((r) => ({ at: r.createdAt, review: undefined, reply: r })),
            ]
              .sort((a, b) => a.at.getTime() - b.at.getTime())
              .map(({ review: r, reply }) =>
                r ? (
                  <li>
                    {day(r.createdAt, tz)}: {r.reviewerName}, {reviewedLabels[r.action] ?? r.action}
                    {/* A concern's reasons are for whoever investigates, not for the member of staff. */}
                    {r.note && !(viewed.asDeclarer && !viewed.canReview && r.action === "concern")
                      ? `: ${r.note}`
                      : ""}
                  </li>
                ) : (
                  <li>
                    {day(reply!.createdAt, tz)}: {reply!.authorName}, replied: {reply!.text}
                  </li>
                ),
              )}
          </ul>
        )}
      </section>
      {viewed.asDeclarer && d.status === "more-information-requested" ? (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply to the leader</h2>
          <p>
            Answer the leader's question here. Your reply is kept with the declaration, which goes back to
            leaders to review again; they are emailed that you have replied, not what you wrote.
          </p>
          <form method="post" action={`/declarations/${d.id}/reply`} class="stack">
            <TextArea
              name="reply"
              label="Your reply"
              value={review.reply}
              maxLength={MAX_REPLY_LENGTH}
              error={errors.reply}
            />
            <button type="submit">Send the reply</button>
          </form>
        </section>
      ) : null}
      {reviewable ? (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading">Your review</h2>
          <form method="post" action={`/declarations/${d.id}/review`} class="stack">
            <ChoiceGroup
              type="radio"
              name="action"
              legend="What do you want to do?"
              choices={(Object.keys(reviewActionLabels) as ReviewAction[]).map((a) => ({
                value: a,
                label: reviewActionLabels[a],
                hint:
                  a === "more-information"
                    ? "they are emailed a link to your question"
                    : a === "concern"
                      ? "recorded now; the concerns module will pick it up"
                      : undefined,
              }))}
              checked={[review.action ?? ""]}
              error={errors.action}
            />
            <TextArea
              name="note"
              label="Note"
              hint="Needed when you ask for more information (the member of staff reads it) or open a concern."
              value={review.note}
              maxLength={MAX_REVIEW_NOTE_LENGTH}
              error={errors.note}
            />
            <button type="submit">Record the review</button>
          </form>
        </section>
      ) : null}
      {viewed.asDeclarer && !["withdrawn", "superseded", "concern-opened"].includes(d.status) ? (
        <p>
          <a href={`/declarations/${d.id}/correct`}>Correct this declaration</a> (it is replaced by a new one,
          which a leader reviews; this one is kept).
        </p>
      ) : null}
      {d.status === "withdrawn" ? (
        <section aria-labelledby="withdrawn-heading">
          <h2 id="withdrawn-heading">Withdrawn</h2>
          <p>
            Withdrawn on {d.withdrawnAt ? day(d.withdrawnAt, tz) : "an unknown day"}
            {d.withdrawnReason ? `: ${d.withdrawnReason}` : "."}
          </p>
        </section>
      ) : null}
      {viewed.asDeclarer && !["withdrawn", "superseded", "concern-opened"].includes(d.status) ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw this declaration</h2>
          <p>
            If the relationship has ended or you declared it in error, withdraw it. It stays in your history,
            and leaders can see that you withdrew it and why.
          </p>
          <form method="post" action={`/declarations/${d.id}/withdraw`} class="stack">
            <TextArea
              name="reason"
              label="Why are you withdrawing it?"
              value={review.reason}
              maxLength={MAX_WITHDRAW_REASON_LENGTH}
              error={errors.reason}
            />
            <button type="submit" class="secondary">
              Withdraw the declaration
            </button>
          </form>
        </section>
      ) : null}
      <p>
        <a href={viewed.asDeclarer ? "/declarations" : "/declarations/review"}>
          {viewed.asDeclarer ? "Back to your declarations" : "Back to declarations awaiting review"}
        </a>
      </p>
    </Layout>,
    Object.keys(errors).length ? 400 : 200,
  );
}

// ---------------------------------------------------------------------------------------------
// The evidence vault upload form

type EvidenceState = {
  q: string;
  matches: RosterMatch[];
  communicationDate: string;
  concerning: string;
  concerningText: string;
  sharedWith: string;
  errors: Partial<Record<string, string>>;
};

async function evidencePage(
  c: Context<SignedInEnv>,
  school: StaffSchool,
  state: EvidenceState,
  status: 200 | 400 | 413 = 200,
) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const leaders = (await findSchoolLeaders({ db, schoolId: school.id, roles: EVIDENCE_LEADER_ROLES })).filter(
    (l) => l.id !== user.id,
  );
  const today = calendarDateAt(new Date(), school.timeZone);
  const searched = state.q.trim().length >= MIN_QUERY_LENGTH;
  const choices = [
    ...state.matches.map((m) => ({
      value: `pupil:${m.id}`,
      label: `${m.name}, ${contactKindLabels[m.kind]}`,
      hint: m.detail,
    })),
    { value: "text", label: "Someone else, or a pupil not found by the search (describe below)" },
  ];
  const checked = state.concerning;
  const { clauses, clauseIds } = await loadDeclarationClauses(db);
  return c.html(
    <Layout
      title="Keep a file in your evidence vault"
      user={user}
      current="/declarations"
      flash={c.get("flash")}
    >
      <ErrorSummary errors={state.errors} />
      <p>
        <ClauseLink clause={clauses.rejectedApproaches} clauseIds={clauseIds} capital /> asks you to keep any
        communication rejecting an approach from a pupil or ex-pupil on social media. Keep a screenshot or
        saved copy here: it is stored unaltered with a fingerprint (SHA-256), only you and a leader you choose
        can open it, and it is deleted automatically when the trust's retention period ends.
      </p>
      <section aria-labelledby="evidence-search-heading">
        <h2 id="evidence-search-heading">1. Find the pupil (optional)</h2>
        <form method="get" action="/evidence/new" class="stack">
          <Field
            name="q"
            label="Pupil's name"
            type="search"
            value={state.q}
            hint={`Search ${school.name}'s pupils and ex-pupils.`}
          />
          <button type="submit" class="secondary">
            Search
          </button>
        </form>
        {searched ? (
          <p role="status">
            {state.matches.length === 0
              ? `No pupil or ex-pupil of ${school.name} matches "${state.q.trim()}".`
              : `${state.matches.length} ${state.matches.length === 1 ? "match" : "matches"}: choose below.`}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="evidence-file-heading">
        <h2 id="evidence-file-heading">2. Add the file</h2>
        <form method="post" action="/evidence/new" enctype="multipart/form-data" class="stack">
          <input type="hidden" name="q" value={state.q} />
          <div class={state.errors.file ? "field has-error" : "field"}>
            <label for="file">The file</label>
            <p class="hint" id="file-hint">
              A screenshot (PNG, JPEG, GIF, WebP or HEIC), a PDF, or a text file (.txt, .eml, .csv), up to{" "}
              {describeSize(MAX_EVIDENCE_BYTES)}.
              {state.errors.file || Object.keys(state.errors).length
                ? " Choose it again: browsers do not keep a chosen file after a problem."
                : ""}
            </p>
            {state.errors.file ? (
              <p class="error" id="file-error">
                {state.errors.file}
              </p>
            ) : null}
            <input
              id="file"
              name="file"
              type="file"
              accept={ACCEPT}
              required
              aria-describedby={state.errors.file ? "file-hint file-error" : "file-hint"}
              aria-invalid={state.errors.file ? "true" : undefined}
            />
          </div>
          <div class={state.errors.communicationDate ? "field has-error" : "field"}>
            <label for="communicationDate">Date of the communication</label>
            <p class="hint" id="communicationDate-hint">
              The day the approach or your reply was sent; not later than today.
            </p>
            {state.errors.communicationDate ? (
              <p class="error" id="communicationDate-error">
                {state.errors.communicationDate}
              </p>
            ) : null}
            <input
              id="communicationDate"
              name="communicationDate"
              type="date"
              max={today}
              value={state.communicationDate}
              required
              aria-describedby={
                state.errors.communicationDate
                  ? "communicationDate-hint communicationDate-error"
                  : "communicationDate-hint"
              }
              aria-invalid={state.errors.communicationDate ? "true" : undefined}
            />
          </div>
          <ChoiceGroup
            type="radio"
            name="concerning"
            legend="Who did the communication concern?"
            choices={choices}
            checked={[checked]}
            error={state.errors.concerning}
          />
          <Field
            name="concerningText"
            label="Who it concerned, if not chosen above"
            value={state.concerningText}
            hint="For example: an ex-pupil who left in 2023."
            error={state.errors.concerningText}
          />
          <Select
            name="sharedWith"
            label="Share it with a leader of your school (optional)"
            hint={`Clause ${clauses.rejectedApproaches} asks you to consider reporting rejected approaches to senior leaders. Only the leader you choose can open it.`}
            value={state.sharedWith}
            options={[
              { value: "", label: "Do not share it" },
              ...leaders.map((l) => ({ value: l.id, label: l.name })),
            ]}
            error={state.errors.sharedWith}
          />
          <button type="submit">Keep it in the vault</button>
        </form>
      </section>
    </Layout>,
    status,
  );
}

// ---------------------------------------------------------------------------------------------

function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._ -]/g, "_").replace(/^\.+/, "") || "evidence";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** For someone with no school (a trust-wide role and no staff record): why they cannot declare. */
function noSchoolPage(c: Context<SignedInEnv>, title: string, status: 200 | 400) {
  return c.html(
    <Layout title={title} user={c.get("user")} current="/declarations">
      <NoSchool />
    </Layout>,
    status,
  );
}

/** Records a declaration from the posted form: a new one, or a correction of `corrects`. */
async function recordFromForm(c: Context<SignedInEnv>, corrects?: string) {
  const user = c.get("user");
  const services = c.get("services");
  const { db } = services.database;
  const school = await findStaffSchool({ db, user });
  if (!school) return noSchoolPage(c, "Declare a social media relationship", 400);
  const form = (await c.req.parseBody({ all: true })) as Form;
  const state: DeclareState = {
    q: one(form, "q").slice(0, 100),
    matches: [],
    contact: one(form, "contact"),
    contactName: one(form, "contactName"),
    platforms: many(form, "platforms"),
    otherPlatform: one(form, "otherPlatform"),
    relationships: many(form, "otherRelationships"),
    note: one(form, "note"),
    errors: {},
    corrects,
  };
  const contact = parseContact(state.contact, state.contactName);
  const result = contact
    ? await recordDeclaration({
        db,
        mailer: services.mailer,
        baseUrl: services.config.baseUrl,
        declarer: { id: user.id, name: user.name, email: user.email },
        school,
        contact,
        platforms: [...state.platforms, ...(state.otherPlatform.trim() ? [state.otherPlatform] : [])],
        otherRelationships: state.relationships,
        note: state.note,
        supersedesId: corrects,
      })
    : ({ ok: false, error: { field: "contact", message: "Choose who you are in contact with." } } as const);
  if (!result.ok) {
    state.errors = { [result.error.field]: result.error.message };
    state.matches = await rosterMatches(c, school, state.q, ["pupils", "parents"], state.contact);
    return declarePage(c, school, state, 400);
  }
  const told =
    result.notified.length > 0
      ? ` Your principal${result.judgement.notify.includes("dsl") ? " and designated safeguarding lead have" : " has"} been told.`
      : "";
  setFlash(
    c,
    corrects
      ? `Your correction has been recorded and goes to a leader for review; the earlier declaration is kept.${told}`
      : `Your declaration has been recorded.${told}`,
  );
  return c.redirect(`/declarations/${result.declarationId}`, 303);
}

/** The signed-in member of staff's own declaration, still open (one they may correct). */
async function openOwnDeclaration(c: Context<SignedInEnv>, id: string) {
  if (!UUID.test(id)) return notFound(c, "declaration");
  const [row] = await c
    .get("services")
    .database.db.select()
    .from(declarations)
    .where(eq(declarations.id, id));
  if (!row) return notFound(c, "declaration");
  if (row.userId !== c.get("user").id)
    return forbidden(c, "Only the member of staff who made a declaration can correct it.");
  if (["concern-opened", "withdrawn", "superseded"].includes(row.status)) {
    setFlash(c, "This declaration is closed, so it cannot be corrected; declare again instead.");
    return c.redirect(`/declarations/${id}`, 303);
  }
  return row;
}

export const declarationRoutes = new Routes()
  .get("/declarations", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const school = await findStaffSchool({ db, user });
    const tz = school?.timeZone ?? defaultTimeZone;
    const own = await listOwnDeclarations({ db, viewer: user });
    const vault = await listEvidence({ db, viewer: user, whose: "own" });
    const { clauses, clauseIds } = await loadDeclarationClauses(db);
    return c.html(
      <Layout title="Your declarations" user={user} current="/declarations" flash={c.get("flash")} wide>
        {school ? (
          <p>
            Declare your social media relationships with pupils, ex-pupils, parents and others at{" "}
            {school.name} (<ClauseLink clause={clauses.declareRelationships} clauseIds={clauseIds} />
            ). Conduct judges each one by the policy's rules on personal social media, and your school's
            leaders review it.
          </p>
        ) : (
          <NoSchool />
        )}
        <p>
          {school ? (
            <a class="button" href="/declarations/new">
              Declare a relationship
            </a>
          ) : null}
          {can(user, "declarations.review") ? (
            <>
              {" "}
              <a class="button secondary" href="/declarations/review">
                Review your school's declarations
              </a>{" "}
              <a class="button secondary" href="/declarations/register">
                Register of declarations
              </a>
            </>
          ) : null}
        </p>
        {own.length === 0 ? (
          <p>You have not declared any relationships.</p>
        ) : (
          <table class="cards-on-phone">
            <caption>Your declarations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Declared on</th>
                <th scope="col">Contact</th>
                <th scope="col">Verdict</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {own.map((d) => (
                <tr>
                  <td data-label="Declared on">
                    <a href={`/declarations/${d.id}`}>{day(d.createdAt, tz)}</a>
                  </td>
                  <td data-label="Contact">
                    {d.contactName}, {contactKindLabels[d.contactKind] ?? d.contactKind}
                  </td>
                  <td data-label="Verdict">
                    <VerdictTag verdict={d.verdict} /> <ClauseLink clause={d.clause} clauseIds={clauseIds} />
                  </td>
                  <td data-label="Status">{declarationStatusLabels[d.status] ?? d.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <section aria-labelledby="vault-heading" id="vault">
          <h2 id="vault-heading">Your evidence vault</h2>
          <p>
            Keep copies of communications rejecting approaches from pupils or ex-pupils (
            <ClauseLink clause={clauses.rejectedApproaches} clauseIds={clauseIds} />
            ). {school ? <a href="/evidence/new">Add a file to the vault</a> : null}
          </p>
          {vault.length === 0 ? (
            <p>Your vault is empty.</p>
          ) : (
            <table class="cards-on-phone">
              <caption>Files in your evidence vault</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Communication on</th>
                  <th scope="col">Concerning</th>
                  <th scope="col">Shared with</th>
                  <th scope="col">Kept until</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {vault.map((e) => (
                  <tr>
                    <td data-label="File">
                      <a href={`/evidence/${e.id}/download`}>{e.fileName}</a> ({describeSize(e.size)})
                    </td>
                    <td data-label="Communication on">{dateText(e.communicationDate)}</td>
                    <td data-label="Concerning">{e.concerning}</td>
                    <td data-label="Shared with">{e.sharedWithName ?? "No one"}</td>
                    <td data-label="Kept until">{dateText(e.purgeAfter)}</td>
                    <td data-label="SHA-256">
                      <code title={e.sha256}>{e.sha256.slice(0, 12)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </Layout>,
    );
  })
  .get("/declarations/new", OWN, async (c) => {
    const user = c.get("user");
    const school = await findStaffSchool({ db: c.get("services").database.db, user });
    if (!school) return noSchoolPage(c, "Declare a social media relationship", 200);
    const q = (c.req.query("q") ?? "").slice(0, 100);
    return declarePage(c, school, {
      q,
      matches: await rosterMatches(c, school, q, ["pupils", "parents"]),
      contact: "",
      contactName: "",
      platforms: [],
      otherPlatform: "",
      relationships: [],
      note: "",
      errors: {},
    });
  })
  .post("/declarations/new", OWN, (c) => recordFromForm(c))
  .get("/declarations/:id/correct", OWN, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const open = await openOwnDeclaration(c, c.req.param("id") ?? "");
    if (open instanceof Response) return open;
    const school = await findStaffSchool({ db, user });
    if (!school || school.id !== open.schoolId) return noSchoolPage(c, "Correct your declaration", 200);
    const q = (c.req.query("q") ?? "").slice(0, 100);
    const contact = open.pupilId
      ? `pupil:${open.pupilId}`
      : open.parentId
        ? `parent:${open.parentId}`
        : open.contactKind;
    const named = !open.pupilId && !open.parentId;
    const known = open.platforms.filter((p) => (PLATFORMS as readonly string[]).includes(p));
    return declarePage(c, school, {
      q,
      matches: await rosterMatches(c, school, q, ["pupils", "parents"], contact),
      contact,
      contactName: named ? open.contactName : "",
      platforms: known,
      otherPlatform: open.platforms.filter((p) => !known.includes(p)).join(", "),
      relationships: open.otherRelationships,
      note: open.note ?? "",
      errors: {},
      corrects: open.id,
    });
  })
  .post("/declarations/:id/correct", OWN, async (c) => {
    const open = await openOwnDeclaration(c, c.req.param("id") ?? "");
    if (open instanceof Response) return open;
    return recordFromForm(c, open.id);
  })
  .get("/declarations/review", REVIEW, async (c) => {
    const user = c.get("user");
    const { db } = c.get("services").database;
    const rows = await listDeclarationsForReview({ db, viewer: user });
    const shared = await listEvidence({ db, viewer: user, whose: "shared-with-me" });
    const { clauses, clauseIds } = await loadDeclarationClauses(db);
    return c.html(
      <Layout
        title="Declarations awaiting review"
        user={user}
        current="/declarations"
        flash={c.get("flash")}
        wide
      >
        <p>
          Declarations by staff of your school that no leader has reviewed yet, those the policy does not
          allow first. Opening one is recorded in the audit trail, and the member of staff can see that you
          did. Reviewed, withdrawn and corrected declarations are in the{" "}
          <a href="/declarations/register">register of declarations</a>, with filters and a CSV download.
        </p>
        {rows.length === 0 ? (
          <p>No declarations are waiting for review.</p>
        ) : (
          <table class="cards-on-phone">
            <caption>
              Declarations awaiting review
              {rows.length === REVIEW_LIST_LIMIT ? ` (the first ${REVIEW_LIST_LIMIT})` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Declared on</th>
                <th scope="col">Member of staff</th>
                <th scope="col">School</th>
                <th scope="col">Contact</th>
                <th scope="col">Verdict</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr>
                  <td data-label="Declared on">
                    <a href={`/declarations/${d.id}`}>{day(d.createdAt, d.timeZone)}</a>
                  </td>
                  <td data-label="Member of staff">{d.declarerName}</td>
                  <td data-label="School">{d.schoolName}</td>
                  <td data-label="Contact">{contactKindLabels[d.contactKind] ?? d.contactKind}</td>
                  <td data-label="Verdict">
                    <VerdictTag verdict={d.verdict} /> <ClauseLink clause={d.clause} clauseIds={clauseIds} />
                  </td>
                  <td data-label="Status">
                    {declarationStatusLabels[d.status] ?? d.status}
                    {d.replied && d.status === "awaiting-review" ? " (the member of staff has replied)" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <section aria-labelledby="shared-heading">
          <h2 id="shared-heading">Files shared with you</h2>
          {shared.length === 0 ? (
            <p>No member of staff has shared a file from their evidence vault with you.</p>
          ) : (
            <table class="cards-on-phone">
              <caption>Evidence shared with you (clause {clauses.rejectedApproaches})</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Kept by</th>
                  <th scope="col">Communication on</th>
                  <th scope="col">Concerning</th>
                </tr>
              </thead>
              <tbody>
                {shared.map((e) => (
                  <tr>
                    <td data-label="File">
                      <a href={`/evidence/${e.id}/download`}>{e.fileName}</a> ({describeSize(e.size)})
                    </td>
                    <td data-label="Kept by">{e.ownerName}</td>
                    <td data-label="Communication on">{dateText(e.communicationDate)}</td>
                    <td data-label="Concerning">{e.concerning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </Layout>,
    );
  })
  .get("/declarations/register", REVIEW, registerPage)
  .get("/declarations/register.csv", REVIEW, registerCsv)
  .get("/declarations/:id", OWN, (c) => declarationPage(c, c.req.param("id") ?? ""))
  .post("/declarations/:id/review", REVIEW, async (c) => {
    const user = c.get("user");
    const services = c.get("services");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "declaration");
    const form = (await c.req.parseBody()) as Form;
    const action = one(form, "action");
    const note = one(form, "note");
    const result = await reviewDeclaration({
      db: services.database.db,
      mailer: services.mailer,
      baseUrl: services.config.baseUrl,
      reviewer: user,
      declarationId: id,
      action,
      note,
    });
    if (!result.ok)
      return answerRefusal(c, id, result, (message, field) =>
        declarationPage(c, id, { action, note, errors: { [field ?? "action"]: message } }),
      );
    setFlash(
      c,
      result.status === "concern-opened"
        ? "A concern has been recorded. The concerns module will pick it up; until then follow your safeguarding procedures."
        : result.status === "more-information-requested"
          ? "Your question has been recorded and the member of staff has been emailed a link to it."
          : "The declaration has been marked as noted.",
    );
    return c.redirect("/declarations/review", 303);
  })
  .post("/declarations/:id/reply", OWN, async (c) => {
    const user = c.get("user");
    const services = c.get("services");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "declaration");
    const form = (await c.req.parseBody()) as Form;
    const reply = one(form, "reply");
    const result = await replyToDeclaration({
      db: services.database.db,
      mailer: services.mailer,
      baseUrl: services.config.baseUrl,
      declarer: user,
      declarationId: id,
      text: reply,
    });
    if (!result.ok)
      return answerRefusal(c, id, result, (message) =>
        declarationPage(c, id, { reply, errors: { reply: message } }),
      );
    setFlash(c, "Your reply has been sent. The declaration is back with leaders to review again.");
    return c.redirect(`/declarations/${id}`, 303);
  })
  .post("/declarations/:id/withdraw", OWN, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "declaration");
    const form = (await c.req.parseBody()) as Form;
    const reason = one(form, "reason");
    const result = await withdrawDeclaration({
      db: c.get("services").database.db,
      declarer: user,
      declarationId: id,
      reason,
    });
    if (!result.ok)
      return answerRefusal(c, id, result, (message) =>
        declarationPage(c, id, { reason, errors: { reason: message } }),
      );
    setFlash(c, "Your declaration has been withdrawn. It stays in your history, shown as withdrawn.");
    return c.redirect(`/declarations/${id}`, 303);
  })
  .get("/evidence/new", OWN, async (c) => {
    const user = c.get("user");
    const school = await findStaffSchool({ db: c.get("services").database.db, user });
    if (!school) return noSchoolPage(c, "Keep a file in your evidence vault", 200);
    const q = (c.req.query("q") ?? "").slice(0, 100);
    return evidencePage(c, school, {
      q,
      matches: await rosterMatches(c, school, q, ["pupils"]),
      communicationDate: "",
      concerning: "",
      concerningText: "",
      sharedWith: "",
      errors: {},
    });
  })
  .post("/evidence/new", OWN, async (c) => {
    const user = c.get("user");
    const services = c.get("services");
    const { db } = services.database;
    const school = await findStaffSchool({ db, user });
    if (!school) return noSchoolPage(c, "Keep a file in your evidence vault", 400);
    const empty: EvidenceState = {
      q: "",
      matches: [],
      communicationDate: "",
      concerning: "",
      concerningText: "",
      sharedWith: "",
      errors: {},
    };
    // Refuse an upload far over the limit before reading it into memory.
    const declaredLength = Number(c.req.header("content-length") ?? "0");
    if (declaredLength > MAX_EVIDENCE_BYTES + 64 * 1024) {
      return evidencePage(
        c,
        school,
        {
          ...empty,
          errors: {
            file: `The file is larger than ${describeSize(MAX_EVIDENCE_BYTES)}, the most the vault takes.`,
          },
        },
        413,
      );
    }
    const form = (await c.req.parseBody({ all: true })) as Form;
    const state: EvidenceState = {
      ...empty,
      q: one(form, "q").slice(0, 100),
      communicationDate: one(form, "communicationDate"),
      concerning: one(form, "concerning"),
      concerningText: one(form, "concerningText"),
      sharedWith: one(form, "sharedWith"),
    };
    const fail = async (field: string, message: string) => {
      state.errors = { [field]: message };
      state.matches = await rosterMatches(c, school, state.q, ["pupils"], state.concerning);
      return evidencePage(c, school, state, 400);
    };
    const rawFile = Array.isArray(form.file) ? form.file[0] : form.file;
    if (!(rawFile instanceof File)) return fail("file", "Choose the file to keep.");
    if (rawFile.size > MAX_EVIDENCE_BYTES) {
      return fail(
        "file",
        `"${rawFile.name}" is ${describeSize(rawFile.size)}; the largest file the vault takes is ${describeSize(MAX_EVIDENCE_BYTES)}.`,
      );
    }
    const pupilChoice = /^pupil:(.+)$/.exec(state.concerning);
    if (pupilChoice && !UUID.test(pupilChoice[1]!))
      return fail("concerning", "Choose who the communication concerned.");
    if (!pupilChoice && state.concerning !== "text" && !state.concerningText.trim()) {
      return fail("concerning", "Choose who the communication concerned, or describe them.");
    }
    if (state.sharedWith && !UUID.test(state.sharedWith))
      return fail("sharedWith", "Choose a leader from the list.");
    const result = await storeEvidence({
      db,
      mailer: services.mailer,
      baseUrl: services.config.baseUrl,
      owner: { id: user.id, name: user.name, email: user.email },
      school,
      file: { name: rawFile.name, type: rawFile.type, bytes: new Uint8Array(await rawFile.arrayBuffer()) },
      communicationDate: state.communicationDate,
      concerning: pupilChoice ? { pupilId: pupilChoice[1]! } : { text: state.concerningText },
      sharedWithId: state.sharedWith || null,
    });
    if (!result.ok) return fail(result.error.field, result.error.message);
    setFlash(
      c,
      `The file is in your vault, fingerprint (SHA-256) ${result.sha256.slice(0, 12)}…, kept until ${result.purgeAfter}.`,
    );
    return c.redirect("/declarations#vault", 303);
  })
  .get("/evidence/:id/download", OWN, async (c) => {
    const user = c.get("user");
    const id = c.req.param("id") ?? "";
    if (!UUID.test(id)) return notFound(c, "file");
    const opened = await openEvidence({ db: c.get("services").database.db, viewer: user, evidenceId: id });
    if (!opened.ok) {
      if (!("message" in opened)) {
        if (opened.status === 404) return notFound(c, "file");
        return forbidden(
          c,
          "Only the member of staff who kept this file and the leader they shared it with can open it.",
        );
      }
      return c.html(
        <Layout title="The file cannot be served" user={user}>
          <p>{opened.message}</p>
        </Layout>,
        500,
      );
    }
    return c.body(opened.content as Uint8Array<ArrayBuffer>, 200, {
      "content-type": opened.mediaType,
      "content-disposition": contentDisposition(opened.fileName),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      // A last guard should a browser render it anyway: no scripts, no plugins, no same-origin access.
      "content-security-policy": "sandbox; default-src 'none'",
      "x-evidence-sha256": opened.sha256,
    });
  });
