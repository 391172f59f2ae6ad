/** @jsxImportSource hono/jsx */
// The step-up pages: re-enter the password (or a TOTP code), and enrol an authenticator app.
import type { Context } from "hono";
import { ErrorSummary, Field, Layout } from "../../platform/web/layout";
import { Routes, type SignedInEnv } from "../../platform/web/guard";
import { safeNext } from "./routes";
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  mustUseTotp,
  STEP_UP_MINUTES,
  stepUp,
  totpEnrolled,
} from "./step-up";

async function StepUpPage(props: {
  c: Context<SignedInEnv>;
  next: string;
  error?: { field: string; message: string };
}) {
  const user = props.c.get("user");
  const { db } = props.c.get("services").database;
  const enrolled = await totpEnrolled(db, user.id);
  const mustEnrol = !enrolled && mustUseTotp(user);
  return (
    <Layout title="Confirm it is you" user={user}>
      <ErrorSummary errors={props.error ? { [props.error.field]: props.error.message } : {}} />
      <p>
        This page holds sensitive records. Confirm it is you; it lasts {STEP_UP_MINUTES} minutes on this
        device.
      </p>
      {mustEnrol ? (
        <p>
          Your role holds safeguarding or HR records, so you need an authenticator app.{" "}
          <a href={`/step-up/app?next=${encodeURIComponent(props.next)}`}>Set up an authenticator app</a>.
        </p>
      ) : (
        <form method="post" action="/step-up" class="stack" novalidate>
          <input type="hidden" name="next" value={props.next} />
          {enrolled ? (
            <Field
              name="code"
              label="Code from your authenticator app"
              autocomplete="one-time-code"
              required
            />
          ) : (
            <Field
              name="password"
              label="Your password"
              type="password"
              autocomplete="current-password"
              required
            />
          )}
          <button type="submit">Confirm</button>
        </form>
      )}
    </Layout>
  );
}

export const stepUpRoutes = new Routes()
  .get("/step-up", { action: "home.view" }, async (c) =>
    c.html(await StepUpPage({ c, next: safeNext(c.req.query("next")) })),
  )
  .post("/step-up", { action: "home.view" }, async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(String(form.next ?? "/"));
    const { db } = c.get("services").database;
    const result = await stepUp(db, c.get("user"), {
      password: typeof form.password === "string" ? form.password : undefined,
      code: typeof form.code === "string" ? form.code : undefined,
    });
    if (!result.ok) return c.html(await StepUpPage({ c, next, error: result }), 400);
    return c.redirect(next, 303);
  })
  .get("/step-up/app", { action: "home.view" }, async (c) => {
    const user = c.get("user");
    const next = safeNext(c.req.query("next"));
    const begun = await beginTotpEnrolment(c.get("services").database.db, user);
    if (begun.alreadyEnrolled) return c.redirect(`/step-up?next=${encodeURIComponent(next)}`, 303);
    return c.html(<EnrolPage user={user} next={next} secret={begun.secret} uri={begun.uri} />);
  })
  .post("/step-up/app", { action: "home.view" }, async (c) => {
    const user = c.get("user");
    const form = await c.req.parseBody();
    const next = safeNext(String(form.next ?? "/"));
    const { db } = c.get("services").database;
    const result = await confirmTotpEnrolment(db, user, String(form.code ?? ""));
    if (!result.ok) {
      const begun = await beginTotpEnrolment(db, user);
      if (begun.alreadyEnrolled) return c.redirect(`/step-up?next=${encodeURIComponent(next)}`, 303);
      return c.html(
        <EnrolPage user={user} next={next} secret={begun.secret} uri={begun.uri} error={result.message} />,
        400,
      );
    }
    return c.redirect(next, 303);
  });

function EnrolPage(props: {
  user: SignedInEnv["Variables"]["user"];
  next: string;
  secret: string;
  uri: string;
  error?: string;
}) {
  return (
    <Layout title="Set up an authenticator app" user={props.user}>
      <ErrorSummary errors={{ code: props.error }} />
      <ol>
        <li>In your authenticator app, add an account by entering a key.</li>
        <li>
          Enter this key: <code id="totp-secret">{props.secret}</code> (time-based, 6 digits).
        </li>
        <li>Enter the code the app shows.</li>
      </ol>
      <p class="muted">
        Or open this link on the phone with the app: <a href={props.uri}>add to authenticator</a>
      </p>
      <form method="post" action="/step-up/app" class="stack" novalidate>
        <input type="hidden" name="next" value={props.next} />
        <Field name="code" label="Code from your authenticator app" autocomplete="one-time-code" required />
        <button type="submit">Set up</button>
      </form>
    </Layout>
  );
}
