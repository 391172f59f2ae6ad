/** @jsxImportSource hono/jsx */
// Pieces of the declarations and evidence vault pages: the verdict with its clause.
import { describeDay } from "../core/calendar/calendar-date";
import { verdictLabels } from "./declaration-labels";
import type { Verdict } from "./judge-declaration";
import { clauseHref } from "./resolve-declaration-clauses";

export const verdictTagClass: Record<Verdict, string> = {
  prohibited: "tag bad",
  "permitted-declare": "tag warn",
  permitted: "tag good",
};

export function VerdictTag(props: { verdict: string }) {
  const verdict = props.verdict as Verdict;
  return (
    <span class={verdictTagClass[verdict] ?? "tag info"}>{verdictLabels[verdict] ?? props.verdict}</span>
  );
}

export function ClauseLink(props: { clause: string; clauseIds?: Record<string, string>; capital?: boolean }) {
  return (
    <a href={clauseHref(props.clause, props.clauseIds)}>
      {props.capital ? "Clause" : "clause"} {props.clause}
    </a>
  );
}

export function VerdictPanel(props: {
  verdict: string;
  clause: string;
  reason: string;
  action?: string;
  actionHeading?: string;
  clauseIds?: Record<string, string>;
  changesAt?: Date | null;
  timeZone: string;
}) {
  return (
    <section class="verdict" aria-labelledby="verdict-heading">
      <h2 id="verdict-heading">Verdict</h2>
      <p>
        <VerdictTag verdict={props.verdict} /> under{" "}
        <ClauseLink clause={props.clause} clauseIds={props.clauseIds} /> of the policy.
      </p>
      <p>{props.reason}</p>
      {props.action ? (
        <>
          <h3>{props.actionHeading ?? "What to do"}</h3>
          <p>{props.action}</p>
        </>
      ) : null}
      {props.changesAt ? (
        <p class="muted">
          This verdict will change by itself on {describeDay(props.changesAt, props.timeZone)}; Conduct will
          judge it again then and tell you.
        </p>
      ) : null}
    </section>
  );
}

export function describeSize(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}

export { type Choice, ChoiceGroup, Select, TextArea } from "../platform/web/components";
