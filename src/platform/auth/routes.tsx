/** @jsxImportSource hono/jsx */
// Signing in and out: email and password, password reset by emailed link, and single sign-on.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { Db } from "../db";
import type { AppEnv } from "../../platform/web/context";
import { ErrorSummary, Field, Layout } from "../../platform/web/layout";
import { setFlash } from "../../platform/web/flash";
import { PUBLIC, Routes } from "../../platform/web/guard";
import { hashPassword, MAX_EMAIL_LENGTH, passwordProblem, verifyPassword } from "./passwords";
import { oidcLogins, passwordResets, users } from "./schema";
import {
  endAllSessions,
  endSession,
  notALeaver,
  SESSION_COOKIE,
  SESSION_HOURS,
  startSession,
} from "./sessions";
import { beginSignIn, finishSignIn, providerConfiguration } from "./sso";
import { RESET_LINK_MINUTES, requestPasswordReset } from "./request-password-reset";
import { tokenDigest } from "./tokens";

export { RESET_LINK_MINUTES };
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MINUTES = 15;

/** Wrong passwords for this address lately, from the audit trail (so every instance sees them). */
async function recentFailures(db: Db, email: string): Promise<number> {
  const result = await db.execute(
    sql`select count(*)::int as n from audit_events
        where action = 'sign-in.refused' and detail->>'email' = ${email}
          and at > now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES})`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

export function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("services").config.secureCookies,
    path: "/",
    maxAge: SESSION_HOURS * 3600,
  });
}

/** Only local paths, so a crafted link cannot send someone to another site after signing in. */
export function safeNext(next: string | undefined): string {
  // No control characters: browsers drop tabs and newlines, so "/\t/evil.example" means "//evil.example".
  return next && /^\/(?![/\\])[^\x00-\x1f\x7f]*$/.test(next) ? next : "/";
}

