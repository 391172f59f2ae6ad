/** @jsxImportSource hono/jsx */
// Every route names who may use it. Routes are declared through `Routes`, which records each
// rule so the authorisation test can walk every route as every role.
import type { Context, Handler, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { type Action, can } from "../../platform/auth/permissions";
import { schools } from "../../core/people/schema";
import { eq } from "drizzle-orm";
import type { AppEnv, SignedInEnv } from "./context";

export type { RouteSchool, SignedInEnv } from "./context";
import { Layout } from "./layout";
import { recordRefusal } from "./record-refusal";

export type Access =
  | { public: true }
  | {
      action: Action;
      /** The route's school, from a `:school` slug in the path: school roles hold only there. */
      schoolParam?: string;
    };

export type RouteRule = { method: "GET" | "POST"; path: string; access: Access };

export const PUBLIC = { public: true } as const satisfies Access;

export function wantsJson(c: Context): boolean {
  return c.req.path.startsWith("/api/") || (c.req.header("accept") ?? "").startsWith("application/json");
}

export function forbidden<E extends AppEnv | SignedInEnv>(
  c: Context<E>,
  message = "You do not have permission to see this page.",
) {
  if (wantsJson(c)) return c.json({ error: "forbidden", message }, 403);
  return c.html(
    <Layout title="Not allowed" user={c.get("user")}>
      <p>{message}</p>
      <p>
        If you think you should have access, ask your trust administrator. <a href="/">Go to the home page</a>
        .
      </p>
    </Layout>,
    403,
  );
}

export function notFound<E extends AppEnv | SignedInEnv>(c: Context<E>, what = "page") {
  if (wantsJson(c)) return c.json({ error: "not_found", message: `No such ${what}.` }, 404);
  return c.html(
    <Layout title="Not found" user={c.get("user")}>
      <p>
        There is no such {what}. Check the address, or go to the <a href="/">home page</a>.
      </p>
    </Layout>,
    404,
  );
}

export function guard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if ("public" in access) return next();
    const user = c.get("user");
    if (!user) {
      if (wantsJson(c) || c.req.method !== "GET")
        return c.json({ error: "unauthenticated", message: "Sign in first." }, 401);
      return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    if (!can(user, access.action)) {
      await recordRefusal(c, access.action);
      return forbidden(c);
    }
    if (access.schoolParam) {
      const slug = c.req.param(access.schoolParam);
      const { db } = c.get("services").database;
      const [school] = slug
        ? await db
            .select({ id: schools.id, slug: schools.slug, name: schools.name, timeZone: schools.timeZone })
            .from(schools)
            .where(eq(schools.slug, slug))
            .limit(1)
        : [];
      if (!school) return notFound(c, "school");
      if (!can(user, access.action, { schoolId: school.id })) {
        await recordRefusal(c, access.action, school.id);
        return forbidden(c);
      }
      (c as unknown as Context<SignedInEnv>).set("school", school);
    }
    return next();
  };
}

type PublicAccess = { public: true };
type RuleAccess = Exclude<Access, PublicAccess>;

export class Routes {
  readonly app = new Hono<AppEnv>();
  readonly rules: RouteRule[] = [];

  get(path: string, access: PublicAccess, handler: Handler<AppEnv>): this;
  get(path: string, access: RuleAccess, handler: Handler<SignedInEnv>): this;
  get(path: string, access: Access, handler: Handler<AppEnv> | Handler<SignedInEnv>): this {
    this.rules.push({ method: "GET", path, access });
    this.app.get(path, guard(access), handler as Handler<AppEnv>);
    return this;
  }

  post(path: string, access: PublicAccess, handler: Handler<AppEnv>): this;
  post(path: string, access: RuleAccess, handler: Handler<SignedInEnv>): this;
  post(path: string, access: Access, handler: Handler<AppEnv> | Handler<SignedInEnv>): this {
    this.rules.push({ method: "POST", path, access });
    this.app.post(path, guard(access), handler as Handler<AppEnv>);
    return this;
  }
}
