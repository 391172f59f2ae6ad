/** @jsxImportSource hono/jsx */
// Builds the HTTP application: security headers, CSRF, sessions, first-run redirect, then each
// capability's routes. Every route comes through a `Routes` table, so `routeRules` lists them all.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { StatusCode } from "hono/utils/http-status";
import { getCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { auditRoutes } from "../../platform/audit/routes";
import { notificationRoutes } from "../mail/notification-routes";
import { capabilities } from "../capability";
import { adminRoutes } from "./admin-routes";
import { calendarRoutes } from "../../core/calendar/routes";
import { peopleRoutes } from "../../core/people/routes";
import { rolesRoutes } from "../../core/people/roles-routes";
import { homeRoutes } from "./home-routes";
import { authRoutes } from "../../platform/auth/routes";
import { readSession, SESSION_COOKIE } from "../../platform/auth/sessions";
import { trustExists } from "../../core/people/set-up-trust";
import { apiRoutes } from "./api";
import type { AppEnv, Services } from "./context";
import { takeFlash } from "./flash";
import { runWithRequest } from "./request-context";
import { notFound, type RouteRule, wantsJson } from "./guard";
import { Layout } from "./layout";
import { limitBodies, refuseNulBytes } from "./request-limits";
import { noStoreWhenSignedIn } from "./no-store";
import { cancelIfAbandoned, isAbandonedRequestError } from "../cancel-abandoned";
import { keptWhileUnchanged } from "../kept-while-unchanged";
import type { SignedInUser } from "../auth/sessions";

/**
 * A session read is kept for a few seconds while nothing changes through this server: a sign-out,
 * a role given or taken away and a leaver's import here are seen at once; a sign-out through
 * another instance within 5 s.
 */
const keptSessions = keptWhileUnchanged<SignedInUser | null>({ keepMs: 5_000, maxEntries: 20_000 });

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC: Record<string, { body: string; type: string }> = {
  "/static/app.css": {
    body: readFileSync(path.join(here, "static/app.css"), "utf8"),
    type: "text/css; charset=utf-8",
  },
  "/static/app.js": {
    body: readFileSync(path.join(here, "static/app.js"), "utf8"),
    type: "text/javascript; charset=utf-8",
  },
};

/** Paths that work before the trust exists. */
const FIRST_RUN_PATHS = /^\/(setup|healthz|static\/|api\/openapi\.json)/;

export function allRoutes(): { app: Hono<AppEnv>; rules: RouteRule[] }[] {
  return [
    authRoutes,
    homeRoutes,
    peopleRoutes,
    rolesRoutes,
    calendarRoutes,
    adminRoutes,
    auditRoutes,
    notificationRoutes,
    apiRoutes(),
    ...capabilities().flatMap((c) => c.routes ?? []),
  ];
}

export function routeRules(): RouteRule[] {
  return allRoutes().flatMap((r) => r.rules);
}

export function createApp(services: Services) {
  const app = new Hono<AppEnv>();
  let setUp = false;

  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "same-origin",
      // A route that sets its own (the evidence download's sandbox CSP) keeps it.
      overwrite: false,
    }),
  );
  app.use("*", async (c, next) => {
    c.set("services", services);
    const started = performance.now();
    await next();
    services.logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  // A client that goes away takes its queries with it (cancel-abandoned.ts).
  app.use("*", (c, next) => cancelIfAbandoned(services.database.pool, c.req.raw.signal, next));
  app.use("*", limitBodies());
  const allowedOrigin = new URL(services.config.baseUrl).origin;
  app.use(
    "*",
    csrf({ origin: (origin, c) => origin === allowedOrigin || origin === new URL(c.req.url).origin }),
  );
  app.use("*", async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const { db, pool } = services.database;
    c.set(
      "user",
      token && token.length <= 100 ? await keptSessions.get(pool, token, () => readSession(db, token)) : null,
    );
    const flash = takeFlash(c);
    c.set("flash", flash);
    await runWithRequest({ flash }, next);
  });
  app.use("*", refuseNulBytes(), noStoreWhenSignedIn());
  app.use("*", async (c, next) => {
    if (!setUp && !FIRST_RUN_PATHS.test(c.req.path)) {
      setUp = await trustExists(services.database.db);
      if (!setUp) return c.redirect("/setup", 303);
    }
    return next();
  });

  for (const [p, file] of Object.entries(STATIC)) {
    app.get(p, (c) =>
      c.body(file.body, 200, { "content-type": file.type, "cache-control": "public, max-age=3600" }),
    );
  }
  for (const routes of allRoutes()) app.route("/", routes.app);

  app.notFound((c) => notFound(c));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 403) {
      // hono/csrf refused a form posted from another site (or with no Origin header).
      const message =
        "This form was not sent from Conduct itself, so it was refused and nothing was changed. Go back, reload the page and try again.";
      if (wantsJson(c)) return c.json({ error: "csrf", message }, 403);
      return c.html(
        <Layout title="Request refused" user={c.get("user") ?? null}>
          <p>{message}</p>
        </Layout>,
        403,
      );
    }
    if (error instanceof HTTPException) return error.getResponse();
    if (isAbandonedRequestError(error, c.req.raw.signal)) {
      // Nobody is waiting for an answer: 499 is nginx's "client closed request", for the access log.
      services.logger.info({ path: c.req.path }, "client went away");
      return c.body(null, 499 as StatusCode);
    }
    services.logger.error({ err: error, path: c.req.path }, "request failed");
    if (wantsJson(c))
      return c.json(
        { error: "internal", message: "Something went wrong on our side. It has been logged." },
        500,
      );
    return c.html(
      <Layout title="Something went wrong" user={c.get("user") ?? null}>
        <p>
          Something went wrong on our side and it has been logged. Nothing you submitted was half-saved. Try
          again, and if it keeps happening tell your trust administrator.
        </p>
      </Layout>,
      500,
    );
  });
  return app;
}
