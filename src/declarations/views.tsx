/** @jsxImportSource hono/jsx */
// Pieces of the declarations and evidence vault pages: the verdict with its clause, and form
// controls (radios and checkboxes in fieldsets, text areas) tied to their errors for screen readers.
import type { Child } from "hono/jsx";
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

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
}

function HintAndError(props: { name: string; hint?: string; error?: string }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" id={`${props.name}-error`}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string;
  maxLength?: number;
  required?: boolean;
}) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      <HintAndError name={props.name} hint={props.hint} error={props.error} />
      <textarea
        id={props.name}
        name={props.name}
        maxlength={props.maxLength}
        required={props.required}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
        aria-invalid={props.error ? "true" : undefined}
      >
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

export type Choice = { value: string; label: Child; hint?: string };

/**
 * Radios or checkboxes in a fieldset with a legend. The first input carries the group's name as
 * its id, so the error summary's link (#name) lands on the group.
 */
export function ChoiceGroup(props: {
  type: "radio" | "checkbox";
  name: string;
  legend: string;
  choices: Choice[];
  checked: readonly string[];
  hint?: string;
  error?: string;
}) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <fieldset aria-describedby={describedBy(props.name, props.hint, props.error)}>
        <legend>{props.legend}</legend>
        <HintAndError name={props.name} hint={props.hint} error={props.error} />
        <div class={props.type === "radio" ? "radios" : "checkboxes"}>
          {props.choices.map((choice, i) => {
            const id = i === 0 ? props.name : `${props.name}-${i + 1}`;
            return (
              <label>
                <input
                  type={props.type}
                  id={id}
                  name={props.name}
                  value={choice.value}
                  checked={props.checked.includes(choice.value)}
                />{" "}
                {choice.label}
                {choice.hint ? <span class="muted"> ({choice.hint})</span> : null}
              </label>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  hint?: string;
  error?: string;
}) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      <HintAndError name={props.name} hint={props.hint} error={props.error} />
      <select
        id={props.name}
        name={props.name}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
        aria-invalid={props.error ? "true" : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function describeSize(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}
