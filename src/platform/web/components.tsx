/** @jsxImportSource hono/jsx */
// Form controls in the GOV.UK design system's patterns: every control has a label, its hint and its
// error tied to it for screen readers (aria-describedby), and radios or checkboxes sit in a fieldset
// with a legend. Pair them with ErrorSummary (layout.tsx) and readForm (form.ts).
import type { Child } from "hono/jsx";

export function describedBy(name: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
}

export function HintAndError(props: { name: string; hint?: string; error?: string }) {
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

/**
 * An accessible table: a caption, column headers with scope, and cells that may hold anything. On a
 * phone its rows stack into cards, each cell headed by its column's name (data-label, app.css), so
 * nothing scrolls sideways at 375 px; between a phone and a wide screen it scrolls inside itself.
 */
export function DataTable<Row>(props: {
  caption: string;
  /** `labelHidden`: the header is for screen readers only (a column of buttons, say). */
  columns: { label: string; numeric?: boolean; labelHidden?: boolean; cell: (row: Row) => Child }[];
  rows: readonly Row[];
  empty?: string;
}) {
  if (props.rows.length === 0) return <p>{props.empty ?? "Nothing to show."}</p>;
  return (
    // Focusable and named, so a keyboard user can scroll a table wider than a tablet (WCAG 2.1.1).
    <section class="table-scroll" tabindex={0} aria-label={props.caption}>
      <table class="cards-on-phone">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" class={column.numeric ? "num" : undefined}>
                {column.labelHidden ? <span class="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((column) => (
                <td
                  class={column.numeric ? "num" : undefined}
                  data-label={column.labelHidden ? "" : column.label}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
