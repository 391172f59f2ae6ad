// The JSON API, described by OpenAPI (served at /api/openapi.json). Same sessions and the same
// permission matrix as the pages: each operation names the action it needs.
import { createRoute, OpenAPIHono, type RouteConfig, type RouteHandler, z } from "@hono/zod-openapi";
import { countPeopleBySchool } from "../../core/people/count-people-by-school";
import { ROLES } from "../../platform/auth/permissions";
import { capabilities } from "../capability";
import type { AppEnv, SignedInEnv } from "./context";
import { type Access, guard, PUBLIC, type RouteRule } from "./guard";

const ErrorBody = z.object({ error: z.string(), message: z.string() }).openapi("Error");

export class ApiRoutes {
  readonly app = new OpenAPIHono<AppEnv>();
  readonly rules: RouteRule[] = [];

  /** Registers an operation with its access rule; the rule also runs as the route's first middleware. */
  add<R extends RouteConfig>(config: R, access: Access, handler: RouteHandler<R, SignedInEnv>): this {
    const method = config.method.toUpperCase() as "GET" | "POST";
    const path = config.path.replace(/\{(\w+)\}/g, ":$1");
    this.rules.push({ method, path, access });
    const withErrors = {
      ...config,
      middleware: [guard(access)],
      responses: {
        ...config.responses,
        401: { description: "Not signed in", content: { "application/json": { schema: ErrorBody } } },
        403: {
          description: "The signed-in user lacks the permission",
          content: { "application/json": { schema: ErrorBody } },
        },
      },
    };
    // The guard has run first: the handler's context has its signed-in user.
    this.app.openapi(createRoute(withErrors as R), handler as unknown as RouteHandler<R, AppEnv>);
    return this;
  }
}

function addCoreOperations(api: ApiRoutes): void {
  api
    .add(
      {
        method: "get",
        path: "/api/v1/me",
        summary: "The signed-in person and their roles",
        responses: {
          200: {
            description: "The signed-in person",
            content: {
              "application/json": {
                schema: z.object({
                  id: z.string(),
                  email: z.string(),
                  name: z.string(),
                  roles: z.array(z.object({ role: z.enum(ROLES), schoolId: z.string().nullable() })),
                }),
              },
            },
          },
        },
      },
      { action: "own-record.view" },
      (c) => {
        const u = c.get("user");
        return c.json({ id: u.id, email: u.email, name: u.name, roles: u.roles }, 200);
      },
    )
    .add(
      {
        method: "get",
        path: "/api/v1/schools",
        summary: "Schools with head counts (no names: trustees may read it)",
        responses: {
          200: {
            description: "Schools",
            content: {
              "application/json": {
                schema: z.array(
                  z.object({
                    slug: z.string(),
                    name: z.string(),
                    phase: z.string(),
                    staff: z.number(),
                    pupils: z.number(),
                  }),
                ),
              },
            },
          },
        },
      },
      { action: "people.summary" },
      async (c) => {
        const { db } = c.get("services").database;
        const rows = (await countPeopleBySchool(db)).map(({ slug, name, phase, staff, pupils }) => ({
          slug,
          name,
          phase,
          staff,
          pupils,
        }));
        return c.json(rows, 200);
      },
    );
}

let built: ApiRoutes | null = null;

/** The API: the core's operations and every registered capability's, built once. */
export function apiRoutes(): ApiRoutes {
  if (built) return built;
  const api = new ApiRoutes();
  addCoreOperations(api);
  for (const capability of capabilities()) capability.api?.(api);
  api.rules.push({ method: "GET", path: "/api/openapi.json", access: PUBLIC });
  api.app.doc("/api/openapi.json", {
    openapi: "3.0.0",
    info: {
      title: "Conduct API",
      version: "1",
      description:
        "Sign in through the web pages; the API uses the same session cookie and permission matrix.",
    },
  });
  built = api;
  return api;
}