function SignInPage(props: {
  c: Context<AppEnv>;
  email?: string;
  error?: string;
  next?: string;
  status?: string;
}) {
  const { config } = props.c.get("services");
  return (
    <Layout title="Sign in" user={null} flash={props.status}>
      <ErrorSummary errors={{ email: props.error }} />
      <form method="post" action="/sign-in" class="stack" novalidate>
        <input type="hidden" name="next" value={safeNext(props.next)} />
        <Field
          name="email"
          label="Email address"
          type="email"
          autocomplete="username"
          value={props.email}
          required
        />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/password/forgot">Forgotten your password?</a>
      </p>
      {config.oidcProviders.length > 0 ? (
        <section aria-labelledby="sso-heading">
          <h2 id="sso-heading">Or sign in with your school account</h2>
          <ul class="sso">
            {config.oidcProviders.map((p) => (
              <li>
                <a
                  class="button secondary"
                  href={`/auth/sso/${p.id}?next=${encodeURIComponent(safeNext(props.next))}`}
                >
                  Sign in with {p.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

export const authRoutes = new Routes()
  .get("/sign-in", PUBLIC, (c) => {
    if (c.get("user")) return c.redirect("/", 303);
    return c.html(<SignInPage c={c} next={c.req.query("next")} />);
  })
  .post("/sign-in", PUBLIC, async (c) => {
    const { database } = c.get("services");
    const form = await c.req.parseBody();
    const email = String(form.email ?? "")
      .trim()
      .toLowerCase();
    const password = String(form.password ?? "");
    const next = String(form.next ?? "/");
    if (email.length > MAX_EMAIL_LENGTH) {
      return c.html(
        <SignInPage
          c={c}
          next={next}
          error={`That is not an email address: addresses are at most ${MAX_EMAIL_LENGTH} characters.`}
        />,
        400,
      );
    }
    if (email && (await recentFailures(database.db, email)) >= MAX_FAILURES) {
      // Checked before the password, so guessing cannot go on at any speed.
      return c.html(
        <SignInPage
          c={c}
          email={email}
          next={next}
          error={`Too many wrong passwords for this address. Wait ${FAILURE_WINDOW_MINUTES} minutes, or reset your password.`}
        />,
        429,
      );
    }
    const [user] = email
      ? await database.db
          .select()
          .from(users)
          .where(and(eq(sql`lower(${users.email})`, email), eq(users.active, true), notALeaver))
          .limit(1)
      : [];
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await recordAuditEvent(database.db, {
        actor: { id: null, label: "anonymous" },
        action: "sign-in.refused",
        subjectType: "user",
        subjectId: user?.id ?? null,
        detail: { email },
      });
      return c.html(
        <SignInPage c={c} email={email} next={next} error="The email address or password is not right." />,
        401,
      );
    }
    const token = await startSession(database.db, user.id, "password");
    await recordAuditEvent(database.db, {
      actor: { id: user.id, label: user.email },
      action: "sign-in",
      subjectType: "user",
      subjectId: user.id,
      detail: { via: "password" },
    });
    setSessionCookie(c, token);
    return c.redirect(safeNext(next), 303);
  })
  .post("/sign-out", PUBLIC, async (c) => {
    await endSession(c.get("services").database.db, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/sign-in", 303);
  })
  .get("/password/forgot", PUBLIC, (c) =>
    c.html(
      <Layout title="Reset your password" user={c.get("user")}>
        <p>
          Enter the email address you use for Conduct. If it has an account, we will email a link to set a new
          password. The link works once, for {RESET_LINK_MINUTES} minutes.
        </p>
        <form method="post" action="/password/forgot" class="stack">
          <Field name="email" label="Email address" type="email" autocomplete="username" required />
          <button type="submit">Email me a link</button>
        </form>
      </Layout>,
    ),
  )
  .post("/password/forgot", PUBLIC, async (c) => {
    const { database, mailer, config, logger } = c.get("services");
    const email = String((await c.req.parseBody()).email ?? "")
      .trim()
      .toLowerCase()
      .slice(0, MAX_EMAIL_LENGTH);
    // Equal work for a known and an unknown address: the reply waits for no lookup at all; the
    // request is handled after it (look up, throttle, void older links, email).
    if (email)
      setImmediate(
        () =>
          void requestPasswordReset({ db: database.db, mailer, baseUrl: config.baseUrl, email }).catch(
            (error) => logger.error({ err: error }, "password reset request failed"),
          ),
      );
    // The same answer either way, so the form does not reveal who has an account.
    return c.html(
      <Layout title="Check your email" user={c.get("user")}>
        <p>
          If {email || "that address"} has a Conduct account, we have sent it a link to set a new password.
        </p>
      </Layout>,
    );
  })
  .get("/password/reset/:token", PUBLIC, async (c) => {
    const valid = await findReset(c, c.req.param("token") ?? "");
    if (!valid) return expiredReset(c);
    return c.html(<ResetPage token={c.req.param("token") ?? ""} />);
  })
  .post("/password/reset/:token", PUBLIC, async (c) => {
    const { database } = c.get("services");
    const token = c.req.param("token") ?? "";
    const reset = await findReset(c, token);
    if (!reset) return expiredReset(c);
    const form = await c.req.parseBody();
    const password = String(form.password ?? "");
    const problem =
      passwordProblem(password) ??
      (password !== String(form.confirm ?? "") ? "The two passwords are not the same." : null);
    if (problem) return c.html(<ResetPage token={token} error={problem} />, 400);
    const passwordHash = await hashPassword(password);
    const sessionToken = await database.db.transaction(async (tx) => {
      // Claim the link first: a second use (or a race) finds it used and changes nothing.
      const claimed = await tx
        .update(passwordResets)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResets.id, tokenDigest(token)), isNull(passwordResets.usedAt)))
        .returning({ userId: passwordResets.userId });
      if (claimed.length === 0) return null;
      await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId));
      // A changed password voids every other link of the account, older or newer.
      await tx
        .update(passwordResets)
        .set({ usedAt: new Date() })
        .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
      await endAllSessions(tx, reset.userId);
      await recordAuditEvent(tx, {
        actor: { id: reset.userId, label: "password reset link" },
        action: "password-reset.completed",
        subjectType: "user",
        subjectId: reset.userId,
      });
      return startSession(tx, reset.userId, "reset");
    });
    if (!sessionToken) return expiredReset(c);
    setSessionCookie(c, sessionToken);
    setFlash(c, "Your password has been changed.");
    return c.redirect("/", 303);
  })
  .get("/auth/sso/:provider", PUBLIC, async (c) => {
    const { config, database } = c.get("services");
    const provider = config.oidcProviders.find((p) => p.id === c.req.param("provider"));
    if (!provider)
      return c.html(
        <Layout title="Not found" user={null}>
          <p>That sign-in method is not set up here.</p>
        </Layout>,
        404,
      );
    let configuration: Awaited<ReturnType<typeof providerConfiguration>>;
    try {
      configuration = await providerConfiguration(provider, config.oidcAllowHttp);
    } catch (error) {
      c.get("services").logger.error({ err: error, provider: provider.id }, "OIDC discovery failed");
      return ssoFailure(
        c,
        `We could not reach ${provider.label} to sign you in. Try again shortly, or sign in with your password.`,
        502,
      );
    }
    const begun = await beginSignIn(configuration, `${config.baseUrl}/auth/sso/${provider.id}/callback`);
    await database.db.insert(oidcLogins).values({
      state: begun.state,
      provider: provider.id,
      codeVerifier: begun.codeVerifier,
      nonce: begun.nonce,
      returnTo: safeNext(c.req.query("next")),
      expiresAt: new Date(Date.now() + 10 * 60_000),
    });
    return c.redirect(begun.url.href, 302);
  })
  .get("/auth/sso/:provider/callback", PUBLIC, async (c) => {
    const { config, database, logger } = c.get("services");
    const provider = config.oidcProviders.find((p) => p.id === c.req.param("provider"));
    const state = c.req.query("state") ?? "";
    if (!provider || !state)
      return ssoFailure(c, "This sign-in link is not valid. Start again from the sign-in page.", 400);
    const [login] = await database.db
      .delete(oidcLogins)
      .where(
        and(
          eq(oidcLogins.state, state),
          eq(oidcLogins.provider, provider.id),
          gt(oidcLogins.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!login)
      return ssoFailure(
        c,
        "This sign-in attempt has expired or was already used. Start again from the sign-in page.",
        400,
      );
    let identity: Awaited<ReturnType<typeof finishSignIn>>;
    try {
      const current = new URL(c.req.url);
      const callbackUrl = new URL(`${config.baseUrl}${current.pathname}${current.search}`);
      identity = await finishSignIn(
        await providerConfiguration(provider, config.oidcAllowHttp),
        callbackUrl,
        login,
      );
    } catch (error) {
      logger.warn({ err: error, provider: provider.id }, "OIDC sign-in refused");
      return ssoFailure(
        c,
        `${provider.label} did not confirm who you are (${(error as Error).message}). Start again from the sign-in page.`,
        401,
      );
    }
    const [user] = await database.db
      .select()
      .from(users)
      .where(and(eq(sql`lower(${users.email})`, identity.email), eq(users.active, true), notALeaver))
      .limit(1);
    if (!user) {
      await recordAuditEvent(database.db, {
        actor: { id: null, label: `${provider.id}:${identity.email}` },
        action: "sign-in.refused",
        subjectType: "user",
        detail: { via: provider.id, email: identity.email, reason: "no account" },
      });
      return ssoFailure(
        c,
        `${identity.email} has no Conduct account. Ask your trust administrator to add you.`,
        403,
      );
    }
    const token = await startSession(database.db, user.id, "sso");
    await recordAuditEvent(database.db, {
      actor: { id: user.id, label: user.email },
      action: "sign-in",
      subjectType: "user",
      subjectId: user.id,
      detail: { via: provider.id },
    });
    setSessionCookie(c, token);
    return c.redirect(safeNext(login.returnTo ?? "/"), 303);
  });

async function findReset(c: Context<AppEnv>, token: string) {
  const [reset] = await c
    .get("services")
    .database.db.select()
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.id, tokenDigest(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return reset ?? null;
}

function expiredReset(c: Context<AppEnv>) {
  return c.html(
    <Layout title="This link has expired" user={c.get("user")}>
      <p>
        This password reset link has expired or has already been used. Links work once, for{" "}
        {RESET_LINK_MINUTES} minutes.
      </p>
      <p>
        <a href="/password/forgot">Ask for a new link</a>.
      </p>
    </Layout>,
    410,
  );
}

function ssoFailure(c: Context<AppEnv>, message: string, status: 400 | 401 | 403 | 502) {
  return c.html(
    <Layout title="Sign-in did not work" user={null}>
      <p>{message}</p>
      <p>
        <a href="/sign-in">Back to sign in</a>
      </p>
    </Layout>,
    status,
  );
}

function ResetPage(props: { token: string; error?: string }) {
  return (
    <Layout title="Choose a new password" user={null}>
      <ErrorSummary errors={{ password: props.error }} />
      <form method="post" action={`/password/reset/${props.token}`} class="stack">
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="At least 12 characters. A few unrelated words work well."
          error={props.error}
          required
        />
        <Field
          name="confirm"
          label="New password again"
          type="password"
          autocomplete="new-password"
          required
        />
        <button type="submit">Set password</button>
      </form>
    </Layout>
  );
}
