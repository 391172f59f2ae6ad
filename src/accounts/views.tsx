/** @jsxImportSource hono/jsx */
// Pieces shared by the official accounts pages: status labels, the draft with its findings.
import { segmentText } from "../posts/segment-text";
import type { Finding } from "../posts/types";
import { GRANT_STATE_LABELS, type GrantState } from "./grant-state";
import type { AccountStatus, GrantScope, OfficialPostStatus, StoredCheck } from "./schema";

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  active: "Active",
  dormant: "Dormant",
  closed: "Closed",
};

export const SCOPE_LABELS: Record<GrantScope, string> = {
  "draft-only": "Draft only",
  "draft-and-publish": "Draft, and publish after approval",
};

export const POST_STATUS_LABELS: Record<OfficialPostStatus, string> = {
  "awaiting-approval": "Waiting for approval",
  "changes-requested": "Changes asked for",
  approved: "Approved",
  rejected: "Rejected",
  published: "Published",
};

const VERDICTS = {
  clear: { label: "Clear", tag: "good" },
  review: { label: "Ask a leader first", tag: "warn" },
  block: { label: "Do not post", tag: "bad" },
} as const;

export function GrantStateTag(props: { state: GrantState }) {
  const tag = props.state === "live" ? "good" : props.state === "expired" ? "warn" : "info";
  return <span class={`tag ${tag}`}>{GRANT_STATE_LABELS[props.state]}</span>;
}

export function PostStatusTag(props: { status: OfficialPostStatus }) {
  const tag =
    props.status === "approved" || props.status === "published"
      ? "good"
      : props.status === "rejected"
        ? "bad"
        : props.status === "changes-requested"
          ? "warn"
          : "info";
  return <span class={`tag ${tag}`}>{POST_STATUS_LABELS[props.status]}</span>;
}

/** The draft with the post check's marked words, beside the findings with their clauses. */
export function DraftWithFindings(props: { text: string; check: StoredCheck }) {
  const { check } = props;
  const v = VERDICTS[check.verdict];
  const findings = check.findings as unknown as Finding[];
  const segments = segmentText({ text: props.text, findings });
  return (
    <div class="side-by-side">
      <section aria-labelledby="draft-heading">
        <h2 id="draft-heading">The draft</h2>
        <blockquote class="checked-post">
          {segments.map((s) =>
            s.finding === undefined ? (
              s.text
            ) : (
              <mark
                class={`finding ${findings[s.finding]!.severity}`}
                aria-describedby={`finding-${s.finding}`}
              >
                {s.text}
              </mark>
            ),
          )}
        </blockquote>
      </section>
      <section aria-labelledby="findings-heading" class="post-result">
        <h2 id="findings-heading">
          Post check (official account): <span class={`tag ${v.tag}`}>{v.label}</span>
        </h2>
        {check.findings.length === 0 ? (
          <p>The post check found nothing against the policy.</p>
        ) : (
          <ol class="findings">
            {check.findings.map((f, i) => (
              <li id={`finding-${i}`}>
                <strong>
                  <span
                    class={`tag ${f.severity === "breach" ? "bad" : f.severity === "warning" ? "warn" : "info"}`}
                  >
                    {f.severity}
                  </span>{" "}
                  “{f.excerpt}”
                </strong>{" "}
                {f.explanation}
                {f.suggestion ? (
                  <>
                    {" "}
                    <em>Try:</em> {f.suggestion}
                  </>
                ) : null}{" "}
                (clause <a href={`/policy/clause/${encodeURIComponent(f.clause)}`}>{f.clause}</a>)
              </li>
            ))}
          </ol>
        )}
        <p class="muted">
          Rules {check.rulesVersion}
          {check.policyVersion ? `, policy ${check.policyVersion}` : ""}.
        </p>
      </section>
    </div>
  );
}
