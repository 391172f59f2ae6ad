/** @jsxImportSource hono/jsx */
// The page shell: skip link, landmarks, navigation by permission. Hono JSX escapes all text.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { SignedInUser } from "../../platform/auth/sessions";
import type { NavLink } from "../capability";
import { navFor } from "./navigation";
import { currentFlash } from "./request-context";

export function Layout(props: {
  title: string;
  user: SignedInUser | null;
  children?: Child;
  flash?: string | null;
  current?: string;
  wide?: boolean;
}) {
  const items = props.user ? navFor(props.user) : [];
  // A person's own pages first; the pages for leading a school or the trust on a row of their own,
  // so a principal's two dozen links read as two short lists.
  const own = items.filter((n) => !n.leading);
  const leading = items.filter((n) => n.leading);
  // The flash belongs to the request: every page shows it, whether or not its handler passed it.
  const flash = props.flash ?? currentFlash();
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en-GB">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · Conduct`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/app.js" defer />
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to main content
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              Conduct
            </a>
            {props.user ? (
              <nav aria-label="Main">
                {/* On a phone the links fold behind "Menu" (a disclosure that needs no script);
                    on a wide screen they always show (app.css, ::details-content). */}
                <details class="menu">
                  <summary>Menu</summary>
                  <NavList links={own} current={props.current} />
                  {leading.length > 0 ? (
                    <div class="nav-leading">
                      <span id="nav-leading">Leading:</span>
                      <NavList links={leading} current={props.current} labelledBy="nav-leading" />
                    </div>
                  ) : null}
                </details>
              </nav>
            ) : null}
            {props.user ? (
              <form method="post" action="/sign-out" class="sign-out">
                <span class="who">{props.user.name}</span>
                <button type="submit">Sign out</button>
              </form>
            ) : null}
          </header>
          <main id="main" class={props.wide ? "wide" : undefined} tabindex={-1}>
            {flash ? (
              <div class="flash" role="status">
                {flash}
              </div>
            ) : null}
            <h1>{props.title}</h1>
            {props.children}
          </main>
          <footer class="site-footer">
            <p>Conduct puts the trust's staff social media policy into practice.</p>
          </footer>
        </body>
      </html>
    </>
  );
}

/** A form field with its label, hint and error tied together for screen readers. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  autocomplete?: string;
}) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy}
        aria-invalid={props.error ? "true" : undefined}
      />
    </div>
  );
}

export function ErrorSummary(props: { errors: Record<string, string | undefined> }) {
  const entries = Object.entries(props.errors).filter(([, v]) => v);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${name}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NavList(props: { links: NavLink[]; current?: string; labelledBy?: string }) {
  return (
    <ul aria-labelledby={props.labelledBy}>
      {props.links.map((n) => (
        <li>
          <a href={n.href} aria-current={props.current === n.href ? "page" : undefined}>
            {n.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
